"""Console passwords and access keys unused for 45 days are disabled (CIS 1.12, Security Hub IAM.22).

https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-22
"""

from __future__ import annotations

from keyaki.checks.iam._credentials import unused_credentials_check
from keyaki.checks.registry import Check, Meta, Scope
from keyaki.findings.model import Severity
from keyaki.snapshot.views import credentials

WINDOW_DAYS = 45

META = Meta(
    id="iam_credentials_unused_45_days",
    title="IAM user credentials unused for 45 days are disabled",
    severity=Severity.MEDIUM,
    service="iam",
    resource_type="AWS::IAM::User",
    rationale="Credentials nobody uses are risk without value: a leaked unused key goes unnoticed.",
    remediation="`aws iam delete-login-profile --user-name USER` for the password; "
    "`aws iam update-access-key --user-name USER --access-key-id KEY --status Inactive` for the key.",
    doc="https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_finding-unused.html",
    needs=("iam get-credential-report",),
)


CHECK = Check(META, Scope.ACCOUNT, credentials.load, unused_credentials_check(WINDOW_DAYS))
