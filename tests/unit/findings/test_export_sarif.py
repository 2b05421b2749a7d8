"""SARIF 2.1.0: the properties the OASIS spec requires, checked structurally, plus GitHub's extras.

The official JSON schema is not on PyPI (checked: ``sarif-om`` and ``sarif-tools`` do not ship it), so
these tests assert, property by property, what the spec says a valid log has
(https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html, sections cited inline).
"""

from __future__ import annotations

import json
import re
from typing import Any

from keyaki.findings.export import EXPORTERS
from keyaki.scan import ScanResult

LEVELS = {"none", "note", "warning", "error"}  # §3.27.10
URI_REFERENCE = re.compile(r"^[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+$")  # RFC 3986 characters only


def check_message(m: Any) -> None:  # §3.11: text or id
    assert isinstance(m, dict) and (isinstance(m.get("text"), str) or isinstance(m.get("id"), str))


def check_artifact_location(a: dict[str, Any], bases: dict[str, Any]) -> None:  # §3.4
    assert URI_REFERENCE.match(a["uri"]), a["uri"]
    assert not a["uri"].startswith("/")  # relative to its uriBaseId
    assert a["uriBaseId"] in bases


def check_location(loc: dict[str, Any], bases: dict[str, Any]) -> None:  # §3.28
    for logical in loc.get("logicalLocations", []):  # §3.33
        assert isinstance(logical["fullyQualifiedName"], str) and logical["kind"] == "resource"
    if "physicalLocation" in loc:  # §3.29: artifactLocation or address
        check_artifact_location(loc["physicalLocation"]["artifactLocation"], bases)
    if "id" in loc:
        assert isinstance(loc["id"], int) and loc["id"] >= 0


def check_rule(rule: dict[str, Any]) -> None:  # §3.49
    assert isinstance(rule["id"], str) and rule["id"]
    for key in ("shortDescription", "fullDescription", "help"):
        check_message(rule[key])  # multiformatMessageString: text required (§3.12)
    assert rule["defaultConfiguration"]["level"] in LEVELS
    tags = rule["properties"]["tags"]
    assert len(tags) == len(set(tags))  # §3.8.2: unique strings
    float(rule["properties"]["security-severity"])  # GitHub: a number as a string


def check_result(res: dict[str, Any], rules: list[dict[str, Any]], bases: dict[str, Any]) -> None:  # §3.27
    check_message(res["message"])
    assert rules[res["ruleIndex"]]["id"] == res["ruleId"]
    assert res["level"] in LEVELS
    for loc in res["locations"] + res.get("relatedLocations", []):
        check_location(loc, bases)
    assert all(isinstance(v, str) for v in res["partialFingerprints"].values())
    for s in res.get("suppressions", []):  # §3.35
        assert s["kind"] in {"inSource", "external"} and s["status"] in {"accepted", "underReview", "rejected"}


def validate_sarif(log: dict[str, Any]) -> None:
    assert log["version"] == "2.1.0"  # §3.13.2
    assert isinstance(log["$schema"], str)
    assert isinstance(log["runs"], list) and log["runs"]
    for run in log["runs"]:  # §3.14
        driver = run["tool"]["driver"]  # §3.18, §3.19: name required
        assert isinstance(driver["name"], str) and driver["name"]
        rules = driver["rules"]
        assert len({r["id"] for r in rules}) == len(rules)
        for rule in rules:
            check_rule(rule)
        bases = run.get("originalUriBaseIds", {})
        for inv in run["invocations"]:  # §3.20: executionSuccessful required
            assert isinstance(inv["executionSuccessful"], bool)
            for n in inv["toolExecutionNotifications"]:
                check_message(n["message"])
                assert n["level"] in LEVELS
        assert run["columnKind"] in {"utf16CodeUnits", "unicodeCodePoints"}
        for res in run["results"]:
            check_result(res, rules, bases)


def test_valid_sarif_with_one_rule_per_type_and_one_result_per_finding(result: ScanResult) -> None:
    log = json.loads(EXPORTERS["sarif"](result))
    validate_sarif(log)
    run = log["runs"][0]
    assert sorted(r["id"] for r in run["tool"]["driver"]["rules"]) == sorted({f.type for f in result.findings})
    assert [r["partialFingerprints"]["keyakiFindingId/v1"] for r in run["results"]] == [f.id for f in result.findings]


