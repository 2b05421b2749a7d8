"""Account-level IAM facts besides GAAD: password policy, virtual MFA devices, server certificates.

Fields follow the IAM API reference: GetAccountPasswordPolicy
(https://docs.aws.amazon.com/IAM/latest/APIReference/API_PasswordPolicy.html), ListVirtualMFADevices,
ListServerCertificates. A ``NoSuchEntity`` on the password policy means "no custom policy" (IAM's defaults).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from keyaki.snapshot import Snapshot
from keyaki.snapshot.layout import GLOBAL
from keyaki.snapshot.views.common import as_dict, as_list, need, need_or_none, parse_time


@dataclass(frozen=True, slots=True)
class PasswordPolicy:
    """The account password policy; ``exists`` is False when the account has none (IAM defaults)."""

    exists: bool
    minimum_length: int = 0
    require_symbols: bool = False
    require_numbers: bool = False
    require_uppercase: bool = False
    require_lowercase: bool = False
    max_age_days: int | None = None
    reuse_prevention: int | None = None
    source: str = ""


def password_policy(snap: Snapshot, account: str, region: str = GLOBAL) -> PasswordPolicy:
    resp = snap.call(account, GLOBAL, "iam", "get-account-password-policy")
    data = need_or_none(resp)
    if data is None:
        return PasswordPolicy(exists=False, source=resp.path)
    p = as_dict(as_dict(data).get("PasswordPolicy"))
    return PasswordPolicy(
        exists=True,
        minimum_length=int(p.get("MinimumPasswordLength", 0) or 0),
        require_symbols=p.get("RequireSymbols") is True,
        require_numbers=p.get("RequireNumbers") is True,
        require_uppercase=p.get("RequireUppercaseCharacters") is True,
        require_lowercase=p.get("RequireLowercaseCharacters") is True,
        max_age_days=p.get("MaxPasswordAge") if isinstance(p.get("MaxPasswordAge"), int) else None,
        reuse_prevention=p.get("PasswordReusePrevention")
        if isinstance(p.get("PasswordReusePrevention"), int)
        else None,
        source=resp.path,
    )


@dataclass(frozen=True, slots=True)
class VirtualMfa:
    serial: str
    user_arn: str | None


def virtual_mfa_devices(snap: Snapshot, account: str, region: str = GLOBAL) -> tuple[VirtualMfa, ...]:
    data = as_dict(need(snap.call(account, GLOBAL, "iam", "list-virtual-mfa-devices")))
    return tuple(
        VirtualMfa(str(d.get("SerialNumber", "")), as_dict(d.get("User")).get("Arn"))
        for d in as_list(data.get("VirtualMFADevices"))
        if isinstance(d, dict)
    )


@dataclass(frozen=True, slots=True)
class ServerCertificate:
    name: str
    arn: str
    expiration: datetime | None


def server_certificates(snap: Snapshot, account: str, region: str = GLOBAL) -> tuple[ServerCertificate, ...]:
    data = as_dict(need(snap.call(account, GLOBAL, "iam", "list-server-certificates")))
    return tuple(
        ServerCertificate(
            str(c.get("ServerCertificateName", "")), str(c.get("Arn", "")), parse_time(c.get("Expiration"))
        )
        for c in as_list(data.get("ServerCertificateMetadataList"))
        if isinstance(c, dict)
    )
