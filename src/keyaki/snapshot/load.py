"""Open a snapshot and read its AWS responses, permissively.

Loading never guesses: a file that is absent is "not collected" (a coverage gap, never "no
resources"); a call AWS answered with a "not found" error is "collected, absent"; an AccessDenied or a
corrupt file is a coverage gap naming the file (and line/column), and the rest of the snapshot still
loads. Only a snapshot that cannot be opened at all (not a snapshot, a truncated zip, an unreadable or
unknown-version manifest) raises :class:`keyaki.errors.SnapshotError` (exit code 2).

See ``docs/snapshot.md`` for the layout and how to produce a snapshot by hand with the AWS CLI.

>>> from keyaki.snapshot import open_snapshot
>>> snap = open_snapshot(demo_path())  # doctest: +SKIP
>>> snap.call("111111111111", "global", "iam", "get-account-summary").ok  # doctest: +SKIP
True
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from keyaki.errors import SnapshotError
from keyaki.snapshot import layout
from keyaki.snapshot.manifest import Manifest, ManifestGap, parse_manifest
from keyaki.snapshot.storage import DirStorage, Storage, ZipStorage


class Status(StrEnum):
    """What the snapshot says about one call."""

    OK = "ok"  # the response is there
    NOT_FOUND = "not_found"  # collected: AWS said the thing does not exist (a bucket without policy)
    NOT_COLLECTED = "not_collected"  # no file: the collector did not read it
    FAILED = "failed"  # AccessDenied, an unsupported call, or a corrupt file


@dataclass(frozen=True, slots=True)
class Response:
    """One call's answer as the snapshot holds it."""

    path: str
    status: Status
    data: Any = None
    error_code: str | None = None
    message: str | None = None

    @property
    def ok(self) -> bool:
        return self.status is Status.OK

    def get(self, key: str, default: Any = None) -> Any:
        """A top-level field of the response (``default`` when not OK or absent)."""
        if self.status is Status.OK and isinstance(self.data, dict):
            return self.data.get(key, default)
        return default


@dataclass(frozen=True, slots=True)
class Gap:
    """Something the snapshot does not hold, and why: reported, never treated as "nothing there"."""

    path: str
    reason: str  # "not_collected", an AWS error code such as "AccessDenied", or "unreadable"
    message: str
    account: str | None = None
    region: str | None = None
    service: str | None = None
    operation: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__slots__ if getattr(self, k) is not None}


@dataclass
class Snapshot:
    """A loaded snapshot: typed access to verbatim AWS responses, with its coverage gaps."""

    storage: Storage
    manifest: Manifest
    kind: str = "snapshot"  # "snapshot", "zip", "ec2-describe-folder", "gaad"
    _cache: dict[str, Response] = field(default_factory=dict, repr=False)
    _gaps: dict[str, Gap] = field(default_factory=dict, repr=False)

    # ---- what is in it --------------------------------------------------------------------------
    @property
    def display(self) -> str:
        return self.storage.display

    def accounts(self) -> list[str]:
        """Account ids in the snapshot (manifest order, then any folder the manifest missed)."""
        ids = [a.id for a in self.manifest.accounts]
        ids += [d for d in self.storage.listdir(layout.ACCOUNTS_DIR) if d not in ids]
        return ids

    def account_name(self, account: str) -> str | None:
        for a in self.manifest.accounts:
            if a.id == account:
                return a.name
        return None

    def regions(self, account: str) -> list[str]:
        """Regions collected for ``account`` (never ``global``)."""
        declared = next((a.regions for a in self.manifest.accounts if a.id == account), [])
        on_disk = self.storage.listdir(f"{layout.ACCOUNTS_DIR}/{account}")
        seen = [r for r in declared if r != layout.GLOBAL]
        return seen + [r for r in on_disk if r != layout.GLOBAL and r not in seen]

    # ---- reading calls ----------------------------------------------------------------------------
    def call(self, account: str, region: str, service: str, operation: str, key: str | None = None) -> Response:
        """The response of one call of one account and region (``region="global"`` for IAM, S3)."""
        rel = layout.call_path(account, region, service, operation, key)
        where = {"account": account, "region": region, "service": service, "operation": operation}
        return self._read(rel, where)

    def org(self, operation: str, key: str | None = None) -> Response:
        """The response of an Organizations call."""
        return self._read(layout.org_path(operation, key), {"service": "organizations", "operation": operation})

    def keys(self, account: str, region: str, service: str, operation: str) -> list[str]:
        """The keys of the per-resource files present for a call (bucket names, key ids...)."""
        rel = f"{layout.ACCOUNTS_DIR}/{account}/{region}/{service}/{operation}"
        return _keys_in(self.storage.listdir(rel))

    def org_keys(self, operation: str) -> list[str]:
        return _keys_in(self.storage.listdir(f"{layout.ORG_DIR}/{operation}"))

    def has_organization(self) -> bool:
        return self.org("describe-organization").ok

    # ---- gaps -------------------------------------------------------------------------------------
    def gaps(self) -> list[Gap]:
        """Every coverage gap: the collector's (manifest) and those met while reading, in order."""
        out = [_gap_from_manifest(g) for g in self.manifest.gaps]
        seen = {(g.path, g.reason) for g in out}  # the collector's gap and its .error.json are one gap
        return out + [g for g in self._gaps.values() if (g.path, g.reason) not in seen]

    def note_gap(self, gap: Gap) -> None:
        """Record a gap an analysis found (e.g. an unreadable policy inside a good file)."""
        self._gaps.setdefault(f"{gap.path}#{gap.reason}#{gap.message}", gap)

    def validate(self) -> list[Gap]:
        """Read every JSON file of the snapshot; return the unreadable ones (``keyaki snapshot check``)."""
        bad: list[Gap] = []
        for rel in self._all_files(""):
            if rel.endswith(".json") and rel != layout.MANIFEST:
                r = self._read(rel, {})
                if r.status is Status.FAILED and r.error_code == "unreadable":
                    bad.append(self._gaps[f"{rel}#unreadable#{r.message}"])
        return bad

    def _all_files(self, rel: str) -> list[str]:
        out: list[str] = []
        for name in self.storage.listdir(rel):
            child = f"{rel}/{name}" if rel else name
            if self.storage.exists(child):
                out.append(child)
            else:
                out.extend(self._all_files(child))
        return out

    def _read(self, rel: str, where: dict[str, str]) -> Response:
        cached = self._cache.get(rel)
        if cached is not None:
            return cached
        resp = self._load(rel, where)
        self._cache[rel] = resp
        return resp

    def _load(self, rel: str, where: dict[str, str]) -> Response:
        if self.storage.exists(rel):
            return self._parse(rel, where)
        err_rel = layout.error_path(rel)
        if self.storage.exists(err_rel):
            return self._error_file(rel, err_rel, where)
        self._gap(Gap(rel, "not_collected", "not in the snapshot", **where))
        return Response(rel, Status.NOT_COLLECTED)

    def _parse(self, rel: str, where: dict[str, str]) -> Response:
        try:
            data = parse_json(self.storage.read_bytes(rel), self.storage.describe(rel))
        except SnapshotError as exc:
            self._gap(Gap(rel, "unreadable", exc.render(), **where))
            return Response(rel, Status.FAILED, error_code="unreadable", message=exc.render())
        return Response(rel, Status.OK, data=data)

    def _error_file(self, rel: str, err_rel: str, where: dict[str, str]) -> Response:
        try:
            err = parse_json(self.storage.read_bytes(err_rel), self.storage.describe(err_rel))
        except SnapshotError as exc:
            self._gap(Gap(err_rel, "unreadable", exc.render(), **where))
            return Response(rel, Status.FAILED, error_code="unreadable", message=exc.render())
        body = err.get("Error", err) if isinstance(err, dict) else {}
        code = str(body.get("Code", "UnknownError")) if isinstance(body, dict) else "UnknownError"
        msg = str(body.get("Message", "")) if isinstance(body, dict) else ""
        if code in layout.NOT_FOUND_CODES:
            return Response(rel, Status.NOT_FOUND, error_code=code, message=msg)
        self._gap(Gap(rel, code, msg or code, **where))
        return Response(rel, Status.FAILED, error_code=code, message=msg)

    def _gap(self, gap: Gap) -> None:
        self.note_gap(gap)


