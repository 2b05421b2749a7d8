"""SCP guarantees are proven for every principal, present or future, not only the snapshot's principals.

The SCP below exempts `breakglass-*` roles. No such role exists yet, so asking every existing principal
finds nothing; the SMT proof must still find (and replay) the future role that can stop CloudTrail.
"""

from __future__ import annotations

import json

MEMBER = "222233334444"
FULL = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}


def _org(scp: dict) -> tuple[dict, dict]:
    gaad = {
        "UserDetailList": [
            {
                "UserName": "ops",
                "UserId": "AIDAOPS",
                "Arn": f"arn:aws:iam::{MEMBER}:user/ops",
                "Path": "/",
                "GroupList": [],
                "AttachedManagedPolicies": [],
                "UserPolicyList": [],
            }
        ],
        "GroupDetailList": [],
        "RoleDetailList": [],
        "Policies": [],
    }
    files = {
        "organizations/describe-organization.json": {
            "Organization": {"Id": "o-exampleorg1", "MasterAccountId": "999900001111", "FeatureSet": "ALL"}
        },
        "organizations/list-roots.json": {"Roots": [{"Id": "r-ab12", "Name": "Root"}]},
        "organizations/list-accounts.json": {"Accounts": [{"Id": MEMBER, "Name": "prod", "Status": "ACTIVE"}]},
        "organizations/list-organizational-units-for-parent/r-ab12.json": {"OrganizationalUnits": []},
        "organizations/list-accounts-for-parent/r-ab12.json": {"Accounts": [{"Id": MEMBER, "Name": "prod"}]},
        "organizations/list-policies/SERVICE_CONTROL_POLICY.json": {
            "Policies": [
                {"Id": "p-FullAWSAccess", "Name": "FullAWSAccess", "AwsManaged": True},
                {"Id": "p-trail", "Name": "protect-trail", "AwsManaged": False},
            ]
        },
        "organizations/describe-policy/p-FullAWSAccess.json": {"Policy": {"Content": json.dumps(FULL)}},
        "organizations/describe-policy/p-trail.json": {"Policy": {"Content": json.dumps(scp)}},
        "organizations/list-targets-for-policy/p-FullAWSAccess.json": {
            "Targets": [{"TargetId": "r-ab12", "Type": "ROOT"}]
        },
        "organizations/list-targets-for-policy/p-trail.json": {"Targets": [{"TargetId": "r-ab12", "Type": "ROOT"}]},
        f"accounts/{MEMBER}/global/iam/get-account-authorization-details.json": gaad,
    }
    manifest = {
        "format": "keyaki-snapshot",
        "format_version": 1,
        "created": "2026-11-01T12:00:00Z",
        "accounts": [{"id": MEMBER, "regions": ["us-east-1"]}],
    }
    return files, manifest


def _deny(condition: dict | None) -> dict:
    stmt = {"Effect": "Deny", "Action": ["cloudtrail:StopLogging", "cloudtrail:DeleteTrail"], "Resource": "*"}
    if condition:
        stmt["Condition"] = condition
    return {"Version": "2012-10-17", "Statement": [stmt]}


def _run(cli, make_snapshot, scp: dict) -> dict:
    files, manifest = _org(scp)
    code, out, err = cli(
        "posture",
        "run",
        "--snapshot",
        str(make_snapshot(files, manifest)),
        "--check",
        "org_scp_protect_cloudtrail",
        "--format",
        "json",
    )
    assert code in (0, 1), err
    text = json.dumps(json.loads(out))
    return json.loads(out) | {"_text": text}


def test_an_exemption_for_a_future_role_is_found_by_the_proof(cli, make_snapshot):
    scp = _deny({"ArnNotLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/breakglass-*"}})
    report = _run(cli, make_snapshot, scp)
    assert '"FAIL"' in report["_text"] and "solver witness, replayed" in report["_text"]
    assert ":role/breakglass-" in report["_text"]


def test_an_unconditional_deny_is_proven(cli, make_snapshot):
    report = _run(cli, make_snapshot, _deny(None))
    assert '"PASS"' in report["_text"] and "proven:" in report["_text"]
    assert '"FAIL"' not in report["_text"]
