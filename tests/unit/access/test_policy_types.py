"""EFS file systems, DynamoDB tables and streams, Lambda layer versions: the resource-policy view, the
actions that apply, who-can and external/public findings, on real-shaped JSON."""

from __future__ import annotations

import json
from typing import Any

import pytest

from keyaki.access.actions import targets
from keyaki.access.engine import Engine
from keyaki.access.estate import Estate
from keyaki.access.findings import EXTERNAL, PUBLIC, UNDECIDED, external_findings
from keyaki.access.whocan import who_can
from keyaki.errors import BadInput
from keyaki.findings.model import Finding, Severity
from keyaki.iam.case import simulate
from keyaki.snapshot import Snapshot, Status, open_snapshot
from keyaki.snapshot.views.resource_policies import resource_policies

from .policy_types_world import (
    ACCT,
    AUDIT_ARN,
    FS_PLAIN,
    FS_PUBLIC,
    FS_SHARED,
    MANIFEST,
    OTHER,
    STREAM_ARN,
    TABLE_ARN,
    files,
    fs_arn,
    layer_arn,
)


@pytest.fixture
def snap(make_snapshot: Any) -> Snapshot:
    return open_snapshot(make_snapshot(files(), MANIFEST))


@pytest.fixture
def findings(snap: Snapshot) -> list[Finding]:
    return external_findings(snap, "organization")[0]


def _on(findings: list[Finding], arn: str) -> list[Finding]:
    return [f for f in findings if f.resource == arn]


def test_the_view_yields_every_resource_with_its_status(snap):
    found = {p.arn: (p.resource_type, p.status) for p in resource_policies(snap)}
    assert found == {
        fs_arn(FS_SHARED): ("AWS::EFS::FileSystem", Status.OK),
        fs_arn(FS_PUBLIC): ("AWS::EFS::FileSystem", Status.OK),
        fs_arn(FS_PLAIN): ("AWS::EFS::FileSystem", Status.NOT_FOUND),  # PolicyNotFound: the default policy
        AUDIT_ARN: ("AWS::DynamoDB::Table", Status.NOT_FOUND),  # PolicyNotFoundException
        TABLE_ARN: ("AWS::DynamoDB::Table", Status.OK),
        STREAM_ARN: ("AWS::DynamoDB::Stream", Status.OK),
        layer_arn(4): ("AWS::Lambda::LayerVersion", Status.OK),
        layer_arn(3): ("AWS::Lambda::LayerVersion", Status.OK),
        layer_arn(2): ("AWS::Lambda::LayerVersion", Status.FAILED),  # AccessDeniedException
        layer_arn(1): ("AWS::Lambda::LayerVersion", Status.NOT_FOUND),  # ResourceNotFoundException
    }
    stream = next(p for p in resource_policies(snap) if p.arn == STREAM_ARN)
    assert stream.source.endswith("get-resource-policy/orders%2Fstream%2F2026-02-12T18%3A57%3A26.492.json")
    assert stream.document["Statement"][0]["Principal"] == {"AWS": OTHER}


def test_layer_versions_not_listed_leave_the_latest_version_unknown(make_snapshot):
    world = {k: v for k, v in files().items() if "list-layer-versions" not in k}
    found = [p for p in resource_policies(open_snapshot(make_snapshot(world, MANIFEST))) if "layer" in p.arn]
    assert [(p.arn, p.status) for p in found] == [(layer_arn(4), Status.NOT_COLLECTED)]


def test_a_table_not_described_keeps_its_policy_but_no_stream(make_snapshot):
    world = {k: v for k, v in files().items() if not k.endswith("describe-table/orders.json")}
    world[f"accounts/{ACCT}/us-east-1/dynamodb/describe-table/orders.error.json"] = {
        "Error": {"Code": "AccessDeniedException", "Message": "not authorized to perform: dynamodb:DescribeTable"}
    }
    found = {p.arn: p.status for p in resource_policies(open_snapshot(make_snapshot(world, MANIFEST)))}
    assert found[TABLE_ARN] is Status.OK and STREAM_ARN not in found  # the stream's ARN is only in describe-table


def test_a_layer_deleted_between_calls_is_no_resource(make_snapshot):
    world = {k: v for k, v in files().items() if "list-layer-versions" not in k}
    world[f"accounts/{ACCT}/us-east-1/lambda/list-layer-versions/shared-utils.error.json"] = {
        "Error": {"Code": "ResourceNotFoundException", "Message": "Layer not found"}
    }
    assert [p for p in resource_policies(open_snapshot(make_snapshot(world, MANIFEST))) if ":layer:" in p.arn] == []


def test_nothing_collected_is_no_resource_and_no_crash(make_snapshot):
    assert list(resource_policies(open_snapshot(make_snapshot({}, MANIFEST)))) == []


def test_actions_follow_each_resource_type_exactly():
    stream = {t.action for t in targets(STREAM_ARN, "AWS::DynamoDB::Stream")}
    assert {"dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:DescribeStream"} <= stream
    assert "dynamodb:GetItem" not in stream  # the stream ARN fits the table's format; the type decides
    table = {t.action for t in targets(TABLE_ARN, "AWS::DynamoDB::Table")}
    assert {"dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query"} <= table and "dynamodb:GetRecords" not in table
    layer = {t.action for t in targets(layer_arn(4), "AWS::Lambda::LayerVersion")}
    assert "lambda:GetLayerVersion" in layer and "lambda:PublishLayerVersion" not in layer  # that one acts on the layer
    efs = {t.action for t in targets(fs_arn(FS_SHARED), "AWS::EFS::FileSystem")}
    assert {
        "elasticfilesystem:ClientMount",
        "elasticfilesystem:ClientWrite",
        "elasticfilesystem:ClientRootAccess",
    } <= efs


