"""Application load balancers drop invalid HTTP headers (Security Hub ELB.4).

https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#load-balancer-attributes
"""

from keyaki.checks.elbv2._attr import NEEDS, attribute_check
from keyaki.checks.registry import Meta
from keyaki.findings.model import Severity

CHECK = attribute_check(
    Meta(
        id="elbv2_drop_invalid_headers",
        title="Application load balancers drop invalid HTTP headers",
        severity=Severity.MEDIUM,
        service="elbv2",
        resource_type="AWS::ElasticLoadBalancingV2::LoadBalancer",
        rationale="Malformed headers passed to targets enable request smuggling and header injection.",
        remediation="`aws elbv2 modify-load-balancer-attributes --load-balancer-arn ARN --attributes "
        "Key=routing.http.drop_invalid_header_fields.enabled,Value=true`",
        doc="https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html",
        needs=NEEDS,
    ),
    "routing.http.drop_invalid_header_fields.enabled",
    lambda v: v == "true",
    ("application",),
)
