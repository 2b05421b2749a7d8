"""ECR repositories are encrypted with KMS (Security Hub ECR.5).

https://docs.aws.amazon.com/AmazonECR/latest/userguide/encryption-at-rest.html
"""

from __future__ import annotations

from collections.abc import Iterator

from keyaki.checks.registry import Check, Meta, Result, Scope, Where
from keyaki.findings.model import Severity
from keyaki.snapshot.views import ecr
from keyaki.snapshot.views.ecr import Repository

META = Meta(
    id="ecr_kms_encryption",
    title="ECR repositories are encrypted with KMS",
    severity=Severity.MEDIUM,
    service="ecr",
    resource_type="AWS::ECR::Repository",
    rationale="A customer managed KMS key adds a key policy gate and an audit trail to image layers.",
    remediation="Encryption is set at creation: `aws ecr create-repository --repository-name NAME "
    "--encryption-configuration encryptionType=KMS,kmsKey=KEY_ARN` and migrate the images",
    doc="https://docs.aws.amazon.com/AmazonECR/latest/userguide/encryption-at-rest.html",
    needs=("ecr describe-repositories",),
)


def run(where: Where, repos: tuple[Repository, ...]) -> Iterator[Result]:
    for r in repos:
        yield where.result(r.encryption.startswith("KMS"), r.arn, f"`{r.name}` has encryptionType={r.encryption}")


CHECK = Check(META, Scope.REGION, ecr.load, run)
