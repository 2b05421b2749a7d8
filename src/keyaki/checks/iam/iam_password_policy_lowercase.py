"""The password policy requires a lowercase letter (Security Hub IAM.12)."""

from keyaki.checks.iam._password import password_check

CHECK = password_check(
    "iam_password_policy_lowercase",
    "The password policy requires a lowercase letter",
    lambda p: p.require_lowercase,
    lambda p: f"has RequireLowercaseCharacters={p.require_lowercase}",
    "--require-lowercase-characters",
)
