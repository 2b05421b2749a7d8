"""Typed views over real-shaped AWS JSON: IAM (GAAD), organisation levels, S3 buckets, resource policies."""

from __future__ import annotations

import json
from pathlib import Path

from keyaki.snapshot import Status, open_snapshot
from keyaki.snapshot.views.iam import load_iam
from keyaki.snapshot.views.organizations import RCP, SCP, load_organization
from keyaki.snapshot.views.resource_policies import resource_policies
from keyaki.snapshot.views.s3 import account_public_access_block, effective_block, load_buckets

ACCT = "111122223333"
GAAD = json.loads((Path(__file__).parents[2] / "corpus" / "gaad" / "small-account.json").read_text())


def test_iam_identity_policies_include_groups_and_default_versions(make_snapshot):
    snap = open_snapshot(make_snapshot({f"accounts/{ACCT}/global/iam/get-account-authorization-details.json": GAAD}))
    iam = load_iam(snap, ACCT)
    alice = iam.users[0]
    assert alice.tags == {"team": "payments"} and alice.groups == ("developers",)
    # inline policy is there; ReadOnlyAccess (AWS managed) is attached to the group but not in the export
    assert [d.name for d in iam.identity_policies(alice)] == ["read-reports"]
    assert iam.missing_policies == {"arn:aws:iam::aws:policy/ReadOnlyAccess"}
    assert any(g.reason == "policy_not_in_snapshot" for g in snap.gaps())
    boundary = iam.boundary(alice)
    assert boundary is not None and boundary.document["Statement"][0]["Action"] == ["s3:*", "logs:*"]  # v2, default
    assert boundary.location == "/Policies/0/PolicyVersionList/1/Document"
    deploy = iam.roles[0]
    assert deploy.trust_policy is not None
    assert deploy.trust_policy.document["Statement"][0]["Principal"] == {"Service": "lambda.amazonaws.com"}
    assert deploy.last_used == "2026-10-30T08:00:00+00:00"


def test_iam_not_collected_is_unknown(make_snapshot):
    iam = load_iam(open_snapshot(make_snapshot({})), ACCT)
    assert not iam.known and iam.users == []


def _org_files() -> dict[str, object]:
    scp_doc = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Deny", "Action": "iam:CreateAccessKey", "Resource": "*"}],
    }
    full = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
    return {
        "organizations/describe-organization.json": {
            "Organization": {"Id": "o-exampleorgid", "MasterAccountId": "999999999999", "FeatureSet": "ALL"}
        },
        "organizations/list-roots.json": {"Roots": [{"Id": "r-ab12", "Name": "Root", "PolicyTypes": []}]},
        "organizations/list-accounts.json": {"Accounts": [{"Id": ACCT, "Name": "prod", "Status": "ACTIVE"}]},
        "organizations/list-organizational-units-for-parent/r-ab12.json": {
            "OrganizationalUnits": [{"Id": "ou-ab12-11111111", "Name": "Prod"}]
        },
        "organizations/list-organizational-units-for-parent/ou-ab12-11111111.json": {"OrganizationalUnits": []},
        "organizations/list-accounts-for-parent/ou-ab12-11111111.json": {"Accounts": [{"Id": ACCT, "Name": "prod"}]},
        "organizations/list-policies/SERVICE_CONTROL_POLICY.json": {
            "Policies": [
                {"Id": "p-FullAWSAccess", "Name": "FullAWSAccess", "AwsManaged": True},
                {"Id": "p-denykeys", "Name": "deny-keys", "AwsManaged": False},
            ]
        },
        "organizations/describe-policy/p-FullAWSAccess.json": {"Policy": {"Content": json.dumps(full)}},
        "organizations/describe-policy/p-denykeys.json": {"Policy": {"Content": json.dumps(scp_doc)}},
        "organizations/list-targets-for-policy/p-FullAWSAccess.json": {
            "Targets": [
                {"TargetId": "r-ab12", "Type": "ROOT"},
                {"TargetId": "ou-ab12-11111111", "Type": "ORGANIZATIONAL_UNIT"},
                {"TargetId": ACCT, "Type": "ACCOUNT"},
            ]
        },
        "organizations/list-targets-for-policy/p-denykeys.json": {
            "Targets": [{"TargetId": "ou-ab12-11111111", "Type": "ORGANIZATIONAL_UNIT"}]
        },
    }


