"""S3 access points: a request through one must be allowed by the access point policy and the bucket policy."""

from __future__ import annotations

import json
from typing import Any

import pytest

from keyaki.access.engine import Engine
from keyaki.access.estate import Estate
from keyaki.access.findings import PUBLIC, external_report
from keyaki.access.whocan import who_can
from keyaki.iam.case import simulate
from keyaki.snapshot import open_snapshot
from keyaki.snapshot.views.s3_access_points import load_access_points

ACCT, PARTNER, REGION = "111122223333", "999988887777", "us-east-1"
BUCKET = "example-shared-data"
AP = f"arn:aws:s3:{REGION}:{ACCT}:accesspoint/partner-share"
VPC_AP = f"arn:aws:s3:{REGION}:{ACCT}:accesspoint/internal-only"
BASE = f"accounts/{ACCT}/{REGION}/s3control"


def _policy(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


DELEGATE = _policy(
    {
        "Sid": "DelegateToAccessPoints",
        "Effect": "Allow",
        "Principal": {"AWS": "*"},
        "Action": "*",
        "Resource": [f"arn:aws:s3:::{BUCKET}", f"arn:aws:s3:::{BUCKET}/*"],
        "Condition": {"StringEquals": {"s3:DataAccessPointAccount": ACCT}},
    }
)


def _grant(ap: str, principal: Any) -> str:
    return _policy(
        {
            "Sid": "PartnerRead",
            "Effect": "Allow",
            "Principal": principal,
            "Action": "s3:GetObject",
            "Resource": f"{ap}/object/*",
        }
    )


def _ap(name: str, origin: str, vpc: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "Name": name,
        "NetworkOrigin": origin,
        "Bucket": BUCKET,
        "AccessPointArn": f"arn:aws:s3:{REGION}:{ACCT}:accesspoint/{name}",
        "Alias": f"{name}-abcdef0123456789abcdef0123-s3alias",
        "BucketAccountId": ACCT,
    }
    if vpc:
        out["VpcConfiguration"] = {"VpcId": vpc}
    return out


def _snapshot(
    make_snapshot: Any, bucket_policy: str | None, ap_policy: str, vpc_policy: str | None = None, restrict: bool = False
) -> Any:
    aps = [_ap("partner-share", "Internet")]
    files: dict[str, Any] = {
        f"accounts/{ACCT}/global/s3api/list-buckets.json": {
            "Buckets": [{"Name": BUCKET, "CreationDate": "2024-01-10T09:00:00+00:00"}],
            "Owner": {"ID": "0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9"},
        },
        f"{BASE}/get-access-point/partner-share.json": {
            **_ap("partner-share", "Internet"),
            "PublicAccessBlockConfiguration": {k: restrict and k == "RestrictPublicBuckets" for k in _BPA},
            "CreationDate": "2024-02-01T10:00:00+00:00",
        },
        f"{BASE}/get-access-point-policy/partner-share.json": {"Policy": ap_policy},
        f"{BASE}/get-access-point-policy-status/partner-share.json": {"PolicyStatus": {"IsPublic": False}},
    }
    if vpc_policy is not None:
        aps.append(_ap("internal-only", "VPC", "vpc-0123456789abcdef0"))
        files[f"{BASE}/get-access-point/internal-only.json"] = {
            **_ap("internal-only", "VPC", "vpc-0123456789abcdef0"),
            "PublicAccessBlockConfiguration": {k: False for k in _BPA},
        }
        files[f"{BASE}/get-access-point-policy/internal-only.json"] = {"Policy": vpc_policy}
    files[f"{BASE}/list-access-points.json"] = {"AccessPointList": aps}
    files[f"accounts/{ACCT}/{REGION}/ec2/describe-vpcs.json"] = {
        "Vpcs": [{"VpcId": "vpc-0123456789abcdef0", "OwnerId": ACCT, "CidrBlock": "10.0.0.0/16", "State": "available"}]
    }
    policy_file = f"accounts/{ACCT}/global/s3api/get-bucket-policy/{BUCKET}.json"
    if bucket_policy is None:
        files[policy_file.replace(".json", ".error.json")] = {
            "Error": {"Code": "NoSuchBucketPolicy", "Message": "The bucket policy does not exist"}
        }
    else:
        files[policy_file] = {"Policy": bucket_policy}
    return open_snapshot(make_snapshot(files))


_BPA = ("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets")
PARTNER_ROOT = {"AWS": f"arn:aws:iam::{PARTNER}:root"}


def _partner(out: dict[str, Any]) -> list[dict[str, Any]]:
    return [a for p in out["principals"] if p["principal"] == PARTNER for a in p["access"]]


def test_the_view_reads_real_shaped_json(make_snapshot):
    snap = _snapshot(make_snapshot, DELEGATE, _grant(AP, PARTNER_ROOT), _grant(VPC_AP, "*"))
    aps = load_access_points(snap, ACCT, REGION).value or []
    assert [(a.name, a.internet, a.vpc) for a in aps] == [
        ("partner-share", True, None),
        ("internal-only", False, "vpc-0123456789abcdef0"),
    ]
    assert aps[0].policy.value["Statement"][0]["Sid"] == "PartnerRead" and aps[0].bucket_arn.endswith(BUCKET)


def test_a_delegating_bucket_lets_the_access_point_policy_grant(make_snapshot):
    snap = _snapshot(make_snapshot, DELEGATE, _grant(AP, PARTNER_ROOT))
    out = who_can(Engine(Estate.load(snap)), AP, ["s3:GetObject"])
    assert out["resource_type"] == "AWS::S3::AccessPoint" and out["region"] == REGION
    (access,) = _partner(out)
    assert access["level"] == "always" and access["object"] is True
    assert access["witness"]["request"]["resource"].startswith(f"{AP}/object/")
    assert simulate(access["witness"]).decision == "allowed"
    bucket = access["bucket"]
    assert bucket["bucket"] == f"arn:aws:s3:::{BUCKET}"
    assert bucket["witness"]["request"]["resource"].startswith(f"arn:aws:s3:::{BUCKET}/")
    assert bucket["witness"]["request"]["context"]["s3:DataAccessPointArn"] == AP
    assert simulate(bucket["witness"]).decision == "allowed"


@pytest.mark.parametrize(
    "bucket_policy",
    [
        None,  # no bucket policy: the bucket does not grant the partner anything
        DELEGATE.replace(
            '"s3:DataAccessPointAccount": "111122223333"',
            f'"s3:DataAccessPointArn": "arn:aws:s3:{REGION}:{ACCT}:accesspoint/other"',
        ),
    ],
)
def test_without_the_bucket_the_access_point_grant_is_not_enough(make_snapshot, bucket_policy):
    snap = _snapshot(make_snapshot, bucket_policy, _grant(AP, PARTNER_ROOT))
    assert _partner(who_can(Engine(Estate.load(snap)), AP, ["s3:GetObject"])) == []


def test_a_conditional_access_point_grant_is_conditional_with_both_witnesses(make_snapshot):
    ap_policy = json.loads(_grant(AP, PARTNER_ROOT))
    ap_policy["Statement"][0]["Condition"] = {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}
    snap = _snapshot(make_snapshot, DELEGATE, json.dumps(ap_policy))
    (access,) = _partner(who_can(Engine(Estate.load(snap)), AP, ["s3:GetObject"]))
    assert access["level"] == "conditionally"
    assert [g["text"] for g in access["conditions"]] == ["aws:SourceIp in 203.0.113.0/24"]
    assert simulate(access["witness"]).decision == simulate(access["bucket"]["witness"]).decision == "allowed"


def test_external_reports_the_access_point_and_not_the_vpc_origin_one(make_snapshot):
    snap = _snapshot(make_snapshot, DELEGATE, _grant(AP, PARTNER_ROOT), _grant(VPC_AP, "*"))
    report = external_report(snap, "account")
    by_resource = {(f["resource"], f["type"]) for f in report["findings"]}
    assert (AP, "access/external-access") in by_resource
    assert not any(r == VPC_AP for r, _ in by_resource)
    f = next(f for f in report["findings"] if f["resource"] == AP)
    assert f["resource_type"] == "AWS::S3::AccessPoint" and f["region"] == REGION
    assert f["evidence"]["details"]["principal_class"] == f"AWS:{PARTNER}"


def test_a_public_access_point_policy_is_public_unless_blocked(make_snapshot):
    snap = _snapshot(make_snapshot, DELEGATE, _grant(AP, "*"))
    (f,) = [f for f in external_report(snap, "account")["findings"] if f["resource"] == AP]
    assert f["type"] == PUBLIC and f["evidence"]["details"]["public"] is True
    blocked = _snapshot(make_snapshot, DELEGATE, _grant(AP, "*"), restrict=True)
    assert [f for f in external_report(blocked, "account")["findings"] if f["resource"] == AP] == []
