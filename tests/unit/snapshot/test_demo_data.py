"""The bundled demo organisation: it loads, it is complete, it is consistent, and the generator reproduces it.

The planted problems are listed in ``docs/demo.md``; these tests check the data's shape and cross
references (the analyses that find the problems test their findings in their own areas).
"""

from __future__ import annotations

import base64
import csv
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from keyaki.cli.scan import demo_path
from keyaki.snapshot import Snapshot, open_snapshot
from keyaki.snapshot.layout import CALLS, GLOBAL
from keyaki.snapshot.load import Status

ROOT = Path(__file__).resolve().parents[3]
ACCOUNTS = ["111111111111", "222222222222", "333333333333", "444444444444", "555555555555"]
REGIONS = ["us-east-1", "eu-west-1"]
DELIBERATE_GAPS = {("555555555555", "eu-west-1", "lambda", "list-functions", "AccessDeniedException")}


@pytest.fixture(scope="module")
def snap() -> Snapshot:
    return open_snapshot(demo_path())


def _ok(snap: Snapshot, account: str, region: str, service: str, operation: str, key: str | None = None) -> Any:
    r = snap.call(account, region, service, operation, key)
    assert r.ok, f"{r.path}: {r.status}"
    return r.data


def _read_everything(snap: Snapshot) -> None:
    """Read every call of CALLS for every account and region, and every keyed file present."""
    for call in CALLS:
        if call.scope == "org":
            if call.key is None:
                snap.org(call.operation)
            for k in snap.org_keys(call.operation):
                snap.org(call.operation, k)
            continue
        for account in snap.accounts():
            for region in [GLOBAL] if call.scope == "global" else snap.regions(account):
                if call.key is None:
                    snap.call(account, region, call.service, call.operation)
                for k in snap.keys(account, region, call.service, call.operation):
                    snap.call(account, region, call.service, call.operation, k)


def test_demo_opens_and_every_file_parses(snap: Snapshot) -> None:
    assert snap.validate() == []
    assert snap.manifest.created == "2026-11-01T12:00:00Z"
    assert snap.manifest.organization is not None and snap.manifest.organization.id == "o-a1b2c3d4e5"


def test_every_account_has_both_regions(snap: Snapshot) -> None:
    assert snap.accounts() == ACCOUNTS
    for account in ACCOUNTS:
        assert snap.regions(account) == REGIONS
        assert snap.account_name(account)


def test_the_only_gaps_are_the_deliberate_ones(snap: Snapshot) -> None:
    fresh = open_snapshot(demo_path())
    _read_everything(fresh)
    gaps = {(g.account, g.region, g.service, g.operation, g.reason) for g in fresh.gaps()}
    assert gaps == DELIBERATE_GAPS
    r = fresh.call("555555555555", "eu-west-1", "lambda", "list-functions")
    assert r.status is Status.FAILED and r.error_code == "AccessDeniedException"


