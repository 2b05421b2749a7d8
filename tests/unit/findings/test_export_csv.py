"""CSV: one row per finding, every column, formula cells neutralised, suppressed rows kept."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

from keyaki.findings.export import EXPORTERS
from keyaki.findings.export.csv_report import COLUMNS
from keyaki.scan import ScanResult


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_one_row_per_finding_with_every_column(result: ScanResult) -> None:
    out = rows(EXPORTERS["csv"](result))
    assert [r["id"] for r in out] == [f.id for f in result.findings]
    assert list(out[0]) == COLUMNS
    root = next(r for r in out if r["type"] == "iam/root-access-key")
    assert root["severity"] == "CRITICAL"
    assert root["resource"] == "arn:aws:::111122223333"
    assert root["standards"] == (
        "cis-aws-foundations-benchmark/v3.0.0/1.4; aws-foundational-security-best-practices/v1.0.0/IAM.4"
    )
    assert root["evidence"].startswith("the credential report shows")
    assert root["remediation"].startswith("Delete the root user's access keys")
    assert root["status"] == "ACTIVE"
    bucket = next(r for r in out if r["type"] == "access/public-resource")
    assert bucket["sources"].count(";") == 1


def test_formula_cells_are_neutralised(result: ScanResult) -> None:
    out = rows(EXPORTERS["csv"](result))
    hostile = next(r for r in out if r["type"] == "iam/role-external-trust")
    assert hostile["evidence"].startswith("'=cmd|")
    assert hostile["resource"].startswith("arn:aws:iam::")  # an ARN never starts like a formula
    assert all(not v.startswith(("=", "+", "@")) for r in out for v in r.values())


def test_suppressed_findings_are_kept_and_marked(suppressed_result: ScanResult) -> None:
    out = rows(EXPORTERS["csv"](suppressed_result))
    assert len(out) == len(suppressed_result.findings)
    bucket = next(r for r in out if r["type"] == "access/public-resource")
    assert (bucket["status"], bucket["suppression"]) == ("SUPPRESSED", "public website, approved in SEC-1234")


def test_no_findings_is_just_the_header(build: Callable[..., ScanResult]) -> None:
    text = EXPORTERS["csv"](build([]))
    assert text.splitlines() == [",".join(COLUMNS)]
