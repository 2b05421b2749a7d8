"""Passwords expire in 90 days or less (Security Hub IAM.17)."""

from keyaki.checks.iam._password import password_check
from keyaki.findings.model import Severity

CHECK = password_check(
    "iam_password_policy_expiry",
    "Passwords expire in 90 days or less",
    lambda p: p.max_age_days is not None and p.max_age_days <= 90,
    lambda p: f"has MaxPasswordAge={p.max_age_days}",
    "--max-password-age 90",
    severity=Severity.LOW,
)
