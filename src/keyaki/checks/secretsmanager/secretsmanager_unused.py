"""Secrets were accessed in the last N days (``--unused-days``, default 90; Security Hub SecretsManager.3).

https://docs.aws.amazon.com/securityhub/latest/userguide/secretsmanager-controls.html#secretsmanager-3
"""

from __future__ import annotations

from collections.abc import Iterator

from keyaki.checks.registry import Check, Meta, Result, Scope, Where
from keyaki.findings.model import Severity
from keyaki.snapshot.views import secretsmanager
from keyaki.snapshot.views.common import days_since
from keyaki.snapshot.views.secretsmanager import Secret

META = Meta(
    id="secretsmanager_unused",
    title="Secrets not accessed for the unused-days window are removed",
    severity=Severity.MEDIUM,
    service="secretsmanager",
    resource_type="AWS::SecretsManager::Secret",
    rationale="An unused secret is a credential nobody watches; delete it or find who still needs it.",
    remediation="`aws secretsmanager delete-secret --secret-id NAME --recovery-window-in-days 30`",
    doc="https://docs.aws.amazon.com/secretsmanager/latest/userguide/manage_delete-secret.html",
    needs=("secretsmanager list-secrets",),
)


def run(where: Where, secrets: tuple[Secret, ...]) -> Iterator[Result]:
    window = where.options.unused_days
    for s in secrets:
        last = s.last_accessed or s.created
        if last is None:
            yield where.not_evaluated(s.arn, f"secret `{s.name}` has neither LastAccessedDate nor CreatedDate")
            continue
        age = days_since(where.now, last)
        what = "accessed" if s.last_accessed else "created and never accessed"
        yield where.result(age < window, s.arn, f"secret `{s.name}` was last {what} {age} days ago", window_days=window)


CHECK = Check(META, Scope.REGION, secretsmanager.load, run)
