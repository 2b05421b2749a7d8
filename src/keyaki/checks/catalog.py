"""Every registered check: one explicit line per check, ``"<service>.<check_id>"``.

Adding a check = one file ``keyaki/checks/<service>/<check_id>.py`` defining ``CHECK`` + one line here.
``tests/meta/test_registry.py`` enforces id == file name == registry key, complete metadata, framework
mappings to real ids, and a PASS and a FAIL fixture for each check.
"""

from __future__ import annotations

from functools import cache
from importlib import import_module
from typing import Any

from keyaki.checks.registry import Check

CHECK_MODULES: tuple[str, ...] = (
    # IAM: credential report, password policy, account settings
    "iam.iam_root_access_key",
    "iam.iam_root_mfa",
    "iam.iam_root_hardware_mfa",
    "iam.iam_root_recent_use",
    "iam.iam_user_console_mfa",
    "iam.iam_user_mfa",
    "iam.iam_access_key_rotated",
    "iam.iam_credentials_unused_45_days",
    "iam.iam_credentials_unused_90_days",
    "iam.iam_user_single_active_key",
    "iam.iam_access_key_never_used",
    "iam.iam_password_policy_min_length",
    "iam.iam_password_policy_reuse",
    "iam.iam_password_policy_uppercase",
    "iam.iam_password_policy_lowercase",
    "iam.iam_password_policy_symbol",
    "iam.iam_password_policy_number",
    "iam.iam_password_policy_expiry",
    "iam.iam_password_policy_strong",
    "iam.iam_server_certificate_expired",
)


@cache
def checks() -> dict[str, Check[Any]]:
    """The registry: check id -> check, in catalog order."""
    out: dict[str, Check[Any]] = {}
    for name in CHECK_MODULES:
        check = import_module(f"keyaki.checks.{name}").CHECK
        out[name.rsplit(".", 1)[1]] = check
    return out