def _keys_in(names: list[str]) -> list[str]:
    keys: set[str] = set()
    for n in names:
        if n.endswith(layout.ERROR_SUFFIX):
            keys.add(layout.decode_key(n[: -len(layout.ERROR_SUFFIX)]))
        elif n.endswith(".json"):
            keys.add(layout.decode_key(n[: -len(".json")]))
    return sorted(keys)


def _gap_from_manifest(g: ManifestGap) -> Gap:
    if g.operation and g.account:
        rel = layout.call_path(g.account, g.region or layout.GLOBAL, g.service or "?", g.operation, g.key)
    elif g.operation:
        rel = layout.org_path(g.operation, g.key)
    else:
        rel = f"{layout.ACCOUNTS_DIR}/{g.account or '?'}"
    return Gap(rel, g.error, g.message or g.error, g.account, g.region, g.service, g.operation)


def parse_json(raw: bytes, where: str) -> Any:
    """Parse JSON bytes; a failure is a one-line :class:`SnapshotError` with file, line and column."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SnapshotError(f"not UTF-8 text (byte {exc.start})", file=where) from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        loc = f"line {exc.lineno} column {exc.colno}"
        raise SnapshotError(f"invalid JSON: {exc.msg.lower()}", file=where, location=loc) from exc


def open_snapshot(path: str | Path) -> Snapshot:
    """Open a snapshot folder, a ``.zip`` of one, or a folder of EC2 ``describe-*`` outputs per region."""
    p = Path(path)
    if not p.exists():
        raise SnapshotError("no such file or folder", file=str(p))
    if p.is_file():
        if not p.suffix.lower() == ".zip":
            raise SnapshotError("a snapshot is a folder or a `.zip` of one", file=str(p))
        return _open_storage(ZipStorage(p), kind="zip")
    from keyaki.snapshot.importers import describe_folder_storage

    if not (p / layout.MANIFEST).exists() and not (p / layout.ACCOUNTS_DIR).is_dir():
        found = describe_folder_storage(p)
        if found is None:
            raise SnapshotError(
                "not a snapshot: no `manifest.json`, no `accounts/` folder, and no region folders of "
                "EC2 `describe-*` outputs",
                file=str(p),
            )
        return Snapshot(found[0], found[1], kind="ec2-describe-folder")
    return _open_storage(DirStorage(p), kind="snapshot")


def _open_storage(storage: Storage, kind: str) -> Snapshot:
    if storage.exists(layout.MANIFEST):
        raw = parse_json(storage.read_bytes(layout.MANIFEST), storage.describe(layout.MANIFEST))
        manifest = parse_manifest(raw, storage.describe(layout.MANIFEST))
    elif storage.listdir(layout.ACCOUNTS_DIR):
        manifest = Manifest()  # a hand-made snapshot without a manifest: accounts come from the folders
    else:
        raise SnapshotError("not a snapshot: no `manifest.json` and no `accounts/` folder", file=storage.display)
    return Snapshot(storage, manifest, kind=kind)
