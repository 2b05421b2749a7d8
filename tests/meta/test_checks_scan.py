"""The checks analysis inside ``keyaki scan`` (findings, scores section) and the ``keyaki posture`` CLI."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from keyaki.checks.analysis import evaluate, scores
from keyaki.scan import ANALYSES, run_scan

from .checks_cases import FAIL
from .checks_snapshot import MGMT, OPTIONS, SEC, baseline, snapshot

CIS = "cis-aws-foundations-benchmark/v3.0.0"
FSBP = "aws-foundational-security-best-practices/v1.0.0"


def test_registered_once_in_scan() -> None:
    assert "checks" in ANALYSES


def test_compliant_baseline_scores_one_and_has_no_check_findings() -> None:
    result = run_scan(snapshot(baseline()), OPTIONS, only=["checks"])
    assert result.errors == []
    assert [f for f in result.findings if f.type.startswith("check/")] == []
    data = result.sections["scores"]
    by_std = {s["standard"]: s for s in data["standards"]}
    assert set(by_std) == {CIS, FSBP}
    assert by_std[CIS]["controls_failed"] == by_std[CIS]["controls_not_evaluated"] == 0
    assert by_std[CIS]["score"] == 1.0 and by_std[CIS]["controls_passed"] >= 30
    assert set(by_std[CIS]["by_account"]) == {MGMT, SEC}
    assert {"controls_passed", "controls_failed", "controls_not_evaluated", "score"} <= set(
        by_std[CIS]["by_account"][SEC]
    )
    assert all(set(c) == {"check", "passed", "failed", "not_evaluated"} for c in data["checks"])


def test_a_failure_becomes_a_finding_with_standards_evidence_and_remediation() -> None:
    files = baseline()
    FAIL["iam_root_access_key"](files)
    FAIL["ec2_sg_admin_ports_ipv4"](files)
    result = run_scan(snapshot(files), OPTIONS, only=["checks"])
    found = {f.type: f for f in result.findings}
    root = found["check/iam_root_access_key"]
    assert root.title == "Failed: The root user has no active access key"
    assert root.account == MGMT and root.resource == f"arn:aws:iam::{MGMT}:root"
    assert {(s.standard, s.control) for s in root.standards} == {(CIS, "1.4"), (FSBP, "IAM.4")}
    assert "1 active access key" in root.evidence.summary
    assert root.evidence.sources == [f"accounts/{MGMT}/global/iam/get-credential-report.json"]
    assert "aws iam get-account-summary" in root.remediation
    sg = found["check/ec2_sg_admin_ports_ipv4"]
    assert sg.region == "us-east-1" and sg.evidence.details["observed"]["open"] == ["tcp/3389 from 0.0.0.0/0"]
    cis = next(s for s in result.sections["scores"]["standards"] if s["standard"] == CIS)
    assert cis["controls_failed"] == 2
    assert cis["by_account"][MGMT]["controls_failed"] == 1 and cis["by_account"][SEC]["controls_failed"] == 1
    assert 0 < cis["score"] < 1


def test_finding_ids_are_stable_across_runs() -> None:
    files = baseline()
    FAIL["iam_access_key_rotated"](files)
    a = run_scan(snapshot(files), OPTIONS, only=["checks"]).findings
    b = run_scan(snapshot(files), OPTIONS, only=["checks"]).findings
    assert [f.id for f in a] == [f.id for f in b] and a


def test_not_collected_counts_against_the_score() -> None:
    results, errors = evaluate(snapshot({}), OPTIONS)
    assert errors == []
    cis = next(s for s in scores(results)["standards"] if s["standard"] == CIS)
    assert cis["controls_passed"] == 0 and cis["controls_not_evaluated"] > 0 and cis["score"] == 0.0


def test_cli_list_json_and_markdown(cli: Callable[..., tuple[int, str, str]]) -> None:
    code, out, _ = cli("posture", "list", "--format", "json")
    items = json.loads(out)
    assert code == 0 and len(items) >= 110
    first = items[0]
    assert {"id", "severity", "doc", "needs", "standards", "remediation"} <= set(first)
    code, out, _ = cli("posture", "list", "--format", "markdown")
    assert code == 0 and out.startswith("# Posture checks") and "| [`iam_root_access_key`]" in out
    code, _, err = cli("posture", "list", "--format", "xml")
    assert code == 2 and "unknown format `xml`" in err


def test_cli_run_exit_codes(cli: Callable[..., tuple[int, str, str]], make_snapshot: Callable[..., Path]) -> None:
    files = baseline()
    manifest = files.pop("manifest.json")
    good = make_snapshot(files, manifest)
    code, out, _ = cli("posture", "run", "--snapshot", str(good), "--check", "iam_root_mfa", "--format", "json")
    data = json.loads(out)
    assert code == 0 and {r["outcome"] for r in data["results"]} == {"PASS"} and len(data["results"]) == 2
    FAIL["iam_root_mfa"](files)
    bad = make_snapshot(files, manifest)
    code, out, _ = cli("posture", "run", "--snapshot", str(bad), "--check", "iam_root_mfa", "--format", "json")
    assert code == 1 and "FAIL" in {r["outcome"] for r in json.loads(out)["results"]}
    code, _, err = cli("posture", "run", "--snapshot", str(bad), "--check", "nope")
    assert code == 2 and "unknown check `nope`" in err


def test_docs_checks_md_is_generated_from_the_registry() -> None:
    from pathlib import Path

    from keyaki.cli.checks import catalog, markdown

    doc = Path(__file__).resolve().parents[2] / "docs" / "checks.md"
    assert doc.read_text(encoding="utf-8") == markdown(catalog()), (
        "docs/checks.md is stale: run `keyaki posture list --format markdown > docs/checks.md`"
    )


def test_cli_run_table(cli: Callable[..., tuple[int, str, str]], make_snapshot: Callable[..., Path]) -> None:
    files = baseline()
    manifest = files.pop("manifest.json")
    FAIL["ec2_imdsv2"](files)
    code, out, err = cli("posture", "run", "--snapshot", str(make_snapshot(files, manifest)), "--check", "ec2_imdsv2")
    assert code == 1 and "FAIL" in out and "HttpTokens=optional" in out
    assert "passed, 1 failed, 0 not evaluated" in err


def test_an_organisation_account_missing_from_the_snapshot_is_not_evaluated_by_every_check() -> None:
    from keyaki.snapshot.layout import org_path

    files = baseline()
    listed = files[org_path("list-accounts")]["Accounts"]
    listed.append({**listed[1], "Id": "333333333333", "Name": "forgotten"})
    listed.append({**listed[1], "Id": "444444444444", "Name": "gone", "Status": "SUSPENDED"})
    results, errors = evaluate(snapshot(files), OPTIONS)
    assert errors == []
    for cid, rs in results.items():
        forgotten = [r for r in rs if r.account == "333333333333"]
        assert all(r.outcome.value == "NOT_EVALUATED" for r in forgotten), cid
        assert not [r for r in rs if r.account == "444444444444"], cid
    assert any(r.account == "333333333333" for r in results["config_recorder_enabled"])
    cis = next(s for s in scores(results)["standards"] if s["standard"] == CIS)
    assert cis["by_account"]["333333333333"]["controls_not_evaluated"] > 0
