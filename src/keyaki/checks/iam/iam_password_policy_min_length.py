"""The password policy requires 14 characters or more (CIS 1.8, Security Hub IAM.15)."""

from keyaki.checks.iam._password import password_check

CHECK = password_check(
    "iam_password_policy_min_length",
    "The password policy requires at least 14 characters",
    lambda p: p.minimum_length >= 14,
    lambda p: f"requires {p.minimum_length} characters",
    "--minimum-password-length 14",
)
