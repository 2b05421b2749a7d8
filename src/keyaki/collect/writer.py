"""Write AWS responses into a snapshot folder exactly as ``aws ... --output json`` prints them.

The AWS CLI prints a response without ``ResponseMetadata``, datetimes in ISO 8601
(``datetime.isoformat()``, e.g. ``2024-05-01T12:00:00+00:00``), blobs base64-encoded (the credential
report's ``Content``), indented by four spaces and without escaping non-ASCII characters
(https://docs.aws.amazon.com/cli/latest/userguide/cli-usage-output-format.html, and the CLI's
``awscli.utils.json_encoder``). Paginated calls are merged as ``--no-paginate``-less CLI runs merge
them: botocore's ``build_full_result`` concatenates the list fields of every page.

Files are written atomically (a temporary file renamed into place), so an interrupted run never
leaves a half-written response behind and ``--resume`` can trust every file it finds.

>>> cli_json({"When": __import__("datetime").datetime(2024, 5, 1, 12, 0)})
'{\\n    "When": "2024-05-01T12:00:00"\\n}\\n'
"""

from __future__ import annotations

import base64
import datetime
import json
import os
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from keyaki.snapshot import layout
from keyaki.snapshot.manifest import Manifest, ManifestGap


def _encode(obj: Any) -> Any:
    """What the AWS CLI's JSON encoder does with values JSON cannot hold."""
    if isinstance(obj, datetime.datetime | datetime.date):
        return obj.isoformat()
    if isinstance(obj, bytes | bytearray):
        return base64.b64encode(bytes(obj)).decode("ascii")
    if hasattr(obj, "read"):  # a streaming body (never expected from the calls keyaki makes)
        return obj.read().decode("utf-8", "replace")
    raise TypeError(f"cannot write a value of type {type(obj).__name__} as JSON")


def cli_json(data: Any) -> str:
    """``data`` as the AWS CLI prints it with ``--output json``."""
    return json.dumps(data, indent=4, ensure_ascii=False, default=_encode) + "\n"


def strip_metadata(response: dict[str, Any]) -> dict[str, Any]:
    """The response without botocore's ``ResponseMetadata`` (the CLI never prints it)."""
    return {k: v for k, v in response.items() if k != "ResponseMetadata"}


@dataclass
class Stats:
    """What a collection did, for the summary (thread-safe counters)."""

    calls: int = 0
    skipped: int = 0
    not_found: int = 0
    files: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, **counts: int) -> None:
        with self._lock:
            for name, n in counts.items():
                setattr(self, name, getattr(self, name) + n)


class Writer:
    """A snapshot folder being written: responses, error files, gaps and, at the end, the manifest."""

    def __init__(self, root: Path, *, resume: bool = False) -> None:
        self.root = root
        self.resume = resume
        self.stats = Stats()
        self._gaps: list[ManifestGap] = []
        self._lock = threading.Lock()
        root.mkdir(parents=True, exist_ok=True)

    # ---- resume -------------------------------------------------------------------------------
    def done(self, rel: str) -> bool:
        """With ``--resume``: is this call already on disk (a response, or a "not found" answer)?

        Other error files (AccessDenied, throttling that outlasted the retries) are tried again.
        """
        if not self.resume:
            return False
        if (self.root / rel).is_file():
            return True
        err = self.root / layout.error_path(rel)
        return err.is_file() and _error_code(err) in layout.NOT_FOUND_CODES

    def read(self, rel: str) -> Any:
        """A response already on disk (``None`` when only an error file is there)."""
        path = self.root / rel
        if not path.is_file():
            return None
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    # ---- writing ------------------------------------------------------------------------------
    def write(self, rel: str, data: Any) -> None:
        """Write one response; a stale error file for the same call is removed."""
        self._atomic(rel, cli_json(data))
        err = self.root / layout.error_path(rel)
        if err.exists():
            err.unlink()
        self.stats.add(files=1)

    def write_error(self, rel: str, code: str, message: str) -> None:
        """Keep the error AWS answered beside the response it replaced."""
        self._atomic(layout.error_path(rel), cli_json({"Error": {"Code": code, "Message": message}}))
        self.stats.add(files=1, not_found=int(code in layout.NOT_FOUND_CODES))

    def gap(self, gap: ManifestGap) -> None:
        with self._lock:
            self._gaps.append(gap)

    @property
    def gaps(self) -> list[ManifestGap]:
        with self._lock:
            return list(self._gaps)

    def write_manifest(self, manifest: Manifest) -> None:
        self._atomic(layout.MANIFEST, cli_json(manifest.model_dump(mode="json", exclude_none=True)))

    def _atomic(self, rel: str, text: str) -> None:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)


def _error_code(path: Path) -> str | None:
    try:
        body = json.loads(path.read_text(encoding="utf-8")).get("Error", {})
    except (OSError, ValueError, AttributeError):
        return None
    return body.get("Code") if isinstance(body, dict) else None
