"""The account's EBS snapshots are encrypted.

https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html
"""

from __future__ import annotations

from collections.abc import Iterator

from keyaki.checks.registry import Check, Meta, Result, Scope, Where
from keyaki.findings.model import Severity
from keyaki.snapshot.views import ec2
from keyaki.snapshot.views.ec2 import Simple

META = Meta(
    id="ec2_ebs_snapshot_encrypted",
    title="EBS snapshots are encrypted",
    severity=Severity.MEDIUM,
    service="ec2",
    resource_type="AWS::EC2::Snapshot",
    rationale="An unencrypted snapshot can be shared or made public and mounted anywhere.",
    remediation="`aws ec2 copy-snapshot --source-snapshot-id SNAP --source-region REGION --encrypted` then "
    "`aws ec2 delete-snapshot --snapshot-id SNAP`",
    doc="https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html",
    needs=("ec2 describe-snapshots",),
)


def run(where: Where, snaps: tuple[Simple, ...]) -> Iterator[Result]:
    for s in snaps:
        yield where.result(s.value is True, s.arn, f"`{s.id}` has Encrypted={s.value}")


CHECK = Check(META, Scope.REGION, ec2.ebs_snapshots, run)
