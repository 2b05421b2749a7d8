"""Load balancers have deletion protection (Security Hub ELB.6).

https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#deletion-protection
"""

from keyaki.checks.elbv2._attr import NEEDS, attribute_check
from keyaki.checks.registry import Meta
from keyaki.findings.model import Severity

CHECK = attribute_check(
    Meta(
        id="elbv2_deletion_protection",
        title="Load balancers have deletion protection",
        severity=Severity.LOW,
        service="elbv2",
        resource_type="AWS::ElasticLoadBalancingV2::LoadBalancer",
        rationale="Deleting the entry point of a service by mistake is an outage.",
        remediation="`aws elbv2 modify-load-balancer-attributes --load-balancer-arn ARN --attributes "
        "Key=deletion_protection.enabled,Value=true`",
        doc="https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html",
        needs=NEEDS,
    ),
    "deletion_protection.enabled",
    lambda v: v == "true",
    ("application", "network", "gateway"),
)
