"""Sharing that is not a policy: EBS/RDS snapshot attributes and KMS grants, as external/public findings and
in who-can, per zone of trust; CLI JSON and exit codes; the demo's plants (docs/demo.md #18-#20)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from keyaki.access.engine import Engine
from keyaki.access.estate import Estate
from keyaki.access.findings import EXTERNAL, PUBLIC, UNDECIDED, external_findings
from keyaki.access.grants import statements
from keyaki.access.whocan import who_can
from keyaki.cli.scan import demo_path
from keyaki.findings.model import Finding, Severity
from keyaki.iam.case import simulate
from keyaki.snapshot import open_snapshot
from keyaki.snapshot.views.kms_grants import Grant

A, MEMBER, OUTSIDE, R = "111122223333", "444455556666", "999988887777", "us-east-1"
BASE = f"accounts/{A}/{R}"
KEY = "1234abcd-12ab-34cd-56ef-1234567890ab"
KEY_ARN = f"arn:aws:kms:{R}:{A}:key/{KEY}"
PARTNER = f"arn:aws:iam::{OUTSIDE}:role/partner-etl"
MANIFEST = {
    "format": "keyaki-snapshot",
    "format_version": 1,
    "created": "2026-11-01T12:00:00Z",
    "accounts": [{"id": A, "regions": [R]}],
}
ORG = {
    "organizations/describe-organization.json": {
        "Organization": {"Id": "o-exampleorgid", "MasterAccountId": A, "FeatureSet": "ALL"}
    },
    "organizations/list-accounts.json": {
        "Accounts": [{"Id": A, "Name": "prod", "Status": "ACTIVE"}, {"Id": MEMBER, "Name": "dev", "Status": "ACTIVE"}]
    },
}
ROOT_ADMIN = {
    "Sid": "Enable IAM User Permissions",
    "Effect": "Allow",
    "Principal": {"AWS": f"arn:aws:iam::{A}:root"},
    "Action": "kms:*",
    "Resource": "*",
}


def _grant(grantee: str, ops: list[str], constraints: dict[str, Any] | None = None, gid: str = "a1") -> dict[str, Any]:
    g: dict[str, Any] = {
        "KeyId": KEY_ARN,
        "GrantId": gid * 32,
        "Name": f"grant-{gid}",
        "CreationDate": "2025-02-17T15:26:03+00:00",
        "GranteePrincipal": grantee,
        "IssuingAccount": f"arn:aws:iam::{A}:root",
        "Operations": ops,
    }
    if constraints:
        g["Constraints"] = constraints
    return g


def _key_files(grants: list[dict[str, Any]] | None, *extra: dict[str, Any]) -> dict[str, Any]:
    files: dict[str, Any] = {
        f"{BASE}/kms/list-keys.json": {"Keys": [{"KeyId": KEY, "KeyArn": KEY_ARN}]},
        f"{BASE}/kms/describe-key/{KEY}.json": {
            "KeyMetadata": {"KeyId": KEY, "Arn": KEY_ARN, "KeyManager": "CUSTOMER"}
        },
        f"{BASE}/kms/get-key-policy/{KEY}.json": {
            "Policy": json.dumps({"Version": "2012-10-17", "Statement": [ROOT_ADMIN, *extra]}),
            "PolicyName": "default",
        },
        **ORG,
    }
    if grants is None:
        files[f"{BASE}/kms/list-grants/{KEY}.error.json"] = {
            "Error": {"Code": "AccessDeniedException", "Message": "not authorized to perform kms:ListGrants"}
        }
    else:
        files[f"{BASE}/kms/list-grants/{KEY}.json"] = {"Grants": grants}
    return files


def _findings(make_snapshot: Any, files: dict[str, Any], trust: str = "organization") -> list[Finding]:
    return external_findings(open_snapshot(make_snapshot(files, MANIFEST)), trust)[0]


# ---- KMS grants ---------------------------------------------------------------------------------------------
def test_grant_statements_split_constrained_operations():
    g = Grant(
        grant_id="ab-12", name=None, grantee=PARTNER, grantee_service=None, retiring=None, issuing_account=None,
        operations=("DescribeKey", "Decrypt", "CreateGrant"), context_equals=(("dept", "IT"),), context_subset=None,
        source_arn="arn:aws:s3:::b", created=None, location="/Grants/0",
    )  # fmt: skip
    constrained, plain = statements(g)
    assert constrained["Sid"] == plain["Sid"] == "KmsGrantab12" and constrained["Principal"] == {"AWS": PARTNER}
    assert constrained["Action"] == ["kms:Decrypt"] and plain["Action"] == ["kms:CreateGrant", "kms:DescribeKey"]
    assert constrained["Condition"] == {
        "ArnEquals": {"aws:SourceArn": "arn:aws:s3:::b"},
        "StringEquals": {"kms:EncryptionContext:dept": "IT"},
        "ForAllValues:StringEqualsIgnoreCase": {"kms:EncryptionContextKeys": ["dept"]},
    }
    assert plain["Condition"] == {"ArnEquals": {"aws:SourceArn": "arn:aws:s3:::b"}}


def test_grant_with_disagreeing_constraints_never_allows_the_context_operations():
    g = Grant("x", None, PARTNER, None, None, None, ("Decrypt", "DescribeKey"), (("k", "a"),), (("k", "b"),), None,
              None, "/Grants/0")  # fmt: skip
    assert [st["Action"] for st in statements(g)] == [["kms:DescribeKey"]]


def test_an_empty_equals_constraint_allows_only_requests_without_a_context():
    g = Grant("x", None, PARTNER, None, None, None, ("Decrypt",), (), None, None, None, "/Grants/0")
    (st,) = statements(g)
    assert st["Condition"] == {"Null": {"kms:EncryptionContextKeys": "true"}}


def test_external_grant_is_a_finding_with_the_grant_as_evidence(make_snapshot):
    grant = _grant(PARTNER, ["Decrypt", "DescribeKey"], {"EncryptionContextSubset": {"exchange": "partner-etl"}})
    (f,) = _findings(make_snapshot, _key_files([grant]))
    d = f.evidence.details
    assert f.type == EXTERNAL and f.severity is Severity.HIGH and d["principal_class"] == f"AWS:{PARTNER}"
    levels = {a["action"]: a for a in d["actions"]}
    assert levels["kms:DescribeKey"]["level"] == "always"  # constraints do not apply to DescribeKey
    decrypt = levels["kms:Decrypt"]
    assert decrypt["level"] == "conditionally"
    (group,) = decrypt["conditions"]
    assert group["text"] == 'kms:EncryptionContext:exchange = "partner-etl"'
    assert group["file"] == f"{BASE}/kms/list-grants/{KEY}.json" and group["location"] == "/Grants/0"
    assert d["grants"][0]["grant_id"] == "a1" * 32 and d["grants"][0]["grantee"] == PARTNER
    assert f.evidence.sources == [f"{BASE}/kms/get-key-policy/{KEY}.json", f"{BASE}/kms/list-grants/{KEY}.json"]
    assert "KMS grant" in f.evidence.summary and simulate(d["witness"]).decision == "allowed"
    used = [s for s in d["statements"] if s["policy"] == "resource_policy"]
    assert used[0]["file"].endswith(f"list-grants/{KEY}.json") and used[0]["policy_location"] == "/Grants/0"


def test_a_constrained_grant_alone_is_medium(make_snapshot):
    grant = _grant(PARTNER, ["Decrypt"], {"EncryptionContextSubset": {"exchange": "partner-etl"}})
    (f,) = _findings(make_snapshot, _key_files([grant]))
    assert f.severity is Severity.MEDIUM and "under conditions" in f.title
    assert f.evidence.details["conditions"] == ['kms:EncryptionContext:exchange = "partner-etl"']


def test_grants_in_the_zone_of_trust_or_to_services_are_not_findings(make_snapshot):
    member = _grant(f"arn:aws:iam::{MEMBER}:role/reporting", ["Decrypt"], gid="b2")
    own = _grant(f"arn:aws:iam::{A}:role/app", ["Encrypt", "Decrypt"], gid="c3")
    service = _grant("rds.us-east-1.amazonaws.com", ["Decrypt", "GenerateDataKey"], gid="d4")
    service["GranteeServicePrincipal"] = "rds.us-east-1.amazonaws.com"
    files = _key_files([member, own, service])
    assert _findings(make_snapshot, files) == []
    (f,) = _findings(make_snapshot, files, "account")
    assert f.evidence.details["principal_class"] == f"AWS:arn:aws:iam::{MEMBER}:role/reporting"


def test_a_key_policy_deny_applies_to_grants(make_snapshot):
    deny = {
        "Sid": "DenyOutsideOrg",
        "Effect": "Deny",
        "Principal": "*",
        "Action": "kms:Decrypt",
        "Resource": "*",
        "Condition": {"StringNotEquals": {"aws:PrincipalOrgID": "o-exampleorgid"}},
    }
    (f,) = _findings(make_snapshot, _key_files([_grant(PARTNER, ["Decrypt", "DescribeKey"])], deny))
    assert [a["action"] for a in f.evidence.details["actions"]] == ["kms:DescribeKey"]


def test_unread_grants_are_undecided_never_none(make_snapshot):
    (f,) = _findings(make_snapshot, _key_files(None))
    assert f.type == UNDECIDED and f.severity is Severity.INFORMATIONAL and f.resource == KEY_ARN
    assert f.evidence.details["status"] == "failed" and f.evidence.sources[0].endswith(f"list-grants/{KEY}.json")
    est = Estate.load(open_snapshot(make_snapshot(_key_files(None), MANIFEST)))
    assert any("grants of" in p and KEY_ARN in p for p in est.problems)


def test_external_users_and_role_sessions_are_external_principals(make_snapshot):
    """A grantee (or a key policy principal) that is a user or a role session of another account: its identity
    side is assumed to allow everything, as for a role (docs/access.md), so it is found."""
    session = f"arn:aws:sts::{OUTSIDE}:assumed-role/aws:ec2-infrastructure/i-5d476fab"
    user = f"arn:aws:iam::{OUTSIDE}:user/bob"
    named = {"Sid": "Bob", "Effect": "Allow", "Principal": {"AWS": user}, "Action": "kms:Decrypt", "Resource": "*"}
    found = {f.evidence.details["principal_class"]: f for f in _findings(make_snapshot, _key_files(
        [_grant(session, ["Decrypt"])], named))}  # fmt: skip
    assert set(found) == {f"AWS:{session}", f"AWS:{user}"}
    assert all(f.severity is Severity.HIGH and simulate(f.evidence.details["witness"]).allowed for f in found.values())


def test_who_can_on_a_key_lists_the_grantee_with_an_equals_constraint(make_snapshot):
    grant = _grant(PARTNER, ["Decrypt"], {"EncryptionContextEquals": {"Department": "IT"}})
    engine = Engine(Estate.load(open_snapshot(make_snapshot(_key_files([grant]), MANIFEST))))
    out = who_can(engine, KEY_ARN, ["kms:Decrypt"])
    who = {p["principal"]: p for p in out["principals"]}
    (access,) = who[PARTNER]["access"]
    assert who[PARTNER]["in_snapshot"] is False and access["level"] == "conditionally"
    assert access["grants"] == ["a1" * 32]
    witness = access["witness"]
    assert simulate(witness).decision == "allowed"
    ctx = witness["request"]["context"]
    assert ctx["kms:EncryptionContext:Department"] == "IT"
    extra = {
        **witness,
        "request": {**witness["request"], "context": {**ctx, "kms:EncryptionContextKeys": ["Department", "x"]}},
    }
    assert simulate(extra).decision == "implicitDeny"  # Equals: no other key may be present


def test_who_can_json_on_a_key_with_a_grant(cli, make_snapshot):
    grant = _grant(PARTNER, ["Decrypt", "DescribeKey"])
    snap = str(make_snapshot(_key_files([grant]), MANIFEST))
    code, out, _ = cli("access", "who-can", "-s", snap, "-r", KEY_ARN, "-a", "kms:Decrypt", "-f", "json")
    assert code == 0
    who = {p["principal"]: p for p in json.loads(out)["principals"]}
    assert who[PARTNER]["access"][0]["level"] == "always" and who[PARTNER]["kind"] == "role"


# ---- EBS and RDS snapshots ----------------------------------------------------------------------------------
def _snapshot_files(
    ebs: list[dict[str, str]] | None, restore: list[str], cluster: list[str], block: str | None = "unblocked"
) -> dict[str, Any]:
    files: dict[str, Any] = {
        f"{BASE}/ec2/describe-snapshots.json": {
            "Snapshots": [{"SnapshotId": "snap-0a1", "OwnerId": A, "Encrypted": False, "State": "completed"}]
        },
        f"{BASE}/rds/describe-db-snapshots.json": {
            "DBSnapshots": [
                {
                    "DBSnapshotIdentifier": "orders-manual",
                    "SnapshotType": "manual",
                    "Encrypted": True,
                    "KmsKeyId": KEY_ARN,
                    "DBSnapshotArn": f"arn:aws:rds:{R}:{A}:snapshot:orders-manual",
                }
            ]
        },
        f"{BASE}/rds/describe-db-snapshot-attributes/orders-manual.json": {
            "DBSnapshotAttributesResult": {
                "DBSnapshotIdentifier": "orders-manual",
                "DBSnapshotAttributes": [{"AttributeName": "restore", "AttributeValues": restore}],
            }
        },
        f"{BASE}/rds/describe-db-cluster-snapshots.json": {
            "DBClusterSnapshots": [
                {"DBClusterSnapshotIdentifier": "ledger", "SnapshotType": "manual", "StorageEncrypted": False}
            ]
        },
        f"{BASE}/rds/describe-db-cluster-snapshot-attributes/ledger.json": {
            "DBClusterSnapshotAttributesResult": {
                "DBClusterSnapshotIdentifier": "ledger",
                "DBClusterSnapshotAttributes": [{"AttributeName": "restore", "AttributeValues": cluster}],
            }
        },
        **ORG,
    }
    if block is not None:
        files[f"{BASE}/ec2/get-snapshot-block-public-access-state.json"] = {"State": block, "ManagedBy": "account"}
    attr = f"{BASE}/ec2/describe-snapshot-attribute/snap-0a1"
    if ebs is None:
        files[attr + ".error.json"] = {"Error": {"Code": "UnauthorizedOperation", "Message": "not authorized"}}
    else:
        files[attr + ".json"] = {"CreateVolumePermissions": ebs, "SnapshotId": "snap-0a1"}
    return files


def _by(findings: list[Finding]) -> dict[tuple[str, str], Finding]:
    return {(f.resource_type, f.evidence.details.get("principal_class", "")): f for f in findings}


def test_public_ebs_snapshot_is_critical_with_the_attribute_as_evidence(make_snapshot):
    found = _by(_findings(make_snapshot, _snapshot_files([{"Group": "all"}, {"UserId": OUTSIDE}], [], [])))
    assert set(found) == {("AWS::EC2::Snapshot", "*"), ("AWS::EC2::Snapshot", f"AWS:{OUTSIDE}")}
    pub = found[("AWS::EC2::Snapshot", "*")]
    d = pub.evidence.details
    assert pub.type == PUBLIC and pub.severity is Severity.CRITICAL and pub.region == R
    assert pub.resource == f"arn:aws:ec2:{R}:{A}:snapshot/snap-0a1" and pub.standards[0].control == "EC2.1"
    assert d["attribute"] == "createVolumePermission" and d["value"] == "all" and d["public"] is True
    assert d["shared_with"] == ["all", OUTSIDE] and d["location"] == "/CreateVolumePermissions"
    assert pub.evidence.sources == [
        f"{BASE}/ec2/describe-snapshot-attribute/snap-0a1.json",
        f"{BASE}/ec2/get-snapshot-block-public-access-state.json",
    ]
    assert simulate(d["witness"]).decision == "allowed" and d["witness"]["request"]["action"] == "ec2:CreateVolume"
    ext = found[("AWS::EC2::Snapshot", f"AWS:{OUTSIDE}")]
    assert ext.type == EXTERNAL and ext.severity is Severity.HIGH and "--user-ids 999988887777" in ext.remediation


@pytest.mark.parametrize(("block", "public"), [("block-all-sharing", False), ("block-new-sharing", True), (None, True)])
def test_ebs_block_public_access_for_snapshots(make_snapshot, block, public):
    """``block-all-sharing`` makes AWS treat a snapshot shared with `all` as private; the account share stays."""
    found = _by(_findings(make_snapshot, _snapshot_files([{"Group": "all"}, {"UserId": OUTSIDE}], [], [], block)))
    assert (("AWS::EC2::Snapshot", "*") in found) is public and ("AWS::EC2::Snapshot", f"AWS:{OUTSIDE}") in found
    if public:
        ev = found[("AWS::EC2::Snapshot", "*")].evidence
        assert ev.details["block_public_access"] == block
        assert f"block public access for snapshots: {block or 'not read'}" in ev.summary
        assert ev.sources[-1].endswith("get-snapshot-block-public-access-state.json")


def test_rds_snapshots_per_zone_of_trust(make_snapshot):
    files = _snapshot_files([], [OUTSIDE, MEMBER], [MEMBER, A])
    org = _by(_findings(make_snapshot, files))
    assert set(org) == {("AWS::RDS::DBSnapshot", f"AWS:{OUTSIDE}")}
    f = org[("AWS::RDS::DBSnapshot", f"AWS:{OUTSIDE}")]
    d = f.evidence.details
    assert f.severity is Severity.HIGH and d["attribute"] == "restore" and d["encrypted"] is True
    assert d["kms_key_id"] == KEY_ARN and "also needs that key" in f.evidence.summary
    assert d["actions"] == ["rds:CopyDBSnapshot", "rds:RestoreDBInstanceFromDBSnapshot"]
    assert simulate(d["witness"]).decision == "allowed"
    acct = _by(_findings(make_snapshot, files, "account"))
    assert set(acct) == {
        ("AWS::RDS::DBSnapshot", f"AWS:{OUTSIDE}"),
        ("AWS::RDS::DBSnapshot", f"AWS:{MEMBER}"),
        ("AWS::RDS::DBClusterSnapshot", f"AWS:{MEMBER}"),  # the owner itself is never external
    }
    assert acct[("AWS::RDS::DBSnapshot", f"AWS:{OUTSIDE}")].id == f.id  # stable across zones


def test_public_rds_cluster_snapshot(make_snapshot):
    (f,) = _findings(make_snapshot, _snapshot_files([], [], ["all"]))
    assert f.type == PUBLIC and f.severity is Severity.CRITICAL and f.standards[0].control == "RDS.1"
    assert f.resource == f"arn:aws:rds:{R}:{A}:cluster-snapshot:ledger"  # built when the listing has no ARN
    assert "--values-to-remove all" in f.remediation


def test_unread_snapshot_attribute_is_undecided(make_snapshot):
    (f,) = _findings(make_snapshot, _snapshot_files(None, [], []))
    assert f.type == UNDECIDED and f.severity is Severity.INFORMATIONAL
    assert f.evidence.details["status"] == "failed"


@pytest.mark.parametrize(
    ("ebs", "expected"), [([], 0), ([{"Group": "all"}], 1), (None, 3)], ids=["private", "public", "unread"]
)
def test_external_cli_exit_codes(cli, make_snapshot, ebs, expected):
    snap = str(make_snapshot(_snapshot_files(ebs, [], []), MANIFEST))
    code, out, _ = cli("access", "external", "-s", snap, "--format", "json")
    report = json.loads(out)
    assert code == expected and len(report["findings"]) == (0 if expected == 0 else 1)
    assert report["undecided"] == ([report["findings"][0]["id"]] if expected == 3 else [])


def test_scan_reports_them(cli, make_snapshot):
    snap = str(make_snapshot(_snapshot_files([{"Group": "all"}], [], []), MANIFEST))
    code, out, _ = cli("scan", "-s", snap, "--format", "json", "--fail-on", "critical")
    found = [f for f in json.loads(out)["findings"] if f["type"].startswith("access/")]
    assert code == 1 and [(f["severity"], f["resource_type"]) for f in found] == [("CRITICAL", "AWS::EC2::Snapshot")]


# ---- the demo -----------------------------------------------------------------------------------------------
DEMO_KEY = "arn:aws:kms:us-east-1:333333333333:key/e04cf294-fdc5-4548-bfac-23a335770e15"
DEMO_PARTNER = "arn:aws:iam::999988887777:role/partner-etl"


@pytest.fixture(scope="module")
def demo() -> dict[str, list[Finding]]:
    snap = open_snapshot(demo_path())
    return {trust: external_findings(snap, trust)[0] for trust in ("organization", "account")}


def test_demo_plants(demo):
    org = {(f.resource_type, f.evidence.details.get("principal_class")): f for f in demo["organization"]}
    ebs = org[("AWS::EC2::Snapshot", "*")]
    assert (
        ebs.severity is Severity.CRITICAL and ebs.account == "444444444444" and "snap-ab0e656ea85731333" in ebs.resource
    )
    rds = org[("AWS::RDS::DBSnapshot", "AWS:999988887777")]
    assert rds.resource == "arn:aws:rds:us-east-1:333333333333:snapshot:orders-db-pre-migration"
    grant = org[("AWS::KMS::Key", f"AWS:{DEMO_PARTNER}")]
    assert grant.resource == DEMO_KEY and grant.severity is Severity.HIGH
    assert not any(rt == "AWS::RDS::DBClusterSnapshot" for rt, _ in org)  # shared with dev: inside the organisation
    wider = [f for f in demo["account"] if f.resource_type == "AWS::RDS::DBClusterSnapshot"]
    assert [f.evidence.details["principal_class"] for f in wider] == ["AWS:444444444444"]
    snapshots = [f for f in demo["organization"] if "Snapshot" in f.resource_type]
    assert len(snapshots) == 2  # the private EBS snapshot and the automated DB snapshot are not reported
    assert not any(f.account == "555555555555" for f in snapshots)  # public, but sandbox blocks all sharing


def test_demo_who_can_on_the_granted_key():
    engine = Engine(Estate.load(open_snapshot(demo_path())))
    out = who_can(engine, DEMO_KEY, ["kms:Decrypt", "kms:Encrypt"])
    who = {p["principal"]: {a["action"]: a for a in p["access"]} for p in out["principals"]}
    assert who[DEMO_PARTNER]["kms:Decrypt"]["level"] == "conditionally" and "kms:Encrypt" not in who[DEMO_PARTNER]
    web = who["arn:aws:iam::333333333333:role/web-app-instance-role"]
    assert (
        web["kms:Encrypt"]["level"] == "always" and len(web["kms:Encrypt"]["grants"]) == 1
    )  # only the grant allows it
    assert web["kms:Decrypt"]["level"] == "always" and out["undecided"] == 0
