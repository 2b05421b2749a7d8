"""Secrets were rotated within the last 90 days (Security Hub SecretsManager.4).

A secret never rotated counts from its creation date.
https://docs.aws.amazon.com/securityhub/latest/userguide/secretsmanager-controls.html#secretsmanager-4
"""

from __future__ import annotations

from collections.abc import Iterator

from keyaki.checks.registry import Check, Meta, Result, Scope, Where
from keyaki.findings.model import Severity
from keyaki.snapshot.views import secretsmanager
from keyaki.snapshot.views.common import days_since
from keyaki.snapshot.views.secretsmanager import Secret

MAX_DAYS = 90

META = Meta(
    id="secretsmanager_rotated_recently",
    title="Secrets were rotated in the last 90 days",
    severity=Severity.MEDIUM,
    service="secretsmanager",
    resource_type="AWS::SecretsManager::Secret",
    rationale="Rotation configured but not happening gives a false sense of safety.",
    remediation="`aws secretsmanager rotate-secret --secret-id NAME`; check the rotation function's logs",
    doc="https://docs.aws.amazon.com/secretsmanager/latest/userguide/troubleshoot_rotation.html",
    needs=("secretsmanager list-secrets",),
)


def run(where: Where, secrets: tuple[Secret, ...]) -> Iterator[Result]:
    for s in secrets:
        last = s.last_rotated or s.created
        if last is None:
            yield where.not_evaluated(s.arn, f"secret `{s.name}` has neither LastRotatedDate nor CreatedDate")
            continue
        age = days_since(where.now, last)
        what = "rotated" if s.last_rotated else "created (never rotated)"
        yield where.result(age <= MAX_DAYS, s.arn, f"secret `{s.name}` was last {what} {age} days ago")


CHECK = Check(META, Scope.REGION, secretsmanager.load, run)
