"""The password policy is strong: upper, lower, number, symbol, 8+ characters (Security Hub IAM.7).

IAM.7's default parameters: https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-7
"""

from keyaki.checks.iam._password import password_check
from keyaki.snapshot.views.iam_account import PasswordPolicy


def _strong(p: PasswordPolicy) -> bool:
    chars = p.require_uppercase and p.require_lowercase and p.require_numbers and p.require_symbols
    return chars and p.minimum_length >= 8


CHECK = password_check(
    "iam_password_policy_strong",
    "The password policy requires upper, lower, number, symbol and 8+ characters",
    _strong,
    lambda p: (
        f"has min length {p.minimum_length}, upper={p.require_uppercase}, "
        f"lower={p.require_lowercase}, numbers={p.require_numbers}, symbols={p.require_symbols}"
    ),
    "--minimum-password-length 14 --require-uppercase-characters --require-lowercase-characters "
    "--require-numbers --require-symbols",
)