def test_generator_reproduces_the_committed_files(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    subprocess.run(
        [sys.executable, str(ROOT / "tools" / "build_demo.py"), "--out", str(out)], check=True, capture_output=True
    )
    committed = demo_path()
    made = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    have = sorted(p.relative_to(committed).as_posix() for p in committed.rglob("*") if p.is_file())
    assert made == have
    for rel in made:
        assert (out / rel).read_bytes() == (committed / rel).read_bytes(), rel


# ---- shape and cross-reference sanity --------------------------------------------------------------
def test_network_references_resolve(snap: Snapshot) -> None:
    for account in ACCOUNTS:
        for region in REGIONS:
            vpcs = {v["VpcId"] for v in _ok(snap, account, region, "ec2", "describe-vpcs")["Vpcs"]}
            subnets = {s["SubnetId"]: s for s in _ok(snap, account, region, "ec2", "describe-subnets")["Subnets"]}
            groups = {
                g["GroupId"] for g in _ok(snap, account, region, "ec2", "describe-security-groups")["SecurityGroups"]
            }
            assert all(s["VpcId"] in vpcs for s in subnets.values())
            for eni in _ok(snap, account, region, "ec2", "describe-network-interfaces")["NetworkInterfaces"]:
                assert eni["SubnetId"] in subnets
                assert all(g["GroupId"] in groups for g in eni["Groups"])
            for res in _ok(snap, account, region, "ec2", "describe-instances")["Reservations"]:
                for i in res["Instances"]:
                    assert i["SubnetId"] in subnets
                    assert all(g["GroupId"] in groups for g in i["SecurityGroups"])
            _check_associations(snap, account, region, set(subnets))


def _check_associations(snap: Snapshot, account: str, region: str, subnets: set[str]) -> None:
    for table in _ok(snap, account, region, "ec2", "describe-route-tables")["RouteTables"]:
        for a in table["Associations"]:
            assert a.get("Main") or a["SubnetId"] in subnets
    in_nacl = [
        a["SubnetId"]
        for acl in _ok(snap, account, region, "ec2", "describe-network-acls")["NetworkAcls"]
        for a in acl["Associations"]
    ]
    assert sorted(in_nacl) == sorted(subnets)  # every subnet in exactly one NACL


def test_load_balancer_targets_exist(snap: Snapshot) -> None:
    account, region = "333333333333", "us-east-1"
    instances = {
        i["InstanceId"]
        for r in _ok(snap, account, region, "ec2", "describe-instances")["Reservations"]
        for i in r["Instances"]
    }
    groups = _ok(snap, account, region, "elbv2", "describe-target-groups")["TargetGroups"]
    assert [g["TargetGroupName"] for g in groups] == ["prod-web-tg"]
    health = _ok(snap, account, region, "elbv2", "describe-target-health", "prod-web-tg")
    targets = [t["Target"]["Id"] for t in health["TargetHealthDescriptions"]]
    assert len(targets) == 2 and set(targets) <= instances
    listeners = _ok(snap, account, region, "elbv2", "describe-listeners", "prod-web-alb")["Listeners"]
    https = next(x for x in listeners if x["Port"] == 443)
    assert https["DefaultActions"][0]["TargetGroupArn"] == groups[0]["TargetGroupArn"]


def _policy_documents(gaad: dict[str, Any]) -> list[Any]:
    docs: list[Any] = []
    for u in gaad["UserDetailList"]:
        docs += [p["PolicyDocument"] for p in u.get("UserPolicyList", [])]
    for g in gaad["GroupDetailList"]:
        docs += [p["PolicyDocument"] for p in g["GroupPolicyList"]]
    for r in gaad["RoleDetailList"]:
        docs += [r["AssumeRolePolicyDocument"]] + [p["PolicyDocument"] for p in r["RolePolicyList"]]
    for p in gaad["Policies"]:
        docs += [v["Document"] for v in p["PolicyVersionList"]]
    return docs


def test_gaad_documents_and_attachments(snap: Snapshot) -> None:
    for account in ACCOUNTS:
        gaad = _ok(snap, account, GLOBAL, "iam", "get-account-authorization-details")
        for d in _policy_documents(gaad):
            assert d["Version"] == "2012-10-17" and isinstance(d["Statement"], list)
            json.dumps(d)
        known = {p["Arn"] for p in gaad["Policies"]}
        holders = gaad["UserDetailList"] + gaad["GroupDetailList"] + gaad["RoleDetailList"]
        for h in holders:
            assert all(a["PolicyArn"] in known for a in h["AttachedManagedPolicies"])
        groups = {g["GroupName"] for g in gaad["GroupDetailList"]}
        assert all(set(u["GroupList"]) <= groups for u in gaad["UserDetailList"])
        for p in gaad["Policies"]:
            defaults = [v for v in p["PolicyVersionList"] if v["IsDefaultVersion"]]
            assert [v["VersionId"] for v in defaults] == [p["DefaultVersionId"]]


def test_resource_policies_are_json_strings(snap: Snapshot) -> None:
    for account in ACCOUNTS:
        for bucket in snap.keys(account, GLOBAL, "s3api", "get-bucket-policy"):
            r = snap.call(account, GLOBAL, "s3api", "get-bucket-policy", bucket)
            assert r.status in (Status.OK, Status.NOT_FOUND)
            if r.ok:
                assert json.loads(r.data["Policy"])["Statement"]
        for region in REGIONS:
            for key in snap.keys(account, region, "kms", "get-key-policy"):
                assert json.loads(_ok(snap, account, region, "kms", "get-key-policy", key)["Policy"])["Statement"]
            for name in snap.keys(account, region, "secretsmanager", "get-resource-policy"):
                data = _ok(snap, account, region, "secretsmanager", "get-resource-policy", name)
                if "ResourcePolicy" in data:
                    assert json.loads(data["ResourcePolicy"])["Statement"]


def _report(snap: Snapshot, account: str) -> list[dict[str, str]]:
    content = _ok(snap, account, GLOBAL, "iam", "get-credential-report")["Content"]
    return list(csv.DictReader(io.StringIO(base64.b64decode(content).decode())))


def test_credential_report_matches_gaad(snap: Snapshot) -> None:
    for account in ACCOUNTS:
        rows = _report(snap, account)
        assert rows[0]["user"] == "<root_account>" and rows[0]["arn"] == f"arn:aws:iam::{account}:root"
        gaad = _ok(snap, account, GLOBAL, "iam", "get-account-authorization-details")
        users = {u["UserName"]: u["Arn"] for u in gaad["UserDetailList"]}
        assert {r["user"]: r["arn"] for r in rows[1:]} == users
        summary = _ok(snap, account, GLOBAL, "iam", "get-account-summary")["SummaryMap"]
        assert summary["AccountAccessKeysPresent"] == (1 if rows[0]["access_key_1_active"] == "true" else 0)
        assert summary["Users"] == len(users)


def test_planted_identity_facts(snap: Snapshot) -> None:
    prod = {r["user"]: r for r in _report(snap, "333333333333")}
    assert prod["legacy-batch"]["access_key_1_active"] == "true"
    assert prod["legacy-batch"]["access_key_1_last_rotated"].startswith("2025-09-27")  # 400 days before 2026-11-01
    assert prod["dave.ops"]["password_enabled"] == "true" and prod["dave.ops"]["mfa_active"] == "false"
    dev = {r["user"]: r for r in _report(snap, "444444444444")}
    assert dev["<root_account>"]["access_key_1_active"] == "true"
    assert dev["report-exporter"]["access_key_1_last_used_date"] == "N/A"
