"""The root user has no active access key (CIS 1.4, Security Hub IAM.4).

https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-4
"""

from __future__ import annotations

from collections.abc import Iterator

from keyaki.checks.registry import Check, Meta, Result, Scope, Where
from keyaki.findings.model import Severity
from keyaki.snapshot.views import credentials
from keyaki.snapshot.views.credentials import CredentialReport

META = Meta(
    id="iam_root_access_key",
    title="The root user has no active access key",
    severity=Severity.CRITICAL,
    service="iam",
    resource_type="AWS::::Account",
    rationale="Root access keys give unrestricted access to the account that no policy can limit.",
    remediation="Sign in as the root user, open Security credentials and delete the access keys "
    "(root keys cannot be deleted by another principal); check with `aws iam get-account-summary` "
    "(AccountAccessKeysPresent = 0).",
    doc="https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user_manage_delete-key.html",
    needs=("iam get-credential-report",),
)


def run(where: Where, report: CredentialReport) -> Iterator[Result]:
    root = report.root
    if root is None:
        yield where.not_evaluated(where.account_arn, "the credential report has no `<root_account>` row")
        return
    n = len(root.active_keys)
    yield where.result(n == 0, root.arn, f"the root user has {n} active access key(s)", active_keys=n)


CHECK = Check(META, Scope.ACCOUNT, credentials.load, run)