def test_levels_locations_and_evidence(result: ScanResult) -> None:
    run = json.loads(EXPORTERS["sarif"](result))["runs"][0]
    by_rule = {r["ruleId"]: r for r in run["results"]}
    root = by_rule["iam/root-access-key"]
    assert root["level"] == "error"
    assert root["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] == "arn:aws:::111122223333"
    assert root["locations"][0]["physicalLocation"]["artifactLocation"] == {
        "uri": "accounts/111122223333/global/iam/get-credential-report.json",
        "uriBaseId": "SNAPSHOT",
    }
    assert root["properties"]["evidence"]["details"]["access_key_1_active"] == "true"
    bucket = by_rule["access/public-resource"]
    assert len(bucket["relatedLocations"]) == 1  # the second source file
    kms = by_rule["kms/key-rotation-disabled"]
    assert kms["level"] == "warning"  # no source file named: the snapshot as a whole
    assert kms["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "manifest.json"
    assert by_rule["keyaki/coverage-gap"]["level"] == "note"
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert "cis-aws-foundations-benchmark/v3.0.0/1.4" in rules["iam/root-access-key"]["properties"]["tags"]
    assert rules["iam/root-access-key"]["properties"]["security-severity"] == "9.5"


def test_github_ingestion_rules(result: ScanResult) -> None:
    """GitHub code scanning rejects the whole log when a result has no location with an artifact URI."""
    run = json.loads(EXPORTERS["sarif"](result))["runs"][0]
    for res in run["results"]:
        assert res["locations"] and all(loc["physicalLocation"]["artifactLocation"]["uri"] for loc in res["locations"])
        assert len(res["ruleId"]) <= 255
    for rule in run["tool"]["driver"]["rules"]:
        assert rule["name"] and rule["help"]["text"] and rule["help"]["markdown"]


def test_analysis_errors_are_notifications(result: ScanResult) -> None:
    inv = json.loads(EXPORTERS["sarif"](result))["runs"][0]["invocations"][0]
    assert inv["executionSuccessful"] is False
    assert "analysis `network` failed" in inv["toolExecutionNotifications"][0]["message"]["text"]


def test_suppressed_finding_is_a_suppressed_result(suppressed_result: ScanResult) -> None:
    log = json.loads(EXPORTERS["sarif"](suppressed_result))
    validate_sarif(log)
    results = log["runs"][0]["results"]
    assert len(results) == len(suppressed_result.findings)
    bucket = next(r for r in results if r["ruleId"] == "access/public-resource")
    assert bucket["suppressions"] == [
        {"kind": "external", "status": "accepted", "justification": "public website, approved in SEC-1234"}
    ]
    assert all("suppressions" not in r for r in results if r is not bucket)


def test_sources_with_odd_characters_are_valid_uris(build: Any) -> None:
    from keyaki.findings.model import Evidence, Finding, Severity

    f = Finding.make(
        type="s3/x",
        severity=Severity.LOW,
        title="t",
        resource="arn:aws:s3:::b c",
        evidence=Evidence(summary="s", sources=["accounts/1/global/s3api/get-bucket-policy/my bucket%.json"]),
    )
    log = json.loads(EXPORTERS["sarif"](build([f])))
    validate_sarif(log)
    uri = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "accounts/1/global/s3api/get-bucket-policy/my%20bucket%25.json"


def test_a_rule_never_names_one_resource(build: Any) -> None:
    from keyaki.findings.model import Evidence, Finding, Severity

    def bucket(name: str, severity: Severity) -> Finding:
        return Finding.make(
            type="s3/bucket-public-read",
            severity=severity,
            title=f"bucket {name} is public",
            resource=f"arn:aws:s3:::{name}",
            evidence=Evidence(summary=f"{name}: Principal * may s3:GetObject"),
            remediation="Enable Block Public Access on the bucket.",
        )

    log = json.loads(EXPORTERS["sarif"](build([bucket("a", Severity.MEDIUM), bucket("b", Severity.HIGH)])))
    validate_sarif(log)
    (rule,) = log["runs"][0]["tool"]["driver"]["rules"]
    assert rule["name"] == "S3BucketPublicRead"
    assert rule["shortDescription"]["text"] == "s3: bucket public read"  # the titles differ: none is used
    assert "`s3/bucket-public-read` findings" in rule["fullDescription"]["text"]
    assert rule["help"]["text"] == "Enable Block Public Access on the bucket."  # shared by all: used
    assert rule["defaultConfiguration"]["level"] == "error"  # the worst of its findings
    assert [r["ruleIndex"] for r in log["runs"][0]["results"]] == [0, 0]
