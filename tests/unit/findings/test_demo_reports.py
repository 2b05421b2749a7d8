"""End to end: every report format of ``keyaki demo`` (the bundled organisation), validated."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import botocore.session
from botocore.validate import validate_parameters
from test_export_html import parse
from test_export_ocsf import validate_event
from test_export_sarif import validate_sarif


def demo(cli: Any, *args: str) -> tuple[int, str, str]:
    return cli("demo", *args)


def test_every_format_of_the_demo_is_valid(cli: Any, tmp_path: Path) -> None:
    code, out, _ = demo(cli, "--format", "json")
    assert code == 0
    findings = json.loads(out)["findings"]
    assert findings and all(f["evidence"]["summary"] for f in findings)
    ids = [f["id"] for f in findings]

    validate_sarif(sarif := json.loads(demo(cli, "--format", "sarif")[1]))
    assert [r["partialFingerprints"]["keyakiFindingId/v1"] for r in sarif["runs"][0]["results"]] == ids

    shape = botocore.session.get_session().get_service_model("securityhub")
    asff = json.loads(demo(cli, "--format", "asff")[1])
    for i in range(0, len(asff), 100):  # every batch of 100, as they would be imported
        validate_parameters({"Findings": asff[i : i + 100]}, shape.operation_model("BatchImportFindings").input_shape)
    assert [f["Id"] for f in asff] == ids
    assert {f["CreatedAt"] for f in asff} == {"2026-11-01T12:00:00.000Z"}  # the demo snapshot's creation time

    ocsf = json.loads(demo(cli, "--format", "ocsf")[1])
    for event in ocsf:
        validate_event(event)

    rows = list(csv.DictReader(io.StringIO(demo(cli, "--format", "csv")[1], newline="")))
    assert [r["id"] for r in rows] == ids

    html = tmp_path / "demo.html"
    assert demo(cli, "--format", "html", "--output", str(html))[0] == 0
    page = parse(html.read_text(encoding="utf-8"))
    assert [e["attrs"]["data-severity"] for e in page.find("details") if "finding" in e["attrs"].get("class", "")] == [
        f["severity"] for f in findings
    ]


def test_demo_with_suppressions(cli: Any, tmp_path: Path) -> None:
    _, out, _ = demo(cli, "--format", "json")
    first = json.loads(out)["findings"][0]
    rules = tmp_path / "accepted.yaml"
    rules.write_text(f"suppressions:\n  - reason: known, tracked in RISK-1\n    id: {first['id']}\n", encoding="utf-8")
    code, out, _ = demo(cli, "--format", "json", "--suppressions", str(rules), "--fail-on", "info")
    report = json.loads(out)
    assert report["findings"][0]["status"] == "SUPPRESSED"
    assert report["findings"][0]["suppression"] == "known, tracked in RISK-1"
    assert report["sections"]["suppressions"]["suppressed"] == 1
    assert code == (1 if any(f["suppression"] is None for f in report["findings"]) else 0)
