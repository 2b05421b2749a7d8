"""Every IAM user with a console password has MFA (CIS 1.10, Security Hub IAM.5).

https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-5
"""

from __future__ import annotations

from collections.abc import Iterator

from keyaki.checks.registry import Check, Meta, Result, Scope, Where
from keyaki.findings.model import Severity
from keyaki.snapshot.views import credentials
from keyaki.snapshot.views.credentials import CredentialReport

META = Meta(
    id="iam_user_console_mfa",
    title="IAM users with a console password have MFA",
    severity=Severity.HIGH,
    service="iam",
    resource_type="AWS::IAM::User",
    rationale="A console password without MFA is one phished or reused password away from a breach.",
    remediation="Assign an MFA device: `aws iam enable-mfa-device --user-name USER --serial-number ARN "
    "--authentication-code1 CODE1 --authentication-code2 CODE2`, or remove the password with "
    "`aws iam delete-login-profile --user-name USER`.",
    doc="https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_enable.html",
    needs=("iam get-credential-report",),
)


def run(where: Where, report: CredentialReport) -> Iterator[Result]:
    for user in report.users:
        if user.password_enabled:
            state = "has" if user.mfa_active else "has no"
            yield where.result(user.mfa_active, user.arn, f"`{user.user}` has a console password and {state} MFA")


CHECK = Check(META, Scope.ACCOUNT, credentials.load, run)
