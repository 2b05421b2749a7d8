"""Network ACLs are associated with a subnet (Security Hub EC2.16).

https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-16
"""

from __future__ import annotations

from collections.abc import Iterator

from keyaki.checks.registry import Check, Meta, Result, Scope, Where
from keyaki.findings.model import Severity
from keyaki.snapshot.views import ec2
from keyaki.snapshot.views.ec2 import NetworkAcl

META = Meta(
    id="ec2_nacl_unused",
    title="Unused network ACLs are removed",
    severity=Severity.LOW,
    service="ec2",
    resource_type="AWS::EC2::NetworkAcl",
    rationale="Unassociated ACLs clutter reviews and can be attached by mistake.",
    remediation="`aws ec2 delete-network-acl --network-acl-id ACL`",
    doc="https://docs.aws.amazon.com/vpc/latest/userguide/network-acls.html",
    needs=("ec2 describe-network-acls",),
)


def run(where: Where, acls: tuple[NetworkAcl, ...]) -> Iterator[Result]:
    for acl in acls:
        if not acl.default:
            arn = f"arn:aws:ec2:{where.region}:{where.account}:network-acl/{acl.id}"
            yield where.result(bool(acl.subnets), arn, f"`{acl.id}` is associated with {len(acl.subnets)} subnet(s)")


CHECK = Check(META, Scope.REGION, ec2.network_acls, run)
