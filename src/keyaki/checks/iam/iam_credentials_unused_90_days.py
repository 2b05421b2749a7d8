"""Console passwords and access keys unused for 90 days are disabled (Security Hub IAM.8).

https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-8
"""

from __future__ import annotations

from collections.abc import Iterator

from keyaki.checks.iam._credentials import unused_credentials
from keyaki.checks.registry import Check, Meta, Result, Scope, Where
from keyaki.findings.model import Severity
from keyaki.snapshot.views import credentials
from keyaki.snapshot.views.credentials import CredentialReport

WINDOW_DAYS = 90

META = Meta(
    id="iam_credentials_unused_90_days",
    title="IAM user credentials unused for 90 days are disabled",
    severity=Severity.MEDIUM,
    service="iam",
    resource_type="AWS::IAM::User",
    rationale="Credentials nobody uses are risk without value: a leaked unused key goes unnoticed.",
    remediation="`aws iam delete-login-profile --user-name USER` for the password; "
    "`aws iam update-access-key --user-name USER --access-key-id KEY --status Inactive` for the key.",
    doc="https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_finding-unused.html",
    needs=("iam get-credential-report",),
)


def run(where: Where, report: CredentialReport) -> Iterator[Result]:
    for user in report.users:
        if not user.password_enabled and not user.active_keys:
            continue
        stale = unused_credentials(user, where.now, WINDOW_DAYS)
        summary = f"`{user.user}`: " + (
            "; ".join(stale) if stale else f"every credential used in the last {WINDOW_DAYS} days"
        )
        yield where.result(not stale, user.arn, summary, unused=stale, window_days=WINDOW_DAYS)


CHECK = Check(META, Scope.ACCOUNT, credentials.load, run)
