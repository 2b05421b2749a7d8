"""Secrets are encrypted with a customer managed KMS key, not ``aws/secretsmanager``.

With the AWS managed key, anyone allowed ``secretsmanager:GetSecretValue`` in the account can read
the secret; a customer managed key adds its key policy as a second gate and allows cross-account sharing.
https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html
"""

from __future__ import annotations

from collections.abc import Iterator

from keyaki.checks.registry import Check, Meta, Result, Scope, Where
from keyaki.findings.model import Severity
from keyaki.snapshot.views import secretsmanager
from keyaki.snapshot.views.secretsmanager import Secret

META = Meta(
    id="secretsmanager_cmk_encryption",
    title="Secrets are encrypted with a customer managed KMS key",
    severity=Severity.LOW,
    service="secretsmanager",
    resource_type="AWS::SecretsManager::Secret",
    rationale="A customer managed key's policy is a second, auditable gate in front of the secret.",
    remediation="`aws secretsmanager update-secret --secret-id NAME --kms-key-id KEY_ARN`",
    doc="https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html",
    needs=("secretsmanager list-secrets",),
)


def run(where: Where, secrets: tuple[Secret, ...]) -> Iterator[Result]:
    for s in secrets:
        cmk = bool(s.kms_key) and "alias/aws/secretsmanager" not in str(s.kms_key)
        key = s.kms_key or "aws/secretsmanager (default)"
        yield where.result(cmk, s.arn, f"secret `{s.name}` is encrypted with `{key}`")


CHECK = Check(META, Scope.REGION, secretsmanager.load, run)
