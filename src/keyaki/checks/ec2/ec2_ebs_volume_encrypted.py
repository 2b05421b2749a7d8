"""Attached EBS volumes are encrypted (Security Hub EC2.3).

https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-3
"""

from __future__ import annotations

from collections.abc import Iterator

from keyaki.checks.registry import Check, Meta, Result, Scope, Where
from keyaki.findings.model import Severity
from keyaki.snapshot.views import ec2
from keyaki.snapshot.views.ec2 import Volume

META = Meta(
    id="ec2_ebs_volume_encrypted",
    title="Attached EBS volumes are encrypted",
    severity=Severity.MEDIUM,
    service="ec2",
    resource_type="AWS::EC2::Volume",
    rationale="Unencrypted volumes and their snapshots expose data to anyone who can copy or share them.",
    remediation="Snapshot the volume, `aws ec2 copy-snapshot --encrypted --source-snapshot-id SNAP "
    "--source-region REGION`, create a volume from the copy and swap it in",
    doc="https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html",
    needs=("ec2 describe-volumes",),
)


def run(where: Where, vols: tuple[Volume, ...]) -> Iterator[Result]:
    for v in vols:
        if v.attached:
            yield where.result(v.encrypted, v.arn, f"`{v.id}` has Encrypted={v.encrypted}")


CHECK = Check(META, Scope.REGION, ec2.volumes, run)
