"""Robustness on a real GAAD export (``$KEYAKI_CORPORA/gaad``): every check runs without error, checks
needing other data are NOT_EVALUATED, and a NotAction grant of everything is caught as admin."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from keyaki.checks.analysis import evaluate
from keyaki.checks.catalog import checks
from keyaki.checks.registry import Outcome
from keyaki.scan import ScanOptions, default_now
from keyaki.snapshot import open_snapshot
from keyaki.snapshot.importers import import_gaad

pytestmark = pytest.mark.corpus


def _gaad() -> Path:
    root = os.environ.get("KEYAKI_CORPORA")
    path = Path(root) / "gaad" / "cloudsplaining-example.json" if root else None
    if path is None or not path.is_file():
        pytest.skip("KEYAKI_CORPORA unset or gaad absent")
    return path


def test_every_check_runs_on_a_real_gaad_export(tmp_path: Path) -> None:
    snap = open_snapshot(import_gaad(_gaad(), tmp_path / "snap"))
    results, errors = evaluate(snap, ScanOptions(now=default_now(snap)))
    assert errors == []
    registry = checks()
    for cid, rs in results.items():
        if "iam get-account-authorization-details" not in registry[cid].meta.needs:
            assert {r.outcome for r in rs} <= {Outcome.NOT_EVALUATED}, cid
    admin = {r.resource.rsplit("/", 1)[-1] for r in results["iam_no_admin_policies"] if r.outcome is Outcome.FAIL}
    assert "fn4-exploitableNotAction" in admin and "fp2-allow-all" in admin
