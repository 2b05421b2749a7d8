"""End to end: collect the moto account, open it with the snapshot loader, check what was collected."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path
from typing import Any

import pytest
from botocore import xform_name
from collect_world import ACCOUNT, REGION, ROOT_PATTERN, SECRET_VALUE

from keyaki.collect.policy import collector_policy
from keyaki.collect.runner import Options, Summary, run
from keyaki.collect.spec import API_CALLS
from keyaki.snapshot import Snapshot, Status, open_snapshot
from keyaki.snapshot.layout import GLOBAL, call_path
from keyaki.snapshot.views.resource_policies import resource_policies

ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+00:00$")


# every API operation the collector sent during the end-to-end run: (botocore service name, operation)
SENT: set[tuple[str, str]] = set()


def _record(model: Any, **_: Any) -> None:
    SENT.add((model.service_model.service_name, model.name))


@pytest.fixture(scope="session")
def collected(moto_account: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Summary]:
    out = tmp_path_factory.mktemp("snap") / "snapshot"
    summary = run(Options(out=out, regions=(REGION,), max_attempts=2, hooks=[("before-call", _record)]))
    return out, summary


@pytest.fixture(scope="session")
def snap(collected: tuple[Path, Summary]) -> Snapshot:
    return open_snapshot(collected[0])


def test_the_loader_reads_every_file(snap: Snapshot) -> None:
    assert snap.validate() == []
    assert snap.accounts() == [ACCOUNT]
    assert snap.regions(ACCOUNT) == [REGION]
    assert snap.manifest.collector.name == "keyaki"
    assert snap.manifest.created is not None


def test_iam(snap: Snapshot) -> None:
    gaad = snap.call(ACCOUNT, GLOBAL, "iam", "get-account-authorization-details")
    assert gaad.ok
    assert {"alice", "bob"} <= {u["UserName"] for u in gaad.get("UserDetailList")}
    roles = {r["RoleName"]: r for r in gaad.get("RoleDetailList")}
    assert roles["app-role"]["RolePolicyList"][0]["PolicyName"] == "queue"
    assert ISO.match(roles["app-role"]["CreateDate"])  # datetimes as the CLI prints them
    assert {g["GroupName"] for g in gaad.get("GroupDetailList")} == {"admins"}
    # moto omits `PolicyName` from GAAD's managed policies (a known moto gap): look the policy up by ARN
    assert f"arn:aws:iam::{ACCOUNT}:policy/read-data" in {p["Arn"] for p in gaad.get("Policies")}
    report = snap.call(ACCOUNT, GLOBAL, "iam", "get-credential-report")
    assert report.ok
    assert b"alice" in base64.b64decode(report.get("Content"))
    mfa = snap.call(ACCOUNT, GLOBAL, "iam", "list-virtual-mfa-devices")
    assert [d["User"]["UserName"] for d in mfa.get("VirtualMFADevices")] == ["alice"]
    assert snap.call(ACCOUNT, GLOBAL, "iam", "get-account-password-policy").status is Status.NOT_FOUND


def test_s3(snap: Snapshot) -> None:
    buckets = {b["Name"] for b in snap.call(ACCOUNT, GLOBAL, "s3api", "list-buckets").get("Buckets")}
    assert {"keyaki-public-site", "keyaki-private-data"} <= buckets
    public = snap.call(ACCOUNT, GLOBAL, "s3api", "get-bucket-policy", "keyaki-public-site")
    assert json.loads(public.get("Policy"))["Statement"][0]["Principal"] == "*"
    private = snap.call(ACCOUNT, GLOBAL, "s3api", "get-bucket-policy", "keyaki-private-data")
    assert private.status is Status.NOT_FOUND
    pab = snap.call(ACCOUNT, GLOBAL, "s3api", "get-public-access-block", "keyaki-private-data")
    assert pab.get("PublicAccessBlockConfiguration")["RestrictPublicBuckets"] is True
    assert set(snap.keys(ACCOUNT, GLOBAL, "s3api", "get-bucket-acl")) == buckets


def test_s3_access_points_through_the_custom_endpoint(snap: Snapshot) -> None:
    """S3 Control answers on a custom endpoint (no ``ACCOUNT.`` host prefix): access points, policies, status."""
    listing = snap.call(ACCOUNT, REGION, "s3control", "list-access-points")
    assert listing.ok, listing
    names = {a["Name"] for a in listing.get("AccessPointList", [])}
    assert names == {"keyaki-private-ap", "keyaki-no-policy-ap"}
    assert set(snap.keys(ACCOUNT, REGION, "s3control", "get-access-point-policy")) == names
    pol = snap.call(ACCOUNT, REGION, "s3control", "get-access-point-policy", "keyaki-private-ap")
    assert pol.ok and "user/bob" in pol.get("Policy")
    none = snap.call(ACCOUNT, REGION, "s3control", "get-access-point-policy", "keyaki-no-policy-ap")
    assert none.status is Status.NOT_FOUND, none
    detail = snap.call(ACCOUNT, REGION, "s3control", "get-access-point", "keyaki-private-ap")
    assert detail.ok and detail.get("Bucket") == "keyaki-private-data"
    status = snap.call(ACCOUNT, REGION, "s3control", "get-access-point-policy-status", "keyaki-private-ap")
    assert status.status in (Status.OK, Status.FAILED)  # moto may not implement it: a gap, never a crash


def test_kms_and_secrets(snap: Snapshot, moto_account: dict[str, Any]) -> None:
    key_id = moto_account["key_id"]
    assert key_id in snap.keys(ACCOUNT, REGION, "kms", "get-key-policy")
    policy = json.loads(snap.call(ACCOUNT, REGION, "kms", "get-key-policy", key_id).get("Policy"))
    assert policy["Statement"][0]["Sid"] == "root"
    assert snap.call(ACCOUNT, REGION, "kms", "describe-key", key_id).get("KeyMetadata")["Description"] == "data key"
    assert snap.keys(ACCOUNT, REGION, "secretsmanager", "get-resource-policy") == ["prod/db/password"]
    rp = snap.call(ACCOUNT, REGION, "secretsmanager", "get-resource-policy", "prod/db/password")
    assert "GetSecretValue" in rp.get("ResourcePolicy")


def test_no_secret_value_and_no_object_was_read(collected: tuple[Path, Summary]) -> None:
    for path in collected[0].rglob("*.json"):
        text = path.read_text(encoding="utf-8")
        assert SECRET_VALUE not in text, path
        assert "never-read-by-keyaki" not in text, path


def test_network(snap: Snapshot, moto_account: dict[str, Any]) -> None:
    vpcs = {v["VpcId"] for v in snap.call(ACCOUNT, REGION, "ec2", "describe-vpcs").get("Vpcs")}
    assert moto_account["vpc"] in vpcs
    subnets = {s["SubnetId"] for s in snap.call(ACCOUNT, REGION, "ec2", "describe-subnets").get("Subnets")}
    assert set(moto_account["subnets"]) <= subnets
    routes = [
        r for t in snap.call(ACCOUNT, REGION, "ec2", "describe-route-tables").get("RouteTables") for r in t["Routes"]
    ]
    assert any(r.get("GatewayId", "").startswith("igw-") for r in routes)
    groups = {
        g["GroupName"]: g for g in snap.call(ACCOUNT, REGION, "ec2", "describe-security-groups").get("SecurityGroups")
    }
    assert groups["web"]["IpPermissions"][0]["IpRanges"][0]["CidrIp"] == "0.0.0.0/0"
    reservations = snap.call(ACCOUNT, REGION, "ec2", "describe-instances").get("Reservations")
    assert moto_account["web_instance"] in {i["InstanceId"] for r in reservations for i in r["Instances"]}
    acls = snap.call(ACCOUNT, REGION, "ec2", "describe-network-acls").get("NetworkAcls")
    assert any(e["RuleNumber"] == 100 for a in acls for e in a["Entries"])


def test_load_balancer_queue_topic_function(snap: Snapshot) -> None:
    listeners = snap.call(ACCOUNT, REGION, "elbv2", "describe-listeners", "web-alb")
    assert listeners.get("Listeners")[0]["Port"] == 80
    assert snap.call(ACCOUNT, REGION, "elbv2", "describe-load-balancer-attributes", "web-alb").ok
    health = snap.call(ACCOUNT, REGION, "elbv2", "describe-target-health", "web-tg")
    assert len(health.get("TargetHealthDescriptions")) == 1
    queue = snap.call(ACCOUNT, REGION, "sqs", "get-queue-attributes", "orders")
    assert json.loads(queue.get("Attributes")["Policy"])["Statement"][0]["Principal"] == "*"
    topic = snap.call(ACCOUNT, REGION, "sns", "get-topic-attributes", "alerts")
    assert "sns:Publish" in topic.get("Attributes")["Policy"]
    fn_policy = snap.call(ACCOUNT, REGION, "lambda", "get-policy", "resize")
    assert "s3.amazonaws.com" in fn_policy.get("Policy")
    detectors = snap.keys(ACCOUNT, REGION, "guardduty", "get-detector")
    assert len(detectors) == 1 and snap.call(ACCOUNT, REGION, "guardduty", "get-detector", detectors[0]).ok


def test_metric_filters_alarms_and_subscriptions(snap: Snapshot) -> None:
    filters = snap.call(ACCOUNT, REGION, "logs", "describe-metric-filters").get("metricFilters")
    assert [(f["logGroupName"], f["filterPattern"]) for f in filters] == [("org-trail", ROOT_PATTERN)]
    assert filters[0]["metricTransformations"][0]["metricNamespace"] == "CISBenchmark"
    alarms = snap.call(ACCOUNT, REGION, "cloudwatch", "describe-alarms").get("MetricAlarms")
    assert [(a["AlarmName"], a["MetricName"]) for a in alarms] == [("root-usage", "RootUsage")]
    subs = snap.call(ACCOUNT, REGION, "sns", "list-subscriptions").get("Subscriptions")
    assert [s["Protocol"] for s in subs] == ["sqs"] and subs[0]["TopicArn"] == alarms[0]["AlarmActions"][0]


def test_files_are_printed_like_the_cli(collected: tuple[Path, Summary]) -> None:
    text = (collected[0] / call_path(ACCOUNT, REGION, "ec2", "describe-vpcs")).read_text(encoding="utf-8")
    assert text.startswith('{\n    "Vpcs": [') and text.endswith("}\n")
    assert "ResponseMetadata" not in text


def test_gaps_are_in_the_manifest_and_seen_by_the_loader(snap: Snapshot, collected: tuple[Path, Summary]) -> None:
    """moto does not implement every call (Access Analyzer...):
    those are recorded as gaps, never a crash, and the loader reports the same gaps."""
    summary = collected[1]
    assert summary.calls > 80 and summary.files > 80
    manifest_gaps = {(g.service, g.operation) for g in snap.manifest.gaps}
    assert manifest_gaps == {(g.service, g.operation) for g in summary.gaps}
    for g in snap.manifest.gaps:
        assert g.account == ACCOUNT and g.error
        response = snap.call(ACCOUNT, g.region or GLOBAL, g.service or "", g.operation or "", g.key)
        assert response.status is Status.FAILED, g


def test_every_call_sent_is_in_the_table_and_allowed_by_the_policy(collected: tuple[Path, Summary]) -> None:
    by_method = {(row.client, row.method): row for row in API_CALLS}
    policy_actions = set(collector_policy()["Statement"][0]["Action"])
    assert len(SENT) > 60
    for service, operation in sorted(SENT):
        row = by_method.get((service, xform_name(operation)))
        assert row is not None, f"{service}:{operation} is not in keyaki.collect.spec"
        assert row.written or row.operation in ("describe-regions", "generate-credential-report", "get-caller-identity")
        assert set(row.actions) <= policy_actions


def test_sharing_attributes_and_grants(snap: Snapshot, moto_account: dict[str, Any]) -> None:
    """Sharing that is not a policy: EBS createVolumePermission, RDS ``restore`` attributes, KMS grants."""
    snap_id = moto_account["ebs_snapshot"]
    attr = snap.call(ACCOUNT, REGION, "ec2", "describe-snapshot-attribute", snap_id)
    assert attr.get("CreateVolumePermissions") == [{"Group": "all"}]
    # moto ignores `--owner-ids self` (it lists its AMIs' snapshots too): only the account's own are asked about
    assert snap.keys(ACCOUNT, REGION, "ec2", "describe-snapshot-attribute") == [snap_id]
    db = snap.call(ACCOUNT, REGION, "rds", "describe-db-snapshot-attributes", "orders-manual")
    assert db.get("DBSnapshotAttributesResult")["DBSnapshotAttributes"] == [
        {"AttributeName": "restore", "AttributeValues": ["999988887777"]}
    ]
    assert snap.keys(ACCOUNT, REGION, "rds", "describe-db-snapshot-attributes") == ["orders-manual"]  # no automated
    cluster = snap.call(ACCOUNT, REGION, "rds", "describe-db-cluster-snapshot-attributes", "ledger-manual")
    assert cluster.get("DBClusterSnapshotAttributesResult")["DBClusterSnapshotAttributes"][0]["AttributeValues"] == [
        "all"
    ]
    grants = snap.call(ACCOUNT, REGION, "kms", "list-grants", moto_account["key_id"]).get("Grants")
    assert [g["GrantId"] for g in grants] == [moto_account["grant_id"]]


def test_sharing_becomes_findings_end_to_end(snap: Snapshot, moto_account: dict[str, Any]) -> None:
    """What was collected from moto is analysed: every sharing mechanism gives its finding, with evidence."""
    from keyaki.access.findings import external_findings

    found = {
        (f.resource_type, f.evidence.details["principal_class"]): f for f in external_findings(snap, "account")[0]
    }
    public = found[("AWS::EC2::Snapshot", "*")]
    # moto answers GetSnapshotBlockPublicAccessState with an HTML page: a gap, so the state is "not read"
    assert public.severity.value == "CRITICAL"
    assert "block public access for snapshots: not read" in public.evidence.summary
    assert ("AWS::RDS::DBSnapshot", "AWS:999988887777") in found
    assert found[("AWS::RDS::DBClusterSnapshot", "*")].resource.endswith(":cluster-snapshot:ledger-manual")
    grant = found[("AWS::KMS::Key", "AWS:arn:aws:iam::999988887777:role/partner-decrypt")]
    assert grant.evidence.details["grants"][0]["grant_id"] == moto_account["grant_id"]


# --- EFS, DynamoDB and Lambda layer resource policies ---------------------------------------------


def test_efs_file_systems_and_their_policies(snap: Snapshot, moto_account: dict[str, Any]) -> None:
    ids = {f["FileSystemId"] for f in snap.call(ACCOUNT, REGION, "efs", "describe-file-systems").get("FileSystems")}
    assert moto_account["fs_id"] in ids and len(ids) == 2
    policy = snap.call(ACCOUNT, REGION, "efs", "describe-file-system-policy", moto_account["fs_id"])
    assert json.loads(policy.get("Policy"))["Statement"][0]["Action"] == ["elasticfilesystem:ClientMount"]
    (other,) = ids - {moto_account["fs_id"]}
    assert snap.call(ACCOUNT, REGION, "efs", "describe-file-system-policy", other).status is Status.NOT_FOUND


def test_dynamodb_table_and_stream_policies(snap: Snapshot, moto_account: dict[str, Any]) -> None:
    assert snap.call(ACCOUNT, REGION, "dynamodb", "list-tables").get("TableNames") == ["ledger"]
    table = snap.call(ACCOUNT, REGION, "dynamodb", "describe-table", "ledger").get("Table")
    assert table["LatestStreamArn"] == moto_account["stream_arn"]
    policy = snap.call(ACCOUNT, REGION, "dynamodb", "get-resource-policy", "ledger")
    assert "dynamodb:GetItem" in policy.get("Policy")
    # moto takes the last ARN segment as the table name, so a stream's policy is "not found" there
    # (ResourceNotFoundException, a moto gap): still a "not found" answer, never a coverage gap
    stream = snap.call(
        ACCOUNT, REGION, "dynamodb", "get-resource-policy", "ledger/stream/" + table["LatestStreamLabel"]
    )
    assert stream.status is Status.NOT_FOUND


def test_lambda_layer_versions_and_their_policies(snap: Snapshot) -> None:
    versions = snap.call(ACCOUNT, REGION, "lambda", "list-layer-versions", "common").get("LayerVersions")
    assert sorted(v["Version"] for v in versions) == [1, 2]
    public = snap.call(ACCOUNT, REGION, "lambda", "get-layer-version-policy", "common:2")
    statement = json.loads(public.get("Policy"))["Statement"][0]
    assert statement["Principal"] == "*" and statement["Action"] == "lambda:GetLayerVersion"


def test_the_view_yields_each_resource_with_its_policy(snap: Snapshot, moto_account: dict[str, Any]) -> None:
    assert not {g.service for g in snap.manifest.gaps} & {"efs", "dynamodb", "lambda"}
    found = {(p.resource_type, p.arn): p for p in resource_policies(snap)}
    efs = found[("AWS::EFS::FileSystem", moto_account["fs_arn"])]
    assert efs.status is Status.OK and efs.document["Statement"][0]["Principal"]["AWS"].endswith("999988887777:root")
    assert found[("AWS::DynamoDB::Table", moto_account["table_arn"])].status is Status.OK
    assert found[("AWS::DynamoDB::Stream", moto_account["stream_arn"])].status is Status.NOT_FOUND
    layers = {arn.rsplit(":", 1)[1]: p for (t, arn), p in found.items() if t == "AWS::Lambda::LayerVersion"}
    assert layers["2"].status is Status.OK and layers["2"].document["Statement"][0]["Principal"] == "*"
    assert set(layers) == {"1", "2"} and layers["1"].status is Status.NOT_FOUND  # no permission on version 1
