"""The password policy prevents reuse of the last 24 passwords (CIS 1.9, Security Hub IAM.16)."""

from keyaki.checks.iam._password import password_check

CHECK = password_check(
    "iam_password_policy_reuse",
    "The password policy prevents reusing the last 24 passwords",
    lambda p: (p.reuse_prevention or 0) >= 24,
    lambda p: f"remembers {p.reuse_prevention or 0} previous passwords",
    "--password-reuse-prevention 24",
)
