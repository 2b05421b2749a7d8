"""The password policy requires an uppercase letter (Security Hub IAM.11)."""

from keyaki.checks.iam._password import password_check

CHECK = password_check(
    "iam_password_policy_uppercase",
    "The password policy requires an uppercase letter",
    lambda p: p.require_uppercase,
    lambda p: f"has RequireUppercaseCharacters={p.require_uppercase}",
    "--require-uppercase-characters",
)
