"""Building block of the password-policy checks: one predicate over the account password policy.

No custom policy (``NoSuchEntity``) means IAM's default policy, which requires none of these settings
(https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from keyaki.checks.registry import Check, Meta, Result, Scope, Where
from keyaki.findings.model import Severity
from keyaki.snapshot.views import iam_account
from keyaki.snapshot.views.iam_account import PasswordPolicy

DOC = "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html"


def password_check(
    check_id: str,
    title: str,
    ok: Callable[[PasswordPolicy], bool],
    observed: Callable[[PasswordPolicy], str],
    cli_flags: str,
    severity: Severity = Severity.MEDIUM,
) -> Check[PasswordPolicy]:
    """A check that the account password policy satisfies ``ok``."""
    meta = Meta(
        id=check_id,
        title=title,
        severity=severity,
        service="iam",
        resource_type="AWS::::Account",
        rationale="Weak passwords for console users are guessed or reused; the policy is the only control.",
        remediation=f"`aws iam update-account-password-policy {cli_flags}` (the call replaces the whole "
        "policy: repeat every setting you keep).",
        doc=DOC,
        needs=("iam get-account-password-policy",),
    )

    def run(where: Where, policy: PasswordPolicy) -> Iterator[Result]:
        if not policy.exists:
            yield where.result(False, where.account_arn, "the account has no password policy (IAM defaults)")
            return
        yield where.result(ok(policy), where.account_arn, f"the password policy {observed(policy)}")

    return Check(meta, Scope.ACCOUNT, iam_account.password_policy, run)
