"""FAIL fixtures: for each check, one mutation of the compliant baseline that the check must FAIL.

Mutations are small and real-shaped: an edited credential-report row, a changed attribute, a removed
setting. Named helpers keep each case to a line or two.
"""

from __future__ import annotations

from .checks_snapshot import MGMT, SEC, Files, Mutation, ago, edit_cred, g


def _set(path: str, value: object) -> Mutation:
    def mutate(files: Files) -> None:
        files[path] = value
    return mutate


def _not_found(path: str, code: str) -> Mutation:
    """AWS answered "not found" for this call (the setting does not exist)."""
    def mutate(files: Files) -> None:
        files.pop(path, None)
        files[path.replace(".json", ".error.json")] = {"Error": {"Code": code, "Message": "not found"}}
    return mutate


def _pw(**changes: object) -> Mutation:
    def mutate(files: Files) -> None:
        files[g(SEC, "iam", "get-account-password-policy")]["PasswordPolicy"].update(changes)
    return mutate


def _virtual_root_mfa(files: Files) -> None:
    files[g(MGMT, "iam", "list-virtual-mfa-devices")]["VirtualMFADevices"].append(
        {"SerialNumber": f"arn:aws:iam::{MGMT}:mfa/root-account-mfa-device",
         "User": {"Arn": f"arn:aws:iam::{MGMT}:root"}, "EnableDate": ago(30)})


def _expired_cert(files: Files) -> None:
    files[g(SEC, "iam", "list-server-certificates")]["ServerCertificateMetadataList"][0]["Expiration"] = ago(3)


FAIL: dict[str, Mutation] = {
    "iam_root_access_key": edit_cred(MGMT, "<root_account>", access_key_1_active="true",
                                     access_key_1_last_rotated=ago(900)),
    "iam_root_mfa": edit_cred(SEC, "<root_account>", mfa_active="false"),
    "iam_root_hardware_mfa": _virtual_root_mfa,
    "iam_root_recent_use": edit_cred(MGMT, "<root_account>", password_last_used=ago(3)),
    "iam_user_console_mfa": edit_cred(SEC, "alice", mfa_active="false"),
    "iam_user_mfa": edit_cred(SEC, "deploy", mfa_active="false"),
    "iam_access_key_rotated": edit_cred(SEC, "deploy", access_key_1_last_rotated=ago(91)),
    "iam_credentials_unused_45_days": edit_cred(SEC, "alice", password_last_used=ago(46)),
    "iam_credentials_unused_90_days": edit_cred(MGMT, "deploy", access_key_1_last_used_date=ago(120)),
    "iam_user_single_active_key": edit_cred(SEC, "alice", access_key_2_active="true",
                                            access_key_2_last_rotated=ago(5)),
    "iam_access_key_never_used": edit_cred(SEC, "deploy", access_key_1_last_used_date="N/A"),
    "iam_password_policy_min_length": _pw(MinimumPasswordLength=8),
    "iam_password_policy_reuse": _pw(PasswordReusePrevention=5),
    "iam_password_policy_uppercase": _pw(RequireUppercaseCharacters=False),
    "iam_password_policy_lowercase": _pw(RequireLowercaseCharacters=False),
    "iam_password_policy_symbol": _pw(RequireSymbols=False),
    "iam_password_policy_number": _pw(RequireNumbers=False),
    "iam_password_policy_expiry": _pw(MaxPasswordAge=365),
    "iam_password_policy_strong": _not_found(g(MGMT, "iam", "get-account-password-policy"), "NoSuchEntity"),
    "iam_server_certificate_expired": _expired_cert,
}
