"""The Finding model: stable ids, never-empty evidence, ASFF severities."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from keyaki.findings.model import Evidence, Finding, Severity, sort_key


def _finding(**over) -> Finding:
    args = dict(
        type="iam/root-access-key",
        severity=Severity.CRITICAL,
        title="The root user has an active access key",
        resource="arn:aws:iam::111122223333:root",
        account="111122223333",
        region="global",
        evidence=Evidence(summary="credential report: access_key_1_active=true for <root_account>"),
    )
    args.update(over)
    return Finding.make(**args)


def test_same_finding_same_id_and_title_does_not_matter():
    assert _finding().id == _finding(title="another wording").id
    assert _finding().id != _finding(discriminator="key 2").id
    assert _finding().id != _finding(account="444455556666").id


def test_evidence_must_not_be_empty():
    with pytest.raises(ValidationError, match="evidence summary must not be empty"):
        Evidence(summary="   ")


def test_severity_parsing_and_order():
    assert Severity.parse("info") is Severity.INFORMATIONAL and Severity.parse("High") is Severity.HIGH
    assert Severity.HIGH.at_least(Severity.MEDIUM) and not Severity.LOW.at_least(Severity.MEDIUM)
    with pytest.raises(ValueError):
        Severity.parse("urgent")
    fs = [_finding(severity=Severity.LOW, discriminator="a"), _finding(), _finding(severity=Severity.MEDIUM)]
    assert [f.severity for f in sorted(fs, key=sort_key)] == [Severity.CRITICAL, Severity.MEDIUM, Severity.LOW]


def test_json_shape():
    data = _finding().model_dump(mode="json")
    assert set(data) >= {
        "id",
        "type",
        "severity",
        "title",
        "resource",
        "account",
        "region",
        "standards",
        "evidence",
        "remediation",
    }
    assert data["severity"] == "CRITICAL" and data["evidence"]["summary"]
