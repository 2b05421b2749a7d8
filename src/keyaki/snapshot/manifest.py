"""``manifest.json``: what a snapshot holds (format version, when, which accounts and regions, gaps).

keyaki's own file, so it is a pydantic model; unknown fields are ignored so a newer collector's
manifest still loads, but an unknown *format version* is refused (exit code 2).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from keyaki.errors import SnapshotError
from keyaki.snapshot.layout import FORMAT_NAME, FORMAT_VERSION


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class ManifestAccount(_Model):
    id: str
    name: str | None = None
    regions: list[str] = Field(default_factory=list)
    organizational_unit: str | None = None


class ManifestGap(_Model):
    """A call the collector could not make, and why (AccessDenied, unsupported region...)."""

    error: str
    message: str | None = None
    account: str | None = None
    region: str | None = None
    service: str | None = None
    operation: str | None = None
    key: str | None = None


class ManifestOrganization(_Model):
    id: str
    management_account: str | None = None


class ManifestCollector(_Model):
    name: str = "keyaki"
    version: str | None = None


class Manifest(_Model):
    format: str = FORMAT_NAME
    format_version: int = FORMAT_VERSION
    created: str | None = None
    collector: ManifestCollector = Field(default_factory=ManifestCollector)
    organization: ManifestOrganization | None = None
    accounts: list[ManifestAccount] = Field(default_factory=list)
    gaps: list[ManifestGap] = Field(default_factory=list)
    description: str | None = None


def parse_manifest(raw: Any, where: str) -> Manifest:
    """Validate a manifest; a wrong shape or an unknown version is a one-line SnapshotError."""
    if not isinstance(raw, dict):
        raise SnapshotError("the manifest must be a JSON object", file=where)
    if raw.get("format", FORMAT_NAME) != FORMAT_NAME:
        raise SnapshotError(f"unknown snapshot format `{raw.get('format')}` (expected `{FORMAT_NAME}`)", file=where)
    version = raw.get("format_version")
    if version != FORMAT_VERSION:
        raise SnapshotError(
            f"unknown snapshot format version `{version}` (this keyaki reads version {FORMAT_VERSION})",
            file=where,
            location="/format_version",
        )
    try:
        return Manifest.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = "/" + "/".join(str(p) for p in first["loc"])
        raise SnapshotError(first["msg"].lower(), file=where, location=loc) from exc
