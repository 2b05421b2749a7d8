"""No IAM user has more than one active access key (CIS 1.13).

https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html
"""

from __future__ import annotations

from collections.abc import Iterator

from keyaki.checks.registry import Check, Meta, Result, Scope, Where
from keyaki.findings.model import Severity
from keyaki.snapshot.views import credentials
from keyaki.snapshot.views.credentials import CredentialReport

META = Meta(
    id="iam_user_single_active_key",
    title="IAM users have at most one active access key",
    severity=Severity.MEDIUM,
    service="iam",
    resource_type="AWS::IAM::User",
    rationale="Two active keys usually mean a rotation that never finished: the old key is still live.",
    remediation="Deactivate the key no longer in use: `aws iam update-access-key --user-name USER "
    "--access-key-id KEY --status Inactive`.",
    doc="https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html",
    needs=("iam get-credential-report",),
)


def run(where: Where, report: CredentialReport) -> Iterator[Result]:
    for user in report.users:
        n = len(user.active_keys)
        if n:
            yield where.result(n <= 1, user.arn, f"`{user.user}` has {n} active access key(s)", active_keys=n)


CHECK = Check(META, Scope.ACCOUNT, credentials.load, run)
