"""EC2 instances have no public IPv4 address (Security Hub EC2.9).

https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-9
"""

from __future__ import annotations

from collections.abc import Iterator

from keyaki.checks.registry import Check, Meta, Result, Scope, Where
from keyaki.findings.model import Severity
from keyaki.snapshot.views import ec2
from keyaki.snapshot.views.ec2 import Instance

META = Meta(
    id="ec2_instance_public_ip",
    title="EC2 instances have no public IPv4 address",
    severity=Severity.HIGH,
    service="ec2",
    resource_type="AWS::EC2::Instance",
    rationale="A public address makes the instance directly addressable from the internet; use load balancers.",
    remediation="Relaunch without a public IP (`--no-associate-public-ip-address`) or "
    "`aws ec2 disassociate-address --association-id ID` for an Elastic IP",
    doc="https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/using-instance-addressing.html",
    needs=("ec2 describe-instances",),
)


def run(where: Where, items: tuple[Instance, ...]) -> Iterator[Result]:
    for i in items:
        if i.state not in ("terminated", "shutting-down"):
            summary = f"`{i.id}` has public IP {i.public_ip}" if i.public_ip else f"`{i.id}` has no public IP"
            yield where.result(i.public_ip is None, i.arn, summary)


CHECK = Check(META, Scope.REGION, ec2.instances, run)
