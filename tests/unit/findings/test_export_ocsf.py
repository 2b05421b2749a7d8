"""OCSF 1.1.0 Compliance Finding (class 2003): required attributes and enum values per the class.

The requirements checked are those of https://schema.ocsf.io/1.1.0/classes/compliance_finding: the
base event's (activity_id, category_uid, class_uid, metadata with version and product, severity_id,
time, type_uid), the finding's (finding_info with uid), the class's own (compliance with standards)
and the cloud profile's (cloud with provider).
"""

from __future__ import annotations

import json
from typing import Any

from keyaki.findings.export import EXPORTERS
from keyaki.scan import ScanResult

REQUIRED = (
    "activity_id",
    "category_uid",
    "class_uid",
    "compliance",
    "finding_info",
    "metadata",
    "severity_id",
    "time",
    "type_uid",
    "cloud",
)
SEVERITY = {0: "Unknown", 1: "Informational", 2: "Low", 3: "Medium", 4: "High", 5: "Critical", 6: "Fatal"}
ACTIVITY = {1: "Create", 2: "Update", 3: "Close"}
STATUS = {1: "New", 2: "In Progress", 3: "Suppressed", 4: "Resolved"}
COMPLIANCE_STATUS = {1: "Pass", 2: "Warning", 3: "Fail"}
SCAN_MS = 1793525400000  # 2026-11-01T09:30:00Z


def validate_event(e: dict[str, Any]) -> None:
    for attr in REQUIRED:
        assert attr in e, attr
    assert (e["category_uid"], e["category_name"]) == (2, "Findings")
    assert (e["class_uid"], e["class_name"]) == (2003, "Compliance Finding")
    assert e["type_uid"] == e["class_uid"] * 100 + e["activity_id"]
    assert e["type_name"] == f"Compliance Finding: {ACTIVITY[e['activity_id']]}"
    assert e["activity_name"] == ACTIVITY[e["activity_id"]]
    assert e["severity"] == SEVERITY[e["severity_id"]]
    assert e["status"] == STATUS[e["status_id"]]
    assert isinstance(e["time"], int)  # timestamp_t: epoch milliseconds
    meta = e["metadata"]
    assert meta["version"] == "1.1.0" and meta["product"]["name"] == "keyaki" and meta["product"]["vendor_name"]
    assert "cloud" in meta["profiles"]
    info = e["finding_info"]
    assert isinstance(info["uid"], str) and info["uid"] and isinstance(info["title"], str)
    assert all(isinstance(t, str) for t in info["types"])
    comp = e["compliance"]
    assert comp["standards"] and all(isinstance(s, str) for s in comp["standards"])
    assert all(isinstance(r, str) for r in comp["requirements"])
    assert comp["status"] == COMPLIANCE_STATUS[comp["status_id"]]
    assert e["cloud"]["provider"] == "AWS"
    for r in e["resources"]:
        assert isinstance(r["uid"], str) and isinstance(r["type"], str)
    json.dumps(e["unmapped"])  # plain JSON


def events(result: ScanResult) -> list[dict[str, Any]]:
    return json.loads(EXPORTERS["ocsf"](result))


def test_every_event_has_the_required_attributes(result: ScanResult) -> None:
    out = events(result)
    assert len(out) == len(result.findings)
    for e in out:
        validate_event(e)
    assert [e["finding_info"]["uid"] for e in out] == [f.id for f in result.findings]


def test_values(result: ScanResult) -> None:
    by_type = {e["finding_info"]["types"][0]: e for e in events(result)}
    root = by_type["iam/root-access-key"]
    assert (root["severity_id"], root["activity_id"], root["status_id"], root["time"]) == (5, 1, 1, SCAN_MS)
    assert root["compliance"] == {
        "standards": ["cis-aws-foundations-benchmark/v3.0.0", "aws-foundational-security-best-practices/v1.0.0"],
        "requirements": [
            "cis-aws-foundations-benchmark/v3.0.0/1.4",
            "aws-foundational-security-best-practices/v1.0.0/IAM.4",
        ],
        "control": "1.4",
        "status": "Fail",
        "status_id": 3,
    }
    assert root["cloud"]["account"]["uid"] == "111122223333" and root["cloud"]["region"] == "us-east-1"
    assert root["unmapped"]["evidence"]["details"]["access_key_1_active"] == "true"
    assert root["remediation"]["desc"].startswith("Delete the root user's access keys")
    ssh = by_type["network/internet-exposure"]
    assert ssh["resources"] == [
        {
            "uid": "arn:aws:ec2:us-east-1:444455556666:instance/i-0a1b2c3d4e5f60718",
            "type": "AWS::EC2::Instance",
            "region": "us-east-1",
            "cloud_partition": "aws",
            "owner": {"account": {"uid": "444455556666", "type": "AWS Account", "type_id": 10}},
        }
    ]
    assert ssh["severity_id"] == 4
    gap = by_type["keyaki/coverage-gap"]
    assert gap["compliance"]["status_id"] == 2 and gap["compliance"]["standards"] == ["keyaki"]
    assert gap["severity"] == "Informational"


def test_suppressed_event(suppressed_result: ScanResult) -> None:
    out = events(suppressed_result)
    for e in out:
        validate_event(e)
    bucket = next(e for e in out if e["finding_info"]["types"] == ["access/public-resource"])
    assert (bucket["status_id"], bucket["status"]) == (3, "Suppressed")
    assert bucket["status_detail"] == "public website, approved in SEC-1234"


def test_resolved_is_a_close_activity(result: ScanResult, build: Any) -> None:
    from keyaki.findings.model import Status

    e = events(build([result.findings[0].model_copy(update={"status": Status.RESOLVED})]))[0]
    validate_event(e)
    assert (e["activity_id"], e["type_uid"], e["status"]) == (3, 200303, "Resolved")
