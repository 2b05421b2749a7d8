"""``--org``: Organizations from the management account, then every member account through its role."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.awsrequest import AWSResponse
from collect_world import ACCOUNT, REGION

from keyaki.collect.runner import Options, run
from keyaki.errors import UsageError
from keyaki.snapshot import open_snapshot
from keyaki.snapshot.layout import GLOBAL

ROLE = "OrganizationAccountAccessRole"
SCP = {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "iam:CreateUser", "Resource": "*"}]}


def _member_session(account: str) -> boto3.Session:
    creds = boto3.client("sts").assume_role(RoleArn=f"arn:aws:iam::{account}:role/{ROLE}", RoleSessionName="setup")
    c = creds["Credentials"]
    return boto3.Session(c["AccessKeyId"], c["SecretAccessKey"], c["SessionToken"], region_name=REGION)


@pytest.fixture(scope="module")
def org(moto_endpoint: str) -> dict[str, Any]:
    o = boto3.client("organizations", region_name=REGION)
    org_id = o.create_organization(FeatureSet="ALL")["Organization"]["Id"]
    root = o.list_roots()["Roots"][0]["Id"]
    prod = o.create_organizational_unit(ParentId=root, Name="prod")["OrganizationalUnit"]["Id"]
    apps = o.create_organizational_unit(ParentId=prod, Name="apps")["OrganizationalUnit"]["Id"]
    app = o.create_account(Email="app@example.com", AccountName="prod-app")["CreateAccountStatus"]["AccountId"]
    locked = o.create_account(Email="lock@example.com", AccountName="locked")["CreateAccountStatus"]["AccountId"]
    o.move_account(AccountId=app, SourceParentId=root, DestinationParentId=apps)
    scp = o.create_policy(
        Content=json.dumps(SCP), Description="no users", Name="no-users", Type="SERVICE_CONTROL_POLICY"
    )["Policy"]["PolicySummary"]["Id"]
    o.attach_policy(PolicyId=scp, TargetId=prod)
    _member_session(app).client("s3").create_bucket(Bucket="prod-app-data")
    return {"id": org_id, "root": root, "prod": prod, "apps": apps, "app": app, "locked": locked, "scp": scp}


def _deny_role_of(account: str) -> Any:
    def handler(params: dict[str, Any], **_: Any) -> tuple[AWSResponse, dict[str, Any]] | None:
        if account not in str(params.get("body", {}).get("RoleArn", "")):
            return None
        error = {"Error": {"Code": "AccessDenied", "Message": "not authorized to perform sts:AssumeRole"}}
        return AWSResponse("https://sts", 403, {}, None), error  # type: ignore[arg-type]  # raw body unused

    return handler


def test_org_collection(org: dict[str, Any], tmp_path: Path) -> None:
    hooks = [("before-call.sts.AssumeRole", _deny_role_of(org["locked"]))]
    opts = Options(
        out=tmp_path, org=True, role_name=ROLE, regions=(REGION,), services=("s3api",), max_attempts=2, hooks=hooks
    )
    summary = run(opts)
    snap = open_snapshot(tmp_path)
    assert snap.manifest.organization is not None
    assert snap.manifest.organization.id == org["id"]
    assert snap.manifest.organization.management_account == ACCOUNT
    accounts = {a.id: a for a in snap.manifest.accounts}
    assert set(accounts) == {ACCOUNT, org["app"]}  # the locked account is a gap, not a crash
    assert accounts[org["app"]].organizational_unit == org["apps"]
    assert accounts[org["app"]].name == "prod-app" and accounts[org["app"]].regions == [REGION]
    denied = [g for g in summary.gaps if g.account == org["locked"]]
    assert [(g.error, g.service) for g in denied] == [("AccessDenied", "sts")]
    assert snap.regions(org["app"]) == [REGION]
    buckets = snap.call(org["app"], GLOBAL, "s3api", "list-buckets").get("Buckets")
    assert [b["Name"] for b in buckets] == ["prod-app-data"]
    assert snap.call(org["app"], GLOBAL, "s3api", "get-bucket-acl", "prod-app-data").ok
    # Organizations: the OU tree, the SCP with its document and targets
    assert [
        ou["Id"] for ou in snap.org("list-organizational-units-for-parent", org["prod"]).get("OrganizationalUnits")
    ] == [org["apps"]]
    assert org["app"] in {a["Id"] for a in snap.org("list-accounts-for-parent", org["apps"]).get("Accounts")}
    policy = snap.org("describe-policy", org["scp"]).get("Policy")
    assert json.loads(policy["Content"]) == SCP
    targets = snap.org("list-targets-for-policy", org["scp"]).get("Targets")
    assert [t["TargetId"] for t in targets] == [org["prod"]]
    assert "SERVICE_CONTROL_POLICY" in snap.org_keys("list-policies")
    assert snap.validate() == []


def test_org_needs_a_role_name(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="--role-name"):
        run(Options(out=tmp_path, org=True))
