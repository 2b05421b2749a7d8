"""The password policy requires a symbol (Security Hub IAM.13)."""

from keyaki.checks.iam._password import password_check

CHECK = password_check(
    "iam_password_policy_symbol",
    "The password policy requires a symbol",
    lambda p: p.require_symbols,
    lambda p: f"has RequireSymbols={p.require_symbols}",
    "--require-symbols",
)
