"""Load balancers span at least two Availability Zones (Security Hub ELB.13).

https://docs.aws.amazon.com/elasticloadbalancing/latest/userguide/how-elastic-load-balancing-works.html
"""

from __future__ import annotations

from collections.abc import Iterator

from keyaki.checks.registry import Check, Meta, Result, Scope, Where
from keyaki.findings.model import Severity
from keyaki.snapshot.views import elbv2
from keyaki.snapshot.views.elbv2 import LoadBalancer

META = Meta(
    id="elbv2_multi_az",
    title="Load balancers span at least two Availability Zones",
    severity=Severity.MEDIUM,
    service="elbv2",
    resource_type="AWS::ElasticLoadBalancingV2::LoadBalancer",
    rationale="A single-zone load balancer fails with its zone.",
    remediation="`aws elbv2 set-subnets --load-balancer-arn ARN --subnets SUBNET_A SUBNET_B`",
    doc="https://docs.aws.amazon.com/elasticloadbalancing/latest/userguide/how-elastic-load-balancing-works.html",
    needs=("elbv2 describe-load-balancers",),
)


def run(where: Where, lbs: tuple[LoadBalancer, ...]) -> Iterator[Result]:
    for lb in lbs:
        zones = sorted(set(lb.zones))
        yield where.result(len(zones) >= 2, lb.arn, f"`{lb.name}` spans {len(zones)} zone(s): {zones}")


CHECK = Check(META, Scope.REGION, elbv2.load, run)
