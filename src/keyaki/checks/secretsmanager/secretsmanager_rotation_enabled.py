"""Secrets Manager secrets have automatic rotation (Security Hub SecretsManager.1).

https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotating-secrets.html
"""

from __future__ import annotations

from collections.abc import Iterator

from keyaki.checks.registry import Check, Meta, Result, Scope, Where
from keyaki.findings.model import Severity
from keyaki.snapshot.views import secretsmanager
from keyaki.snapshot.views.secretsmanager import Secret

META = Meta(
    id="secretsmanager_rotation_enabled",
    title="Secrets rotate automatically",
    severity=Severity.MEDIUM,
    service="secretsmanager",
    resource_type="AWS::SecretsManager::Secret",
    rationale="A secret that never changes stays valid for whoever copied it once.",
    remediation="`aws secretsmanager rotate-secret --secret-id NAME --rotation-lambda-arn FN_ARN "
    "--rotation-rules AutomaticallyAfterDays=30` (or a managed rotation)",
    doc="https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotate-secrets_turn-on-for-other.html",
    needs=("secretsmanager list-secrets",),
)


def run(where: Where, secrets: tuple[Secret, ...]) -> Iterator[Result]:
    for s in secrets:
        state = "enabled" if s.rotation_enabled else "not enabled"
        yield where.result(s.rotation_enabled, s.arn, f"secret `{s.name}` has rotation {state}")


CHECK = Check(META, Scope.REGION, secretsmanager.load, run)
