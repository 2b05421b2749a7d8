"""``keyaki scan --format csv|sarif|asff|ocsf|html --output F`` and ``--suppressions``, as users run them."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from test_export_ocsf import validate_event
from test_export_sarif import validate_sarif

from keyaki.findings.export import EXPORTERS

RULES = """\
suppressions:
  - reason: accepted until the migration, RISK-42
    type: ["iam/role-*", "network/*"]
    expires: 2026-12-31
  - reason: public website, approved in SEC-1234
    resource: "arn:aws:s3:::acme-public-*"
  - reason: an old exception
    account: "444455556666"
    expires: 2026-01-01
"""

PARSERS = {
    "json": lambda t: json.loads(t)["findings"],
    "csv": lambda t: list(csv.DictReader(io.StringIO(t, newline=""))),
    "sarif": lambda t: json.loads(t)["runs"][0]["results"],
    "asff": json.loads,
    "ocsf": json.loads,
    "html": lambda t: [None] * t.count('<details class="finding '),
}


def test_every_registered_format_has_a_cli_test() -> None:
    assert set(EXPORTERS) == set(PARSERS)


@pytest.mark.parametrize("fmt", sorted(PARSERS))
def test_each_format_to_a_file(
    fmt: str, cli: Any, snapshot_dir: Path, posture_analysis: list[Any], tmp_path: Path
) -> None:
    out_file = tmp_path / f"report.{fmt}"
    code, out, err = cli("scan", "--snapshot", str(snapshot_dir), "--format", fmt, "--output", str(out_file))
    assert code == 0, err
    assert out == ""  # the report went to the file; the summary to stderr
    assert f"wrote {fmt} report to {out_file}" in err
    items = PARSERS[fmt](out_file.read_text(encoding="utf-8"))
    # the fixture's coverage finding has the stable id of the real one (the refused kms call): one, not two
    assert len(items) == len(posture_analysis)


def test_sarif_file_is_valid(cli: Any, snapshot_dir: Path, posture_analysis: list[Any], tmp_path: Path) -> None:
    out_file = tmp_path / "keyaki.sarif"
    code, _, err = cli("scan", "-s", str(snapshot_dir), "-f", "sarif", "-o", str(out_file))
    assert code == 0, err
    log = json.loads(out_file.read_text(encoding="utf-8"))
    validate_sarif(log)
    assert log["runs"][0]["properties"]["snapshotTime"] == "2026-11-01T09:30:00.000Z"


def test_asff_and_ocsf_on_stdout(cli: Any, snapshot_dir: Path, posture_analysis: list[Any]) -> None:
    code, out, _ = cli("scan", "-s", str(snapshot_dir), "-f", "asff")
    assert code == 0
    assert {f["CreatedAt"] for f in json.loads(out)} == {"2026-11-01T09:30:00.000Z"}  # the snapshot's time
    code, out, _ = cli("scan", "-s", str(snapshot_dir), "-f", "ocsf")
    for event in json.loads(out):
        validate_event(event)


def test_suppressions_mark_findings_and_the_gate_ignores_them(
    cli: Any, snapshot_dir: Path, posture_analysis: list[Any], tmp_path: Path
) -> None:
    code, _, _ = cli("scan", "-s", str(snapshot_dir), "-f", "json", "--fail-on", "high")
    assert code == 1  # CRITICAL and HIGH findings
    rules = tmp_path / "suppressions.yaml"
    rules.write_text(RULES, encoding="utf-8")
    code, out, err = cli(
        "scan", "-s", str(snapshot_dir), "-f", "json", "--fail-on", "high", "--suppressions", str(rules)
    )
    report = json.loads(out)
    assert code == 1, "the root access key (CRITICAL) is not suppressed by any rule"
    by_type = {f["type"]: f for f in report["findings"]}
    assert len(report["findings"]) == len(posture_analysis)  # none dropped
    assert by_type["network/internet-exposure"]["status"] == "SUPPRESSED"
    assert by_type["network/internet-exposure"]["suppression"] == "accepted until the migration, RISK-42"
    assert by_type["access/public-resource"]["suppression"] == "public website, approved in SEC-1234"
    assert by_type["kms/key-rotation-disabled"]["status"] == "ACTIVE"  # the expired rule did not apply
    section = report["sections"]["suppressions"]
    assert section["suppressed"] == 3 and [r["rule"] for r in section["expired"]] == [2]
    assert "suppression rule 2 expired on 2026-01-01" in err


def test_gate_passes_when_every_severe_finding_is_suppressed(
    cli: Any, snapshot_dir: Path, posture_analysis: list[Any], tmp_path: Path
) -> None:
    rules = tmp_path / "s.yaml"
    rules.write_text(
        RULES + "  - reason: root key kept for the legacy billing export, RISK-7\n    type: iam/root-access-key\n",
        encoding="utf-8",
    )
    code, out, _ = cli("scan", "-s", str(snapshot_dir), "-f", "csv", "--fail-on", "high", "--suppressions", str(rules))
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out, newline="")))
    assert {r["status"] for r in rows if r["severity"] in ("CRITICAL", "HIGH")} == {"SUPPRESSED"}


def test_table_shows_suppressed(cli: Any, snapshot_dir: Path, posture_analysis: list[Any], tmp_path: Path) -> None:
    rules = tmp_path / "s.yaml"
    rules.write_text(RULES, encoding="utf-8")
    code, out, _ = cli("scan", "-s", str(snapshot_dir), "--suppressions", str(rules))
    assert code == 0 and "(suppressed)" in out


def test_bad_suppressions_file_is_one_line_and_exit_2(snapshot_dir: Path, tmp_path: Path) -> None:
    rules = tmp_path / "bad.yaml"
    rules.write_text("suppressions:\n  - reason: r\n    expires: soon\n    type: x\n", encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "keyaki.cli.main", "scan", "-s", str(snapshot_dir), "--suppressions", str(rules)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 2
    assert run.stderr == (
        f"keyaki: error: {rules}: /suppressions/0/expires (line 3, column 14): "
        "input should be a valid date or datetime, input is too short\n"
    )
    assert "Traceback" not in run.stderr and run.stdout == ""


def test_missing_suppressions_file(cli: Any, snapshot_dir: Path, tmp_path: Path) -> None:
    code, _, err = cli("scan", "-s", str(snapshot_dir), "--suppressions", str(tmp_path / "nope.yaml"))
    assert code == 2 and "nope.yaml: cannot read the suppressions file: no such file or directory" in err
    assert len(err.strip().splitlines()) == 1


def test_unknown_format_lists_the_formats(cli: Any, snapshot_dir: Path) -> None:
    code, _, err = cli("scan", "-s", str(snapshot_dir), "-f", "pdf")
    assert code == 2 and "unknown format `pdf`" in err and "sarif" in err and "html" in err
