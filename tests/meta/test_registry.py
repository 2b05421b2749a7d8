"""Registry-wide invariants: every check has complete metadata, an id equal to its file name and key,
valid framework mappings, a PASS on the compliant baseline, a FAIL fixture, and NOT_EVALUATED (never
PASS) when its data was not collected."""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest

from keyaki.checks.catalog import CHECK_MODULES, checks
from keyaki.checks.registry import Check, Context, Outcome, Result
from keyaki.findings.model import Severity
from keyaki.snapshot.layout import CALLS_BY_NAME

from .checks_cases import FAIL
from .checks_snapshot import OPTIONS, Files, baseline, manifest, snapshot

ALL = checks()
IDS = list(ALL)


def _results(check: Check[Any], files: Files) -> list[Result]:
    return list(Context(snapshot(files), OPTIONS).run(check))


@pytest.fixture(scope="module")
def base_context() -> Context:
    return Context(snapshot(baseline()), OPTIONS)


def test_registry_is_large_and_unique() -> None:
    assert len(IDS) == len(CHECK_MODULES) == len(set(IDS))


@pytest.mark.parametrize("name", CHECK_MODULES)
def test_id_equals_file_name_and_key(name: str) -> None:
    check_id = name.rsplit(".", 1)[1]
    assert ALL[check_id].meta.id == check_id
    assert name.split(".")[0].rstrip("_") == ALL[check_id].meta.service


@pytest.mark.parametrize("check_id", IDS)
def test_metadata_complete(check_id: str) -> None:
    m = ALL[check_id].meta
    assert re.fullmatch(r"[a-z0-9]+(_[a-z0-9]+)+", m.id)
    assert isinstance(m.severity, Severity)
    for field in ("title", "service", "resource_type", "rationale", "remediation"):
        assert getattr(m, field).strip(), field
    assert m.doc.startswith("https://docs.aws.amazon.com/"), m.doc
    assert "aws " in m.remediation or "console" in m.remediation.lower() or "Sign in" in m.remediation
    assert m.needs
    for need in m.needs:
        service, op = need.split(" ")
        assert (service, op) in CALLS_BY_NAME, need


@pytest.mark.parametrize("check_id", IDS)
def test_passes_on_compliant_baseline(check_id: str, base_context: Context) -> None:
    results = list(base_context.run(ALL[check_id]))
    outcomes = {r.outcome for r in results}
    assert Outcome.PASS in outcomes, results
    assert outcomes == {Outcome.PASS}, [r for r in results if r.outcome is not Outcome.PASS]
    assert all(r.summary for r in results)


@pytest.mark.parametrize("check_id", IDS)
def test_fails_on_its_fixture(check_id: str) -> None:
    assert check_id in FAIL, f"no FAIL fixture for {check_id}"
    files = baseline()
    FAIL[check_id](files)
    failed = [r for r in _results(ALL[check_id], files) if r.outcome is Outcome.FAIL]
    assert failed
    assert all(r.summary and r.resource.startswith("arn:") for r in failed)


@pytest.mark.parametrize("check_id", IDS)
def test_not_collected_is_never_pass(check_id: str) -> None:
    results = _results(ALL[check_id], {"manifest.json": copy.deepcopy(manifest())})
    assert results
    assert {r.outcome for r in results} == {Outcome.NOT_EVALUATED}
    assert all("not collected" in r.summary for r in results)


def test_fail_fixtures_name_real_checks() -> None:
    assert set(FAIL) <= set(IDS)


def test_framework_mappings_point_to_real_checks() -> None:
    from keyaki.checks.frameworks import frameworks

    fws = frameworks()
    assert set(fws) == {"cis-aws-foundations-benchmark/v3.0.0", "aws-foundational-security-best-practices/v1.0.0"}
    for fw in fws.values():
        for control, c in fw.controls.items():
            assert set(c.checks) <= set(IDS), (fw.standard, control, set(c.checks) - set(IDS))
            assert c.checks or c.note, (fw.standard, control)
    automated = [c for c in fws["cis-aws-foundations-benchmark/v3.0.0"].controls.values() if c.checks]
    assert len(automated) >= 35
