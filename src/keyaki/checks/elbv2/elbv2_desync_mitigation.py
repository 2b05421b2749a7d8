"""Application load balancers use defensive or strictest desync mitigation (Security Hub ELB.12).

https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#desync-mitigation-mode
"""

from keyaki.checks.elbv2._attr import NEEDS, attribute_check
from keyaki.checks.registry import Meta
from keyaki.findings.model import Severity

CHECK = attribute_check(
    Meta(
        id="elbv2_desync_mitigation",
        title="Application load balancers use defensive or strictest desync mitigation",
        severity=Severity.MEDIUM,
        service="elbv2",
        resource_type="AWS::ElasticLoadBalancingV2::LoadBalancer",
        rationale="HTTP desync (request smuggling) lets an attacker poison other users' requests.",
        remediation="`aws elbv2 modify-load-balancer-attributes --load-balancer-arn ARN --attributes "
        "Key=routing.http.desync_mitigation_mode,Value=defensive`",
        doc="https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html",
        needs=NEEDS,
    ),
    "routing.http.desync_mitigation_mode",
    lambda v: v in (None, "defensive", "strictest"),
    ("application",),
)
