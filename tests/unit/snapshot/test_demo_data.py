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


# ---- the foundation's typed views read the demo, and see the planted facts ------------------------------
def test_organization_view_places_the_prod_scp(snap: Snapshot) -> None:
    from keyaki.snapshot.views.organizations import load_organization

    org = load_organization(snap)
    assert org.known and org.management_account == "111111111111"
    assert org.path("333333333333") == ["r-a1b2", "ou-a1b2-w0rk10ad", "ou-a1b2-pr0dw0rk", "333333333333"]
    assert [p.id for p in org.policies_at("ou-a1b2-pr0dw0rk")] == ["p-9z1k3xq7", "p-FullAWSAccess"]
    deny = org.policies["p-9z1k3xq7"].document["Statement"][0]
    assert (deny["Effect"], deny["Action"]) == ("Deny", "iam:CreateAccessKey")
    assert all("p-9z1k3xq7" not in [p.id for p in org.policies_at(t)] for t in org.path("444444444444"))
    assert {p.id for p in org.policies.values() if p.type == "RESOURCE_CONTROL_POLICY"} == {
        "p-RCPFullAWSAccess",
        "p-7c4n1vb8",
    }


def test_iam_view_resolves_every_attached_policy(snap: Snapshot) -> None:
    from keyaki.snapshot.views.iam import load_iam

    for account in ACCOUNTS:
        iam = load_iam(snap, account)
        assert iam.known and not iam.missing_policies, account
    dev = load_iam(snap, "444444444444")
    eve = dev.principal("arn:aws:iam::444444444444:user/eve.developer")
    assert eve is not None
    actions = [s.get("Action") for d in dev.identity_policies(eve) for s in d.document["Statement"]]
    assert "iam:PassRole" in actions
    admin = dev.principal("arn:aws:iam::444444444444:role/lambda-deploy-admin")
    assert admin is not None and admin.managed_arns == ("arn:aws:iam::aws:policy/AdministratorAccess",)


def test_resource_policy_view_sees_the_external_shares(snap: Snapshot) -> None:
    from keyaki.snapshot.views.resource_policies import resource_policies

    found = {p.arn: p for p in resource_policies(snap)}
    assert all(p.status in (Status.OK, Status.NOT_FOUND) for p in found.values())
    shared = [arn for arn, p in found.items() if p.status is Status.OK and "999988887777" in json.dumps(p.document)]
    assert sorted(shared) == [
        "arn:aws:elasticfilesystem:us-east-1:333333333333:file-system/fs-3e6949ec3a56d92df",
        "arn:aws:kms:us-east-1:333333333333:key/2288c37f-2b6d-49f7-9fd0-1273500f0995",
        "arn:aws:secretsmanager:us-east-1:333333333333:secret:prod/payments/partner-api-key-BpOzcJ",
    ]
    public = found["arn:aws:s3:::acme-prod-data-exports"].document["Statement"][0]
    assert public["Principal"] == "*" and "Condition" not in public
    decoy = found["arn:aws:s3:::acme-prod-app-assets"].document["Statement"][0]
    endpoints = _ok(snap, "333333333333", "us-east-1", "ec2", "describe-vpc-endpoints")["VpcEndpoints"]
    assert decoy["Condition"]["StringEquals"]["aws:SourceVpce"] == endpoints[0]["VpcEndpointId"]


def test_s3_view_sees_no_block_public_access_for_the_public_bucket(snap: Snapshot) -> None:
    from keyaki.snapshot.views.s3 import account_public_access_block, effective_block, load_buckets

    buckets = {b.name: b for b in load_buckets(snap, "333333333333").value or []}
    account_bpa = account_public_access_block(snap, "333333333333")
    assert account_bpa.status is Status.NOT_FOUND
    exports = buckets["acme-prod-data-exports"]
    assert set(effective_block(exports.public_access_block, account_bpa).values()) == {False}
    uploads = buckets["acme-prod-customer-uploads"]
    assert set(effective_block(uploads.public_access_block, account_bpa).values()) == {True}
    dev = {b.name: b for b in load_buckets(snap, "444444444444").value or []}
    assert dev["acme-dev-scratch"].versioning.value == {}


def _instances(snap: Snapshot, account: str, region: str) -> dict[str, dict[str, Any]]:
    out = {}
    for r in _ok(snap, account, region, "ec2", "describe-instances")["Reservations"]:
        for i in r["Instances"]:
            out[next(t["Value"] for t in i["Tags"] if t["Key"] == "Name")] = i
    return out


def _routes_of_subnet(snap: Snapshot, account: str, region: str, subnet: str) -> list[dict[str, Any]]:
    tables = _ok(snap, account, region, "ec2", "describe-route-tables")["RouteTables"]
    explicit = [t for t in tables if any(a.get("SubnetId") == subnet for a in t["Associations"])]
    main = [t for t in tables if any(a.get("Main") for a in t["Associations"])]
    return (explicit or main)[0]["Routes"]


def test_planted_network_facts(snap: Snapshot) -> None:
    prod = _instances(snap, "333333333333", "us-east-1")
    bastion, worker, jump = prod["prod-bastion"], prod["prod-worker-1"], prod["prod-windows-jump"]
    assert bastion["PublicIpAddress"] and "PublicIpAddress" not in worker
    bastion_routes = _routes_of_subnet(snap, "333333333333", "us-east-1", bastion["SubnetId"])
    assert any(
        r.get("GatewayId", "").startswith("igw-") and r.get("DestinationCidrBlock") == "0.0.0.0/0"
        for r in bastion_routes
    )
    worker_routes = _routes_of_subnet(snap, "333333333333", "us-east-1", worker["SubnetId"])
    assert not any(r.get("GatewayId", "").startswith("igw-") for r in worker_routes)
    assert any("NatGatewayId" in r for r in worker_routes)
    acls = _ok(snap, "333333333333", "us-east-1", "ec2", "describe-network-acls")["NetworkAcls"]
    jump_acl = next(a for a in acls if any(x["SubnetId"] == jump["SubnetId"] for x in a["Associations"]))
    first = min((e for e in jump_acl["Entries"] if not e["Egress"]), key=lambda e: e["RuleNumber"])
    assert (first["RuleAction"], first["PortRange"]) == ("deny", {"From": 3389, "To": 3389})


