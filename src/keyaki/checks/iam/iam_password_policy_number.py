"""The password policy requires a number (Security Hub IAM.14)."""

from keyaki.checks.iam._password import password_check

CHECK = password_check(
    "iam_password_policy_number",
    "The password policy requires a number",
    lambda p: p.require_numbers,
    lambda p: f"has RequireNumbers={p.require_numbers}",
    "--require-numbers",
)
