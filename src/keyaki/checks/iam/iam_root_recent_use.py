"""The root user was not used in the last 90 days (CIS 1.7, Security Hub IAM.20).

Uses the credential report's ``password_last_used`` and ``access_key_N_last_used_date`` of the root row.
https://docs.aws.amazon.com/IAM/latest/UserGuide/root-user-tasks.html
"""

from __future__ import annotations

from collections.abc import Iterator

from keyaki.checks.registry import Check, Meta, Result, Scope, Where
from keyaki.findings.model import Severity
from keyaki.snapshot.views import credentials
from keyaki.snapshot.views.common import days_since
from keyaki.snapshot.views.credentials import CredentialReport

WINDOW_DAYS = 90

META = Meta(
    id="iam_root_recent_use",
    title="The root user was not used in the last 90 days",
    severity=Severity.HIGH,
    service="iam",
    resource_type="AWS::::Account",
    rationale="Daily work as root cannot be limited or attributed; root is for the few tasks that need it.",
    remediation="Create administrators in IAM Identity Center and stop using root; review root sign-ins with "
    "`aws cloudtrail lookup-events --lookup-attributes AttributeKey=Username,AttributeValue=root`.",
    doc="https://docs.aws.amazon.com/IAM/latest/UserGuide/root-user-best-practices.html",
    needs=("iam get-credential-report",),
)


def run(where: Where, report: CredentialReport) -> Iterator[Result]:
    root = report.root
    if root is None:
        yield where.not_evaluated(where.account_arn, "the credential report has no `<root_account>` row")
        return
    uses = [t for t in (root.password_last_used, *(k.last_used for k in root.keys)) if t is not None]
    last = max(uses) if uses else None
    if last is None:
        yield where.result(True, root.arn, "the root user has no recorded use", last_used=None)
        return
    age = days_since(where.now, last)
    yield where.result(
        age >= WINDOW_DAYS, root.arn, f"the root user was last used {age} days ago", last_used=last.isoformat()
    )


CHECK = Check(META, Scope.ACCOUNT, credentials.load, run)
