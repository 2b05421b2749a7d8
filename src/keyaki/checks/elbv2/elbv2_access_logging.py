"""Load balancers write access logs (Security Hub ELB.5).

https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html
"""

from keyaki.checks.elbv2._attr import NEEDS, attribute_check
from keyaki.checks.registry import Meta
from keyaki.findings.model import Severity

CHECK = attribute_check(
    Meta(
        id="elbv2_access_logging",
        title="Load balancers write access logs",
        severity=Severity.MEDIUM,
        service="elbv2",
        resource_type="AWS::ElasticLoadBalancingV2::LoadBalancer",
        rationale="Access logs are the record of who called the application, needed in any investigation.",
        remediation="`aws elbv2 modify-load-balancer-attributes --load-balancer-arn ARN --attributes "
        "Key=access_logs.s3.enabled,Value=true Key=access_logs.s3.bucket,Value=BUCKET`",
        doc="https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html",
        needs=NEEDS,
    ),
    "access_logs.s3.enabled",
    lambda v: v == "true",
    ("application", "network"),
)
