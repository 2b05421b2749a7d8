"""Active access keys are rotated every 90 days or less (CIS 1.14, Security Hub IAM.3, Config access-keys-rotated).

https://docs.aws.amazon.com/config/latest/developerguide/access-keys-rotated.html
"""

from __future__ import annotations

from collections.abc import Iterator

from keyaki.checks.registry import Check, Meta, Result, Scope, Where
from keyaki.findings.model import Severity
from keyaki.snapshot.views import credentials
from keyaki.snapshot.views.common import days_since
from keyaki.snapshot.views.credentials import CredentialReport

MAX_AGE_DAYS = 90

META = Meta(
    id="iam_access_key_rotated",
    title="Active access keys are rotated every 90 days or less",
    severity=Severity.MEDIUM,
    service="iam",
    resource_type="AWS::IAM::User",
    rationale="Long-lived keys accumulate in scripts, laptops and CI logs; rotation bounds a leak's lifetime.",
    remediation="Create a new key, switch the workload, then `aws iam update-access-key --user-name USER "
    "--access-key-id OLD --status Inactive` and `aws iam delete-access-key --user-name USER --access-key-id OLD`.",
    doc="https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html#rotating_access_keys_console",
    needs=("iam get-credential-report",),
)


def run(where: Where, report: CredentialReport) -> Iterator[Result]:
    for user in report.users:
        for key in user.active_keys:
            if key.last_rotated is None:
                yield where.not_evaluated(user.arn, f"`{user.user}` key {key.slot} has no last_rotated date")
                continue
            age = days_since(where.now, key.last_rotated)
            yield where.result(
                age <= MAX_AGE_DAYS,
                user.arn,
                f"`{user.user}` access key {key.slot} is {age} days old",
                key_slot=key.slot,
                age_days=age,
                max_age_days=MAX_AGE_DAYS,
            )


CHECK = Check(META, Scope.ACCOUNT, credentials.load, run)
