"""Shared pieces of the demo generator: the organisation's constants, deterministic ids, dates, the writer.

Every id is derived from a stable name through SHA-256, so re-running the generator reproduces the
same files byte for byte, and every cross reference (an ENI's subnet, a role's ARN in a trust policy)
is computed from the same name.
"""

from __future__ import annotations

import base64
import hashlib
import json
import string
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from keyaki.snapshot import layout

NOW = datetime(2026, 11, 1, 12, 0, 0, tzinfo=UTC)
CREATED = "2026-11-01T12:00:00Z"
REGIONS = ("us-east-1", "eu-west-1")
ORG_ID = "o-a1b2c3d4e5"
ROOT_ID = "r-a1b2"
MGMT = "111111111111"
SECURITY = "222222222222"
PROD = "333333333333"
DEV = "444444444444"
SANDBOX = "555555555555"
ACCOUNTS = {
    MGMT: "management",
    SECURITY: "security",
    PROD: "prod",
    DEV: "dev",
    SANDBOX: "sandbox",
}
EMAILS = {a: f"aws+{n}@acme.example" for a, n in ACCOUNTS.items()}
EXTERNAL_UNKNOWN = "999988887777"  # nobody in the organisation knows this account
VENDOR_NO_EXTERNAL_ID = "123456789012"
VENDOR_WITH_EXTERNAL_ID = "464622532012"
AZS = {"us-east-1": ("us-east-1a", "us-east-1b"), "eu-west-1": ("eu-west-1a", "eu-west-1b")}
AZ_IDS = {"us-east-1a": "use1-az4", "us-east-1b": "use1-az6", "eu-west-1a": "euw1-az1", "eu-west-1b": "euw1-az2"}


# ---- deterministic ids ----------------------------------------------------------------------------
def _digest(*parts: str) -> bytes:
    return hashlib.sha256("\x1f".join(parts).encode()).digest()


def hexid(prefix: str, *name: str, n: int = 17) -> str:
    """``vpc-0a1b...``: an EC2-style id (17 hex digits) derived from a name."""
    return f"{prefix}-{_digest(prefix, *name).hex()[:n]}"


def upper_id(prefix: str, *name: str, n: int = 17) -> str:
    """``AIDA...``: an IAM unique id (prefix + 17 upper-case letters and digits)."""
    alphabet = string.ascii_uppercase + "234567"
    d = _digest(prefix, *name)
    return prefix + "".join(alphabet[b % len(alphabet)] for b in d[:n])


def alnum(*name: str, n: int = 6) -> str:
    """Mixed-case letters and digits (the random suffix of a secret ARN)."""
    alphabet = string.ascii_letters + string.digits
    return "".join(alphabet[b % len(alphabet)] for b in _digest("alnum", *name)[:n])


def uid(*name: str) -> str:
    """A UUID (KMS key ids, request ids) derived from a name."""
    return str(uuid.UUID(bytes=_digest("uuid", *name)[:16], version=4))


def canonical_id(account: str) -> str:
    """The S3 canonical user id of an account (64 hex digits)."""
    return _digest("canonical", account).hex()


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


# ---- dates, in the forms the AWS CLI prints them -------------------------------------------------
def ago(days: float = 0, hours: float = 0, minutes: float = 0) -> datetime:
    return NOW - timedelta(days=days, hours=hours, minutes=minutes)


def at(text: str) -> datetime:
    """``2021-03-15T09:12:44`` (UTC) as a datetime."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def iso(d: datetime) -> str:
    """botocore's datetime as the CLI prints it: ``2021-03-15T09:12:44+00:00`` (microseconds when set)."""
    return d.isoformat()


def iso_ms(d: datetime, ms: int) -> str:
    """A timestamp with milliseconds, e.g. ``2021-03-15T09:12:44.123000+00:00``."""
    return d.replace(microsecond=ms * 1000).isoformat()


def zulu_ms(d: datetime) -> str:
    """``2021-03-15T09:12:44.000Z`` (services that return timestamps as strings: GuardDuty, Security Hub)."""
    return d.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def lambda_time(d: datetime) -> str:
    """Lambda's ``LastModified``: ``2026-09-14T10:22:31.000+0000``."""
    return d.strftime("%Y-%m-%dT%H:%M:%S.000+0000")


def cred_time(d: datetime) -> str:
    """A credential-report date: ``2021-03-15T09:12:44+00:00``."""
    return d.replace(microsecond=0).isoformat()


def doc(*statements: dict[str, Any]) -> dict[str, Any]:
    return {"Version": "2012-10-17", "Statement": list(statements)}


def doc_text(*statements: dict[str, Any], sid: str | None = None) -> str:
    """A policy document as the string AWS returns for resource policies (KMS, S3, Secrets...)."""
    d: dict[str, Any] = {"Version": "2012-10-17"}
    if sid:
        d["Id"] = sid
    d["Statement"] = list(statements)
    return json.dumps(d, separators=(",", ":"))


# ---- the writer -----------------------------------------------------------------------------------
class Writer:
    """Collects the snapshot's files (relative path -> JSON), then writes them in one go."""

    def __init__(self) -> None:
        self.files: dict[str, Any] = {}

    def put(self, rel: str, data: Any) -> None:
        if rel in self.files:
            raise ValueError(f"written twice: {rel}")
        self.files[rel] = data

    def call(self, account: str, region: str, service: str, operation: str, data: Any, key: str | None = None) -> None:
        self.put(layout.call_path(account, region, service, operation, key), data)

    def error(
        self, account: str, region: str, service: str, operation: str, code: str, message: str, key: str | None = None
    ) -> None:
        path = layout.error_path(layout.call_path(account, region, service, operation, key))
        self.put(path, {"Error": {"Code": code, "Message": message}})

    def org(self, operation: str, data: Any, key: str | None = None) -> None:
        self.put(layout.org_path(operation, key), data)

    def has(self, account: str, region: str, service: str, operation: str, key: str | None = None) -> bool:
        path = layout.call_path(account, region, service, operation, key)
        return path in self.files or layout.error_path(path) in self.files

    def write(self, out: Path) -> int:
        for rel in sorted(self.files):
            target = out / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(json.dumps(self.files[rel], indent=4, ensure_ascii=False) + "\n", encoding="utf-8")
        return len(self.files)


# ---- cross-referenced resource names --------------------------------------------------------------
def kms_key_id(account: str, region: str, name: str) -> str:
    return uid("kms", account, region, name)


def kms_key_arn(account: str, region: str, name: str) -> str:
    return f"arn:aws:kms:{region}:{account}:key/{kms_key_id(account, region, name)}"


def secret_arn(account: str, region: str, name: str) -> str:
    return f"arn:aws:secretsmanager:{region}:{account}:secret:{name}-{alnum('secret', account, region, name)}"


KMS_TRAIL = kms_key_arn(SECURITY, "us-east-1", "org-cloudtrail")
JOINED_FALLBACK = datetime(2020, 6, 3, 10, 17, 42, tzinfo=UTC)  # when Config was turned on org-wide
