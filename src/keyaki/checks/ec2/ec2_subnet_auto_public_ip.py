"""Subnets do not assign public IPv4 addresses automatically (Security Hub EC2.15).

https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-15
"""

from __future__ import annotations

from collections.abc import Iterator

from keyaki.checks.registry import Check, Meta, Result, Scope, Where
from keyaki.findings.model import Severity
from keyaki.snapshot.views import ec2
from keyaki.snapshot.views.ec2 import Subnet

META = Meta(
    id="ec2_subnet_auto_public_ip",
    title="Subnets do not auto-assign public IP addresses",
    severity=Severity.MEDIUM,
    service="ec2",
    resource_type="AWS::EC2::Subnet",
    rationale="Every instance launched in such a subnet becomes internet-addressable by default.",
    remediation="`aws ec2 modify-subnet-attribute --subnet-id SUBNET --no-map-public-ip-on-launch`",
    doc="https://docs.aws.amazon.com/vpc/latest/userguide/subnet-public-ip.html",
    needs=("ec2 describe-subnets",),
)


def run(where: Where, items: tuple[Subnet, ...]) -> Iterator[Result]:
    for s in items:
        yield where.result(not s.maps_public_ip, s.arn, f"`{s.id}` has MapPublicIpOnLaunch={s.maps_public_ip}")


CHECK = Check(META, Scope.REGION, ec2.subnets, run)