def _everywhere(snap: Snapshot, service: str, operation: str) -> list[tuple[str, str, Any]]:
    return [
        (a, r, _ok(snap, a, r, service, operation))
        for a in ACCOUNTS
        for r in REGIONS
        if snap.call(a, r, service, operation).ok
    ]


def _key_arns(snap: Snapshot) -> set[str]:
    return {
        _ok(snap, a, r, "kms", "describe-key", k)["KeyMetadata"]["Arn"]
        for a in ACCOUNTS
        for r in REGIONS
        for k in snap.keys(a, r, "kms", "describe-key")
    }


def _bucket_names(snap: Snapshot) -> set[str]:
    return {b["Name"] for a in ACCOUNTS for b in _ok(snap, a, GLOBAL, "s3api", "list-buckets")["Buckets"]}


def _role_arns(snap: Snapshot) -> set[str]:
    return {
        r["Arn"]
        for a in ACCOUNTS
        for r in _ok(snap, a, GLOBAL, "iam", "get-account-authorization-details")["RoleDetailList"]
    }


def test_cross_service_references_resolve(snap: Snapshot) -> None:
    keys, buckets, roles = _key_arns(snap), _bucket_names(snap), _role_arns(snap)
    for a in ACCOUNTS:
        for b in _ok(snap, a, GLOBAL, "s3api", "list-buckets")["Buckets"]:
            rule = _ok(snap, a, GLOBAL, "s3api", "get-bucket-encryption", b["Name"])[
                "ServerSideEncryptionConfiguration"
            ]
            kms = rule["Rules"][0]["ApplyServerSideEncryptionByDefault"].get("KMSMasterKeyID")
            assert kms is None or kms in keys
            target = _ok(snap, a, GLOBAL, "s3api", "get-bucket-logging", b["Name"]).get("LoggingEnabled")
            assert target is None or target["TargetBucket"] in buckets
    for _, _, data in _everywhere(snap, "ec2", "describe-volumes"):
        assert all(v["KmsKeyId"] in keys for v in data["Volumes"] if v["Encrypted"])
    for _, _, data in _everywhere(snap, "cloudtrail", "describe-trails"):
        for t in data["trailList"]:
            assert t["KmsKeyId"] in keys and t["S3BucketName"] in buckets and t["CloudWatchLogsRoleArn"] in roles
    for _, _, data in _everywhere(snap, "configservice", "describe-configuration-recorders"):
        assert all(r["roleARN"] in roles for r in data["ConfigurationRecorders"])
    for _, _, data in _everywhere(snap, "lambda", "list-functions"):
        assert all(f["Role"] in roles for f in data["Functions"])


def test_instance_profiles_rotation_lambdas_and_certificates_exist(snap: Snapshot) -> None:
    profiles = {
        p["Arn"]
        for a in ACCOUNTS
        for r in _ok(snap, a, GLOBAL, "iam", "get-account-authorization-details")["RoleDetailList"]
        for p in r["InstanceProfileList"]
    }
    for a, r, _ in _everywhere(snap, "ec2", "describe-instances"):
        for i in _instances(snap, a, r).values():
            assert "IamInstanceProfile" not in i or i["IamInstanceProfile"]["Arn"] in profiles
    functions = {f["FunctionArn"] for _, _, d in _everywhere(snap, "lambda", "list-functions") for f in d["Functions"]}
    for _, _, data in _everywhere(snap, "secretsmanager", "list-secrets"):
        assert all(s.get("RotationLambdaARN", next(iter(functions))) in functions for s in data["SecretList"])
    certificates = {
        c["CertificateArn"]
        for _, _, d in _everywhere(snap, "acm", "list-certificates")
        for c in d["CertificateSummaryList"]
    }
    listeners = _ok(snap, "333333333333", "us-east-1", "elbv2", "describe-listeners", "prod-web-alb")["Listeners"]
    assert all(c["CertificateArn"] in certificates for x in listeners for c in x.get("Certificates", []))


def test_every_id_and_arn_in_docs_demo_md_is_in_the_data() -> None:
    """docs/demo.md is the table other areas test against: every id and ARN it names must exist."""
    import re

    text = (ROOT / "docs" / "demo.md").read_text(encoding="utf-8")
    pattern = r"`((?:arn:aws:[^`\s]+)|(?:ou-[0-9a-z]+-[0-9a-z]+)|(?:(?:i|sg|subnet|vpc|acl|vpce|p|r)-[0-9a-zA-Z]{4,}))`"
    names = set(re.findall(pattern, text))
    assert len(names) > 40 and "ou-a1b2-pr0dw0rk" in names
    corpus = []
    root = demo_path()
    for path in root.rglob("*.json"):
        raw = path.read_text(encoding="utf-8")
        corpus.append(raw)
        if path.name == "get-credential-report.json":
            corpus.append(base64.b64decode(json.loads(raw)["Content"]).decode())
    blob = "\n".join(corpus)
    assert sorted(n for n in names if n not in blob) == []
