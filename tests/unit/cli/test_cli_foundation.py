"""What users see from the foundation commands: output, JSON, exit codes and one-line errors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from keyaki import __version__

GAAD_FILE = Path(__file__).parents[2] / "corpus" / "gaad" / "small-account.json"
ACCT = "111122223333"


def test_version(cli):
    code, out, _ = cli("--version")
    assert code == 0 and out.strip() == f"keyaki {__version__}"


def test_scan_json_on_a_snapshot_with_a_refused_call(cli, make_snapshot):
    manifest = {
        "format": "keyaki-snapshot",
        "format_version": 1,
        "created": "2026-11-01T12:00:00Z",
        "accounts": [{"id": ACCT, "regions": ["us-east-1"]}],
        "gaps": [
            {
                "account": ACCT,
                "region": "us-east-1",
                "service": "guardduty",
                "operation": "list-detectors",
                "error": "AccessDeniedException",
                "message": "not authorized to perform guardduty:ListDetectors",
            }
        ],
    }
    code, out, err = cli("scan", "--snapshot", str(make_snapshot({}, manifest)), "--format", "json")
    assert code == 0, err
    report = json.loads(out)
    assert set(report) >= {"snapshot", "summary", "findings", "coverage_gaps", "analysis_errors"}
    assert report["analysis_errors"] == []
    gap_findings = [f for f in report["findings"] if f["type"] == "keyaki/coverage-gap"]
    assert len(gap_findings) == 1
    f = gap_findings[0]
    assert f["severity"] == "INFORMATIONAL" and f["account"] == ACCT and f["id"].startswith("ky-")
    assert "guardduty:ListDetectors" in f["evidence"]["summary"]
    # the same snapshot scanned twice gives the same ids
    _, out2, _ = cli("scan", "--snapshot", str(make_snapshot({}, manifest)), "--format", "json")
    assert [x["id"] for x in json.loads(out2)["findings"]] == [x["id"] for x in report["findings"]]


def test_fail_on_threshold(cli, make_snapshot):
    manifest = {
        "format": "keyaki-snapshot",
        "format_version": 1,
        "accounts": [{"id": ACCT}],
        "gaps": [{"account": ACCT, "service": "iam", "operation": "get-account-summary", "error": "AccessDenied"}],
    }
    snap = str(make_snapshot({}, manifest))
    assert cli("scan", "-s", snap, "--format", "json", "--fail-on", "informational")[0] == 1
    assert cli("scan", "-s", snap, "--format", "json", "--fail-on", "LOW")[0] == 0
    code, _, err = cli("scan", "-s", snap, "--fail-on", "urgent")
    assert code == 2 and "`--fail-on urgent` is not a severity" in err


def test_bad_inputs_are_one_line_errors_with_exit_2(cli, tmp_path: Path):
    (tmp_path / "manifest.json").write_text('{"format": "keyaki-snapshot", "format_version": 7}')
    code, out, err = cli("scan", "--snapshot", str(tmp_path))
    assert code == 2 and out == ""
    assert err.startswith("keyaki: error: ") and "format version `7`" in err and err.count("\n") == 1
    assert "Traceback" not in err
    code, _, err = cli("scan", "--snapshot", str(tmp_path / "missing"))
    assert code == 2 and "no such file or folder" in err


def test_unknown_format_is_usage_error(cli, make_snapshot):
    code, _, err = cli("scan", "-s", str(make_snapshot({})), "--format", "docx")
    assert code == 2 and "unknown format `docx`" in err


def test_snapshot_check_reports_unreadable_file(cli, make_snapshot):
    snap = make_snapshot({f"accounts/{ACCT}/us-east-1/ec2/describe-vpcs.json": '{"Vpcs": ['})
    code, out, _ = cli("snapshot", "check", str(snap), "--format", "json")
    assert code == 2
    report = json.loads(out)
    assert report["unreadable"][0]["path"] == f"accounts/{ACCT}/us-east-1/ec2/describe-vpcs.json"
    assert "line 1 column" in report["unreadable"][0]["message"]


def test_import_gaad_then_load(cli, tmp_path: Path):
    out_dir = tmp_path / "snap"
    code, _, err = cli("import", "gaad", str(GAAD_FILE), "--out", str(out_dir))
    assert code == 0, err
    code, out, _ = cli("snapshot", "check", str(out_dir), "--format", "json")
    assert code == 0
    assert json.loads(out)["accounts"][0]["id"] == ACCT
    assert (out_dir / f"accounts/{ACCT}/global/iam/get-account-authorization-details.json").is_file()
    # importing again into a non-empty folder refuses rather than overwrite
    code, _, err = cli("import", "gaad", str(GAAD_FILE), "--out", str(out_dir))
    assert code == 2 and "not empty" in err


def test_import_gaad_bad_inputs(cli, tmp_path: Path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"UserDetailList": [}')
    code, _, err = cli("import", "gaad", str(bad), "--out", str(tmp_path / "o"))
    assert code == 2 and "bad.json: line 1 column" in err
    other = tmp_path / "other.json"
    other.write_text('{"Reservations": []}')
    code, _, err = cli("import", "gaad", str(other), "--out", str(tmp_path / "o2"))
    assert code == 2 and "not a `get-account-authorization-details` export" in err


def test_import_real_cloudsplaining_export_if_available(cli, tmp_path: Path):
    import os

    corpora = Path(os.environ.get("KEYAKI_CORPORA", Path(__file__).parents[3] / ".." / "shared" / "corpora"))
    src = corpora / "gaad" / "cloudsplaining-example.json"
    if not src.is_file():
        import pytest

        pytest.skip("shared corpora not present")
    local = tmp_path / "gaad.json"
    shutil.copy(src, local)
    code, _, err = cli("import", "gaad", str(local), "--out", str(tmp_path / "s"))
    assert code == 0, err
