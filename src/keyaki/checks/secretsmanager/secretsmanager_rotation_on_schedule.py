"""Secrets with rotation enabled rotated within their schedule (Security Hub SecretsManager.2).

Last rotation older than ``AutomaticallyAfterDays`` (+1 day of rotation window) means rotation is failing.
https://docs.aws.amazon.com/securityhub/latest/userguide/secretsmanager-controls.html#secretsmanager-2
"""

from __future__ import annotations

from collections.abc import Iterator

from keyaki.checks.registry import Check, Meta, Result, Scope, Where
from keyaki.findings.model import Severity
from keyaki.snapshot.views import secretsmanager
from keyaki.snapshot.views.common import days_since
from keyaki.snapshot.views.secretsmanager import Secret

META = Meta(
    id="secretsmanager_rotation_on_schedule",
    title="Secrets with rotation enabled rotate on schedule",
    severity=Severity.MEDIUM,
    service="secretsmanager",
    resource_type="AWS::SecretsManager::Secret",
    rationale='A failing rotation function leaves the old secret in place while the console says "rotating".',
    remediation="Fix the rotation function, then `aws secretsmanager rotate-secret --secret-id NAME`",
    doc="https://docs.aws.amazon.com/secretsmanager/latest/userguide/troubleshoot_rotation.html",
    needs=("secretsmanager list-secrets",),
)


def run(where: Where, secrets: tuple[Secret, ...]) -> Iterator[Result]:
    for s in secrets:
        if not s.rotation_enabled:
            continue
        last = s.last_rotated or s.created
        if s.rotation_days is None or last is None:
            yield where.not_evaluated(s.arn, f"secret `{s.name}` has a schedule expression or no dates to compare")
            continue
        age = days_since(where.now, last)
        yield where.result(
            age <= s.rotation_days + 1,
            s.arn,
            f"secret `{s.name}` rotates every {s.rotation_days} days and last rotated {age} days ago",
        )


CHECK = Check(META, Scope.REGION, secretsmanager.load, run)
