"""MFA is enabled for the root user (CIS 1.5, Security Hub IAM.9).

https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-9
"""

from __future__ import annotations

from collections.abc import Iterator

from keyaki.checks.registry import Check, Meta, Result, Scope, Where
from keyaki.findings.model import Severity
from keyaki.snapshot.views import credentials
from keyaki.snapshot.views.credentials import CredentialReport

META = Meta(
    id="iam_root_mfa",
    title="MFA is enabled for the root user",
    severity=Severity.CRITICAL,
    service="iam",
    resource_type="AWS::::Account",
    rationale="Without MFA the root user's password alone unlocks the whole account.",
    remediation="Sign in as the root user and assign an MFA device under Security credentials; "
    "check with `aws iam get-account-summary` (AccountMFAEnabled = 1).",
    doc="https://docs.aws.amazon.com/IAM/latest/UserGuide/enable-virt-mfa-for-root.html",
    needs=("iam get-credential-report",),
)


def run(where: Where, report: CredentialReport) -> Iterator[Result]:
    root = report.root
    if root is None:
        yield where.not_evaluated(where.account_arn, "the credential report has no `<root_account>` row")
        return
    state = "enabled" if root.mfa_active else "not enabled"
    yield where.result(root.mfa_active, root.arn, f"root MFA is {state} (mfa_active)", mfa_active=root.mfa_active)


CHECK = Check(META, Scope.ACCOUNT, credentials.load, run)
