"""EBS encryption by default is enabled in every region (CIS 2.2.1, Security Hub EC2.7).

https://docs.aws.amazon.com/ebs/latest/userguide/encryption-by-default.html
"""

from __future__ import annotations

from collections.abc import Iterator

from keyaki.checks.registry import Check, Meta, Result, Scope, Where
from keyaki.findings.model import Severity
from keyaki.snapshot.views import ec2

META = Meta(
    id="ec2_ebs_default_encryption",
    title="EBS encryption by default is enabled",
    severity=Severity.MEDIUM,
    service="ec2",
    resource_type="AWS::::Account",
    rationale="With encryption by default no new volume or snapshot can be created unencrypted by mistake.",
    remediation="`aws ec2 enable-ebs-encryption-by-default --region REGION`",
    doc="https://docs.aws.amazon.com/ebs/latest/userguide/encryption-by-default.html",
    needs=("ec2 get-ebs-encryption-by-default",),
)


def run(where: Where, enabled: bool) -> Iterator[Result]:
    yield where.result(enabled, where.account_arn, f"EbsEncryptionByDefault={enabled}")


CHECK = Check(META, Scope.REGION, ec2.ebs_encryption_by_default, run)
