"""Transit gateways do not auto-accept shared VPC attachments (Security Hub EC2.23).

https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-23
"""

from __future__ import annotations

from collections.abc import Iterator

from keyaki.checks.registry import Check, Meta, Result, Scope, Where
from keyaki.findings.model import Severity
from keyaki.snapshot.views import ec2
from keyaki.snapshot.views.ec2 import Simple

META = Meta(
    id="ec2_tgw_auto_accept",
    title="Transit gateways do not auto-accept attachment requests",
    severity=Severity.HIGH,
    service="ec2",
    resource_type="AWS::EC2::TransitGateway",
    rationale="Auto-accept lets any account the gateway is shared with join its network without review.",
    remediation="`aws ec2 modify-transit-gateway --transit-gateway-id TGW --options "
    "AutoAcceptSharedAttachments=disable`",
    doc="https://docs.aws.amazon.com/vpc/latest/tgw/tgw-transit-gateways.html",
    needs=("ec2 describe-transit-gateways",),
)


def run(where: Where, tgws: tuple[Simple, ...]) -> Iterator[Result]:
    for t in tgws:
        yield where.result(t.value != "enable", t.arn, f"`{t.id}` has AutoAcceptSharedAttachments={t.value}")


CHECK = Check(META, Scope.REGION, ec2.transit_gateways, run)
