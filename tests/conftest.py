"""Shared fixtures: build real-shaped snapshots on disk from ``{layout path: AWS JSON}``."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from keyaki.snapshot.layout import FORMAT_VERSION

# Property tests never time individual examples (these machines are shared and noisy), and in CI they are
# derandomized so a run is reproducible; locally they explore new examples every run.
settings.register_profile("keyaki", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("ci", parent=settings.get_profile("keyaki"), derandomize=True, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "keyaki"))

MANIFEST = {
    "format": "keyaki-snapshot",
    "format_version": FORMAT_VERSION,
    "created": "2026-11-01T12:00:00Z",
    "accounts": [{"id": "111122223333", "name": "prod", "regions": ["us-east-1"]}],
    "gaps": [],
}


def write_snapshot(root: Path, files: dict[str, Any], manifest: dict[str, Any] | None = MANIFEST) -> Path:
    """Write ``files`` (relative path -> JSON value, or str/bytes written as is) and a manifest under ``root``."""
    root.mkdir(parents=True, exist_ok=True)
    if manifest is not None:
        (root / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    for rel, content in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            p.write_bytes(content)
        elif isinstance(content, str):
            p.write_text(content, encoding="utf-8")
        else:
            p.write_text(json.dumps(content, indent=2), encoding="utf-8")
    return root


@pytest.fixture
def make_snapshot(tmp_path: Path) -> Callable[..., Path]:
    """``make_snapshot({path: json}, manifest=...)`` -> a snapshot folder in a fresh temp dir."""
    counter = iter(range(1_000_000))

    def make(files: dict[str, Any], manifest: dict[str, Any] | None = MANIFEST) -> Path:
        return write_snapshot(tmp_path / f"snap{next(counter)}", files, manifest)

    return make


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str, str]]:
    """Run ``keyaki ARGS`` in-process as a user would: returns (exit code, stdout, stderr)."""
    from keyaki.cli.main import main

    def run(*args: str) -> tuple[int, str, str]:
        capsys.readouterr()
        try:
            main(list(args))
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        out, err = capsys.readouterr()
        return code, out, err

    return run
