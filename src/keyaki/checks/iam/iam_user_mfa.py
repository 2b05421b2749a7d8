"""Every IAM user has MFA, console password or not (Security Hub IAM.19).

https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-19
"""

from __future__ import annotations

from collections.abc import Iterator

from keyaki.checks.registry import Check, Meta, Result, Scope, Where
from keyaki.findings.model import Severity
from keyaki.snapshot.views import credentials
from keyaki.snapshot.views.credentials import CredentialReport

META = Meta(
    id="iam_user_mfa",
    title="Every IAM user has an MFA device",
    severity=Severity.MEDIUM,
    service="iam",
    resource_type="AWS::IAM::User",
    rationale="MFA lets policies require `aws:MultiFactorAuthPresent` and protects any future password.",
    remediation="`aws iam enable-mfa-device --user-name USER --serial-number ARN --authentication-code1 C1 "
    "--authentication-code2 C2`",
    doc="https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa.html",
    needs=("iam get-credential-report",),
)


def run(where: Where, report: CredentialReport) -> Iterator[Result]:
    for user in report.users:
        state = "has" if user.mfa_active else "has no"
        yield where.result(user.mfa_active, user.arn, f"`{user.user}` {state} MFA device")


CHECK = Check(META, Scope.ACCOUNT, credentials.load, run)
