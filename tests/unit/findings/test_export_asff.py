"""ASFF: every finding passes botocore's own validation of Security Hub's BatchImportFindings."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import botocore.session
import pytest
from botocore.exceptions import ParamValidationError
from botocore.validate import validate_parameters

from keyaki.findings.export import EXPORTERS
from keyaki.findings.export.asff import BATCH_SIZE, asff_types, resource_type, standards_id
from keyaki.findings.model import Evidence, Finding, Severity
from keyaki.scan import ScanResult

TYPE_NAMESPACES = (
    "Software and Configuration Checks",
    "TTPs",
    "Effects",
    "Unusual Behaviors",
    "Sensitive Data Identifications",
)


@pytest.fixture(scope="module")
def input_shape() -> Any:
    model = botocore.session.get_session().get_service_model("securityhub")
    return model.operation_model("BatchImportFindings").input_shape


def import_batches(findings: list[dict[str, Any]], shape: Any) -> int:
    """Validate the findings as BatchImportFindings calls of at most 100; the number of calls."""
    calls = 0
    for i in range(0, len(findings), BATCH_SIZE):
        validate_parameters({"Findings": findings[i : i + BATCH_SIZE]}, shape)  # raises when invalid
        calls += 1
    return calls


def test_every_finding_passes_botocore_validation(result: ScanResult, input_shape: Any) -> None:
    findings = json.loads(EXPORTERS["asff"](result))
    assert len(findings) == len(result.findings)
    assert import_batches(findings, input_shape) == 1


def test_the_validation_used_here_rejects_a_bad_finding(result: ScanResult, input_shape: Any) -> None:
    bad = json.loads(EXPORTERS["asff"](result))[0]
    del bad["Resources"]
    bad["Severity"]["Label"] = "SEVERE"
    with pytest.raises(ParamValidationError):
        validate_parameters({"Findings": [bad]}, input_shape)


def test_fields_follow_the_asff_syntax(result: ScanResult) -> None:
    by_type = {f["ProductFields"]["keyaki/FindingType"]: f for f in json.loads(EXPORTERS["asff"](result))}
    root = by_type["iam/root-access-key"]
    assert root["SchemaVersion"] == "2018-10-08"
    assert root["ProductArn"] == "arn:aws:securityhub:us-east-1:111122223333:product/111122223333/default"
    assert root["AwsAccountId"] == "111122223333"
    assert root["GeneratorId"] == "keyaki/iam/root-access-key"
    assert root["CreatedAt"] == root["UpdatedAt"] == "2026-11-01T09:30:00.000Z"  # the scan's time
    assert root["Severity"]["Label"] == "CRITICAL"
    assert root["Resources"] == [
        {"Type": "AwsAccount", "Id": "AWS::::Account:111122223333", "Partition": "aws", "Region": "us-east-1"}
    ]
    assert root["Compliance"] == {
        "Status": "FAILED",
        "RelatedRequirements": [
            "cis-aws-foundations-benchmark/v3.0.0/1.4",
            "aws-foundational-security-best-practices/v1.0.0/IAM.4",
        ],
        "AssociatedStandards": [
            {"StandardsId": "standards/cis-aws-foundations-benchmark/v/3.0.0"},
            {"StandardsId": "standards/aws-foundational-security-best-practices/v/1.0.0"},
        ],
        "SecurityControlId": "IAM.4",
    }
    assert (root["Workflow"], root["RecordState"]) == ({"Status": "NEW"}, "ACTIVE")
    assert json.loads(root["ProductFields"]["keyaki/EvidenceDetails"])["access_key_1_active"] == "true"
    ssh = by_type["network/internet-exposure"]
    assert ssh["Resources"][0]["Type"] == "AwsEc2Instance" and ssh["Resources"][0]["Region"] == "us-east-1"
    assert "Software and Configuration Checks/AWS Security Best Practices/Network Reachability" in ssh["Types"]
    assert by_type["keyaki/coverage-gap"]["Compliance"] == {"Status": "WARNING"}


def test_types_and_limits(result: ScanResult) -> None:
    for f in json.loads(EXPORTERS["asff"](result)):
        assert 1 <= len(f["Types"]) <= 50
        assert all(t.startswith(TYPE_NAMESPACES) and 1 <= t.count("/") <= 2 for t in f["Types"])
        assert len(f["Title"]) <= 256 and len(f["Description"]) <= 1024
        assert len(f["Remediation"]["Recommendation"]["Text"]) <= 512
        assert len(f["ProductFields"]) <= 50
        assert all(len(k) <= 128 and len(v) <= 2048 for k, v in f["ProductFields"].items())
        assert re.fullmatch(r"\d{12}", f["AwsAccountId"])
    long = next(f for f in json.loads(EXPORTERS["asff"](result)) if f["Title"].startswith("Role <script>"))
    assert long["Description"].endswith("...")


def test_suppressed_is_workflow_suppressed_with_a_note(suppressed_result: ScanResult, input_shape: Any) -> None:
    findings = json.loads(EXPORTERS["asff"](suppressed_result))
    import_batches(findings, input_shape)
    bucket = next(f for f in findings if f["Resources"][0]["Id"] == "arn:aws:s3:::acme-public-assets")
    assert bucket["Workflow"] == {"Status": "SUPPRESSED"}
    assert bucket["RecordState"] == "ACTIVE"
    assert bucket["Note"] == {
        "Text": "public website, approved in SEC-1234",
        "UpdatedBy": "keyaki",
        "UpdatedAt": "2026-11-01T09:30:00.000Z",
    }


def test_more_than_100_findings_import_in_batches(build: Callable[..., ScanResult], input_shape: Any) -> None:
    many = [
        Finding.make(
            type="s3/bucket-versioning-disabled",
            severity=Severity.LOW,
            title=f"bucket b-{i} unversioned",
            resource=f"arn:aws:s3:::b-{i}",
            resource_type="AWS::S3::Bucket",
            account="444455556666",
            region="global",
            evidence=Evidence(summary="get-bucket-versioning returned no Status"),
        )
        for i in range(230)
    ]
    assert import_batches(json.loads(EXPORTERS["asff"](build(many))), input_shape) == 3


def test_helpers() -> None:
    assert standards_id("cis-aws-foundations-benchmark/v1.4.0") == "standards/cis-aws-foundations-benchmark/v/1.4.0"
    assert standards_id("my-standard") == "standards/my-standard"
    f = Finding.make(
        type="vulns/cve",
        severity=Severity.HIGH,
        title="t",
        evidence=Evidence(summary="s"),
        resource="arn:aws:lambda:us-east-1:444455556666:function:f",
        resource_type="AWS::Lambda::Function",
    )
    assert resource_type(f) == "AwsLambdaFunction"
    assert asff_types(f) == ["Software and Configuration Checks/Vulnerabilities/CVE"]
    assert resource_type(f.model_copy(update={"resource_type": None})) == "Other"
    assert resource_type(f.model_copy(update={"resource_type": "AWS::ElasticLoadBalancingV2::LoadBalancer"})) == (
        "AwsElbv2LoadBalancer"
    )
    assert resource_type(f.model_copy(update={"resource_type": "AWS::IAM::Role"})) == "AwsIamRole"
    assert resource_type(f.model_copy(update={"resource_type": "AWS::Made::Up"})) == "Other"