def test_organization_levels_in_simulate_case_shape(make_snapshot):
    org = load_organization(open_snapshot(make_snapshot(_org_files())))
    assert org.known and org.management_account == "999999999999"
    assert org.path(ACCT) == ["r-ab12", "ou-ab12-11111111", ACCT]
    levels = org.policy_levels(ACCT, SCP)
    assert [lv["target"] for lv in levels] == ["r-ab12", "ou-ab12-11111111", ACCT]
    assert [len(lv["policies"]) for lv in levels] == [1, 2, 1]
    assert SCP in org.policy_types_known and RCP not in org.policy_types_known


def test_not_in_an_organization(make_snapshot):
    assert not load_organization(open_snapshot(make_snapshot({}))).known


def test_buckets_with_tri_state_attributes(make_snapshot):
    base = f"accounts/{ACCT}/global/s3api"
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::site/*"}
        ],
    }
    snap = open_snapshot(
        make_snapshot(
            {
                f"{base}/list-buckets.json": {
                    "Buckets": [{"Name": "site", "CreationDate": "2025-01-01T00:00:00+00:00"}, {"Name": "logs"}],
                    "Owner": {"ID": "abc"},
                },
                f"{base}/get-bucket-location/site.json": {"LocationConstraint": None},
                f"{base}/get-bucket-location/logs.json": {"LocationConstraint": "EU"},
                f"{base}/get-bucket-policy/site.json": {"Policy": json.dumps(policy)},
                f"{base}/get-bucket-policy/logs.error.json": {"Error": {"Code": "NoSuchBucketPolicy"}},
                f"{base}/get-public-access-block/site.error.json": {
                    "Error": {"Code": "NoSuchPublicAccessBlockConfiguration"}
                },
                f"accounts/{ACCT}/global/s3control/get-public-access-block.json": {
                    "PublicAccessBlockConfiguration": {
                        "BlockPublicAcls": True,
                        "IgnorePublicAcls": True,
                        "BlockPublicPolicy": False,
                        "RestrictPublicBuckets": False,
                    }
                },
            }
        )
    )
    buckets = load_buckets(snap, ACCT).value
    assert buckets is not None
    site, logs = buckets
    assert site.region.value == "us-east-1" and logs.region.value == "eu-west-1"
    assert site.policy.value == policy and site.policy.status is Status.OK
    assert logs.policy.status is Status.NOT_FOUND and logs.policy.known
    assert logs.acl.status is Status.NOT_COLLECTED and not logs.acl.known
    eff = effective_block(site.public_access_block, account_public_access_block(snap, ACCT))
    assert eff == {
        "BlockPublicAcls": True,
        "IgnorePublicAcls": True,
        "BlockPublicPolicy": False,
        "RestrictPublicBuckets": False,
    }
    assert (
        effective_block(logs.public_access_block, account_public_access_block(snap, ACCT))["BlockPublicPolicy"] is None
    )


def test_resource_policies_cover_types_and_unknowns(make_snapshot):
    region = f"accounts/{ACCT}/us-east-1"
    key = "1234abcd-12ab-34cd-56ef-1234567890ab"
    files = {
        f"accounts/{ACCT}/global/iam/get-account-authorization-details.json": GAAD,
        f"{region}/kms/list-keys.json": {"Keys": [{"KeyId": key, "KeyArn": f"arn:aws:kms:us-east-1:{ACCT}:key/{key}"}]},
        f"{region}/kms/describe-key/{key}.json": {"KeyMetadata": {"KeyId": key, "KeyManager": "CUSTOMER"}},
        f"{region}/kms/get-key-policy/{key}.json": {
            "Policy": '{"Version":"2012-10-17","Statement":[]}',
            "PolicyName": "default",
        },
        f"{region}/sqs/list-queues.json": {"QueueUrls": [f"https://sqs.us-east-1.amazonaws.com/{ACCT}/jobs"]},
        f"{region}/sqs/get-queue-attributes/jobs.json": {
            "Attributes": {"QueueArn": f"arn:aws:sqs:us-east-1:{ACCT}:jobs"}
        },
    }
    manifest = {"format": "keyaki-snapshot", "format_version": 1, "accounts": [{"id": ACCT, "regions": ["us-east-1"]}]}
    found = {(p.resource_type, p.status) for p in resource_policies(open_snapshot(make_snapshot(files, manifest)))}
    assert found == {
        ("AWS::IAM::Role", Status.OK),
        ("AWS::KMS::Key", Status.OK),
        ("AWS::SQS::Queue", Status.NOT_FOUND),  # collected, no Policy attribute
    }
