"""The demo's S3 access points (S3 Control, per region).

Planted on ``acme-prod-customer-uploads``, whose bucket policy delegates access control to the prod
account's access points (``s3:DataAccessPointAccount``):
- ``prod-partner-share`` (internet origin) grants 999988887777 ``s3:GetObject`` on every object: external
  access through the access point (finding);
- ``prod-app-internal`` (network origin: the prod VPC) grants ``*``: a decoy, not public and not external
  (only the prod VPC reaches it).
Every other account and region lists no access points.
"""

from __future__ import annotations

from typing import Any

from build_demo_common import PROD, Writer, doc_text
from build_demo_net import Ids
from build_demo_net_model import prod_us

REGION = "us-east-1"
BUCKET = "acme-prod-customer-uploads"
PARTNER = "999988887777"
OPEN = {"BlockPublicAcls": False, "IgnorePublicAcls": False, "BlockPublicPolicy": False, "RestrictPublicBuckets": False}


def _arn(name: str) -> str:
    return f"arn:aws:s3:{REGION}:{PROD}:accesspoint/{name}"


def _summary(name: str, vpc: str | None, alias: str) -> dict[str, Any]:
    out: dict[str, Any] = {"Name": name, "NetworkOrigin": "VPC" if vpc else "Internet"}
    if vpc:
        out["VpcConfiguration"] = {"VpcId": vpc}
    out.update(Bucket=BUCKET, AccessPointArn=_arn(name), Alias=alias, BucketAccountId=PROD)
    return out


def access_points() -> list[tuple[dict[str, Any], str, bool, str]]:
    """(list entry, policy, public per S3, creation date) of each planted access point."""
    vpc = Ids(prod_us()).vpc
    share = _summary("prod-partner-share", None, "prod-partner-share-q7x2kd9wm4lz8c1vhb5nt3re6s-s3alias")
    internal = _summary("prod-app-internal", vpc, "prod-app-internal-k2m9xw4qz7d1nc8vb3lh6tr5pf-s3alias")
    partner = doc_text(
        {
            "Sid": "PartnerReadsUploads",
            "Effect": "Allow",
            "Principal": {"AWS": f"arn:aws:iam::{PARTNER}:root"},
            "Action": "s3:GetObject",
            "Resource": f"{_arn('prod-partner-share')}/object/*",
        }
    )
    anyone_in_vpc = doc_text(
        {
            "Sid": "AppReadsThroughVpc",
            "Effect": "Allow",
            "Principal": "*",
            "Action": ["s3:GetObject", "s3:PutObject"],
            "Resource": f"{_arn('prod-app-internal')}/object/*",
        }
    )
    return [
        (share, partner, False, "2023-11-06T10:12:44+00:00"),
        (internal, anyone_in_vpc, False, "2023-11-06T10:20:03+00:00"),
    ]


def build(w: Writer, accounts: list[str], regions: list[str]) -> None:
    planted = access_points()
    for account in accounts:
        for region in regions:
            mine = account == PROD and region == REGION
            w.call(
                account,
                region,
                "s3control",
                "list-access-points",
                {"AccessPointList": [p[0] for p in planted] if mine else []},
            )
    for entry, policy, public, created in planted:
        name = entry["Name"]
        detail = {**entry, "PublicAccessBlockConfiguration": OPEN, "CreationDate": created}
        detail["Endpoints"] = {"ipv4": f"s3-accesspoint.{REGION}.amazonaws.com"}
        w.call(PROD, REGION, "s3control", "get-access-point", detail, key=name)
        w.call(PROD, REGION, "s3control", "get-access-point-policy", {"Policy": policy}, key=name)
        w.call(
            PROD,
            REGION,
            "s3control",
            "get-access-point-policy-status",
            {"PolicyStatus": {"IsPublic": public}},
            key=name,
        )
