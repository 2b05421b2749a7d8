"""No active access key has never been used (keys created "just in case", CIS 1.11's concern).

The credential report's ``access_key_N_last_used_date`` is ``N/A`` for a key never used.
https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html
"""

from __future__ import annotations

from collections.abc import Iterator

from keyaki.checks.registry import Check, Meta, Result, Scope, Where
from keyaki.findings.model import Severity
from keyaki.snapshot.views import credentials
from keyaki.snapshot.views.credentials import CredentialReport

META = Meta(
    id="iam_access_key_never_used",
    title="Active access keys have been used at least once",
    severity=Severity.LOW,
    service="iam",
    resource_type="AWS::IAM::User",
    rationale="A key that was never used is not needed; it is only a secret that can leak.",
    remediation="`aws iam delete-access-key --user-name USER --access-key-id KEY`",
    doc="https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html",
    needs=("iam get-credential-report",),
)


def run(where: Where, report: CredentialReport) -> Iterator[Result]:
    for user in report.users:
        for key in user.active_keys:
            used = "was last used " + key.last_used.date().isoformat() if key.last_used else "was never used"
            yield where.result(key.last_used is not None, user.arn, f"`{user.user}` access key {key.slot} {used}")


CHECK = Check(META, Scope.ACCOUNT, credentials.load, run)
