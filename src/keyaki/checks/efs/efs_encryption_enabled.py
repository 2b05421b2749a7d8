"""EFS file systems are encrypted at rest (CIS AWS Foundations v3.0.0 2.4.1, Security Hub EFS.1).

https://docs.aws.amazon.com/efs/latest/ug/encryption-at-rest.html
"""

from __future__ import annotations

from collections.abc import Iterator

from keyaki.checks.registry import Check, Meta, Result, Scope, Where
from keyaki.findings.model import Severity
from keyaki.snapshot.views import efs
from keyaki.snapshot.views.efs import FileSystem

META = Meta(
    id="efs_encryption_enabled",
    title="EFS file systems are encrypted at rest",
    severity=Severity.MEDIUM,
    service="efs",
    resource_type="AWS::EFS::FileSystem",
    rationale="Encryption at rest is set when a file system is created; an unencrypted one stays so.",
    remediation="Encryption is set at creation: `aws efs create-file-system --encrypted --kms-key-id KEY_ARN` "
    "then copy the data (for example with AWS DataSync) and delete the unencrypted file system",
    doc="https://docs.aws.amazon.com/efs/latest/ug/encryption-at-rest.html",
    needs=("efs describe-file-systems",),
)


def run(where: Where, systems: tuple[FileSystem, ...]) -> Iterator[Result]:
    for fs in systems:
        label = f"`{fs.name or fs.id}` ({fs.id})"
        if fs.encrypted is None:
            yield where.not_evaluated(fs.arn, f"{label}: describe-file-systems has no `Encrypted` field")
        else:
            yield where.result(
                fs.encrypted, fs.arn, f"{label} has Encrypted={str(fs.encrypted).lower()}", kms_key=fs.kms_key
            )


CHECK = Check(META, Scope.REGION, efs.load, run)
