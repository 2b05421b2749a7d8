"""The IAM credential report of one account, parsed once into typed rows.

Read from ``iam/get-credential-report.json`` (verbatim: base64 ``Content``) or a
``iam/credential-report.csv`` file beside it. Columns and their values (``N/A``, ``no_information``,
``not_supported``) follow https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html.

>>> row = CredentialRow.parse({"user": "<root_account>", "arn": "arn:aws:iam::1:root", "mfa_active": "false"})
>>> row.is_root, row.mfa_active
(True, False)
"""

from __future__ import annotations

import base64
import binascii
import csv
import io
from dataclasses import dataclass
from datetime import datetime

from keyaki.snapshot import Snapshot
from keyaki.snapshot.layout import GLOBAL, call_path
from keyaki.snapshot.views.common import Missing, need, parse_time

ROOT = "<root_account>"


@dataclass(frozen=True, slots=True)
class AccessKey:
    """One of a user's two access-key slots (``access_key_1``, ``access_key_2``)."""

    slot: int
    active: bool
    last_rotated: datetime | None
    last_used: datetime | None


@dataclass(frozen=True, slots=True)
class CredentialRow:
    """One user (or the root user) of the credential report."""

    user: str
    arn: str
    created: datetime | None
    password_enabled: bool
    password_last_used: datetime | None
    password_last_changed: datetime | None
    mfa_active: bool
    keys: tuple[AccessKey, ...]
    certs_active: int

    @property
    def is_root(self) -> bool:
        return self.user == ROOT

    @property
    def active_keys(self) -> tuple[AccessKey, ...]:
        return tuple(k for k in self.keys if k.active)

    @classmethod
    def parse(cls, r: dict[str, str]) -> CredentialRow:
        keys = tuple(
            AccessKey(
                slot=i,
                active=r.get(f"access_key_{i}_active") == "true",
                last_rotated=parse_time(r.get(f"access_key_{i}_last_rotated")),
                last_used=parse_time(r.get(f"access_key_{i}_last_used_date")),
            )
            for i in (1, 2)
        )
        return cls(
            user=r.get("user", ""),
            arn=r.get("arn", ""),
            created=parse_time(r.get("user_creation_time")),
            password_enabled=r.get("password_enabled") == "true",
            password_last_used=parse_time(r.get("password_last_used")),
            password_last_changed=parse_time(r.get("password_last_changed")),
            mfa_active=r.get("mfa_active") == "true",
            keys=keys,
            certs_active=sum(r.get(f"cert_{i}_active") == "true" for i in (1, 2)),
        )


@dataclass(frozen=True, slots=True)
class CredentialReport:
    """Every row of one account's credential report."""

    account: str
    rows: tuple[CredentialRow, ...]
    source: str

    @property
    def root(self) -> CredentialRow | None:
        return next((r for r in self.rows if r.is_root), None)

    @property
    def users(self) -> tuple[CredentialRow, ...]:
        return tuple(r for r in self.rows if not r.is_root)


def load(snap: Snapshot, account: str, region: str = GLOBAL) -> CredentialReport:
    """The account's credential report; :class:`Missing` when neither form is in the snapshot."""
    csv_rel = call_path(account, GLOBAL, "iam", "credential-report").replace(".json", ".csv")
    if snap.storage.exists(csv_rel):
        text = snap.storage.read_bytes(csv_rel).decode("utf-8-sig", errors="replace")
        return CredentialReport(account, parse_csv(text), csv_rel)
    resp = snap.call(account, GLOBAL, "iam", "get-credential-report")
    data = need(resp)
    content = data.get("Content") if isinstance(data, dict) else None
    if not isinstance(content, str):
        raise Missing(resp.path, "has no `Content`")
    try:
        text = base64.b64decode(content, validate=True).decode("utf-8-sig", errors="replace")
    except (binascii.Error, ValueError):
        raise Missing(resp.path, "has a `Content` that is not base64") from None
    return CredentialReport(account, parse_csv(text), resp.path)


def parse_csv(text: str) -> tuple[CredentialRow, ...]:
    """Rows of a credential report CSV (header line first)."""
    return tuple(CredentialRow.parse(r) for r in csv.DictReader(io.StringIO(text)))
