"""Non-default security groups are attached to at least one network interface (Security Hub EC2.22).

https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-22
"""

from __future__ import annotations

from collections.abc import Iterator

from keyaki.checks.ec2._sg import sg_arn
from keyaki.checks.registry import Check, Meta, Result, Scope, Where
from keyaki.findings.model import Severity
from keyaki.snapshot import Snapshot
from keyaki.snapshot.views import ec2
from keyaki.snapshot.views.ec2 import SecurityGroup

META = Meta(
    id="ec2_sg_unused",
    title="Unused security groups are removed",
    severity=Severity.LOW,
    service="ec2",
    resource_type="AWS::EC2::SecurityGroup",
    rationale="Unused groups with broad rules are traps: the next instance attached to one inherits them.",
    remediation="`aws ec2 delete-security-group --group-id SG`",
    doc="https://docs.aws.amazon.com/vpc/latest/userguide/working-with-security-groups.html#deleting-security-groups",
    needs=("ec2 describe-security-groups", "ec2 describe-network-interfaces"),
)

Data = tuple[tuple[SecurityGroup, ...], frozenset[str]]


def load(snap: Snapshot, account: str, region: str) -> Data:
    return ec2.security_groups(snap, account, region), ec2.interface_groups(snap, account, region)


def run(where: Where, data: Data) -> Iterator[Result]:
    groups, used = data
    for sg in groups:
        if sg.name != "default":
            state = "is attached to a network interface" if sg.id in used else "is attached to nothing"
            yield where.result(sg.id in used, sg_arn(where, sg), f"`{sg.id}` ({sg.name}) {state}")


CHECK = Check(META, Scope.REGION, load, run)