def test_efs_shared_under_a_mount_target_condition_is_medium(findings):
    (f,) = _on(findings, fs_arn(FS_SHARED))
    d = f.evidence.details
    assert f.type == EXTERNAL and f.severity is Severity.MEDIUM and f.resource_type == "AWS::EFS::FileSystem"
    assert d["principal_class"] == f"AWS:{OTHER}" and d["access"] == "conditionally"
    assert [a["action"] for a in d["actions"]] == ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"]
    assert d["conditions"] == ["elasticfilesystem:AccessedViaMountTarget is true"]
    assert simulate(d["witness"]).decision == "allowed" and f.region == "us-east-1"


def test_efs_writable_by_everyone_is_public_and_critical(findings):
    (f,) = _on(findings, fs_arn(FS_PUBLIC))
    assert f.type == PUBLIC and f.severity is Severity.CRITICAL  # ClientWrite is a Write action
    assert f.evidence.details["public_check"]["result"] == "FAIL"
    assert simulate(f.evidence.details["witness"]).decision == "allowed"


def test_table_and_stream_shared_with_another_account(findings):
    analytics, reporting = sorted(_on(findings, TABLE_ARN), key=lambda f: f.evidence.details["principal_class"])
    assert analytics.severity is Severity.HIGH and analytics.resource_type == "AWS::DynamoDB::Table"
    assert analytics.evidence.details["principal_class"] == f"AWS:arn:aws:iam::{OTHER}:role/analytics"
    assert [a["action"] for a in analytics.evidence.details["actions"]] == ["dynamodb:GetItem", "dynamodb:Query"]
    # the table's policy governs its indexes: a grant on `table/orders/index/*` only is found too
    assert reporting.evidence.details["principal_class"] == f"AWS:arn:aws:iam::{OTHER}:role/reporting"
    assert [a["action"] for a in reporting.evidence.details["actions"]] == ["dynamodb:Query", "dynamodb:Scan"]
    witness = reporting.evidence.details["witness"]
    assert witness["request"]["resource"].startswith(TABLE_ARN + "/index/") and simulate(witness).decision == "allowed"
    (stream,) = _on(findings, STREAM_ARN)
    assert _on(findings, TABLE_ARN + "/index/example-object") == []  # indexes are the table's, not resources
    assert (
        stream.resource_type == "AWS::DynamoDB::Stream" and stream.evidence.details["principal_class"] == f"AWS:{OTHER}"
    )
    acts = [a["action"] for a in stream.evidence.details["actions"]]
    assert acts == ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"]
    assert _on(findings, AUDIT_ARN) == [] and _on(findings, fs_arn(FS_PLAIN)) == []


def test_layer_versions_each_their_own_finding(findings):
    (partner,) = _on(findings, layer_arn(3))
    assert partner.type == EXTERNAL and partner.severity is Severity.HIGH
    assert partner.evidence.details["witness"]["request"]["action"] == "lambda:GetLayerVersion"
    assert "remove-layer-version-permission" in partner.remediation
    (org_only,) = _on(findings, layer_arn(4))  # no organisation in this snapshot: the org id is someone else's
    assert org_only.type == EXTERNAL and org_only.evidence.details["public"] is False
    assert org_only.severity is Severity.MEDIUM and org_only.evidence.details["principal_class"] == "*"
    (denied,) = _on(findings, layer_arn(2))
    assert denied.type == UNDECIDED and denied.severity is Severity.INFORMATIONAL
    assert _on(findings, layer_arn(1)) == []


def test_every_finding_replays(findings):
    for f in findings:
        if f.type != UNDECIDED:
            assert simulate(f.evidence.details["witness"]).decision == "allowed", f.title


def test_who_can_on_a_stream_rejects_table_actions(snap):
    engine = Engine(Estate.load(snap))
    out = who_can(engine, STREAM_ARN, ["dynamodb:GetRecords"])
    who = {p["principal"]: p["access"][0] for p in out["principals"]}
    assert out["resource_type"] == "AWS::DynamoDB::Stream" and who[OTHER]["level"] == "always"
    with pytest.raises(BadInput, match="does not apply"):
        who_can(engine, STREAM_ARN, ["dynamodb:GetItem"])


def test_who_can_asks_index_actions_on_any_index_of_the_table(snap):
    out = who_can(Engine(Estate.load(snap)), TABLE_ARN, ["dynamodb:Query"])
    access = {p["principal"]: [(a["object"], a["level"]) for a in p["access"]] for p in out["principals"]}
    assert access[f"arn:aws:iam::{OTHER}:role/analytics"] == [(False, "always")]  # the table only
    assert access[f"arn:aws:iam::{OTHER}:role/reporting"] == [(True, "always")]  # its indexes only


def test_cli_external_json_names_the_new_types(cli, make_snapshot):
    code, out, _ = cli("access", "external", "-s", str(make_snapshot(files(), MANIFEST)), "--format", "json")
    assert code == 1
    report = json.loads(out)
    types = {f["resource_type"] for f in report["findings"]}
    assert types == {
        "AWS::EFS::FileSystem",
        "AWS::DynamoDB::Table",
        "AWS::DynamoDB::Stream",
        "AWS::Lambda::LayerVersion",
    }
    assert len(report["undecided"]) == 1


def test_cli_who_can_on_a_layer_version(cli, make_snapshot):
    path = str(make_snapshot(files(), MANIFEST))
    code, out, _ = cli(
        "access", "who-can", "-s", path, "-r", layer_arn(3), "-a", "lambda:GetLayerVersion", "-f", "json"
    )
    assert code == 0
    report = json.loads(out)
    who = {p["principal"]: p for p in report["principals"]}
    assert who[OTHER]["access"][0]["level"] == "always" and report["account"] == ACCT
