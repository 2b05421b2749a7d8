"""S3 (global): the bucket list, each bucket's policy, ACL, Block Public Access, encryption, versioning,
logging and ownership controls, and the account-level Block Public Access (S3 Control). No object reads.

Per-bucket calls go to the bucket's own region (from ``GetBucketLocation``: an empty constraint is
``us-east-1``, ``EU`` is ``eu-west-1``): https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketLocation.html.
"""

from __future__ import annotations

from functools import partial

from keyaki.collect.context import Context, items

SERVICE = "s3api"
PER_BUCKET = (
    "get-bucket-policy",
    "get-bucket-policy-status",
    "get-bucket-acl",
    "get-public-access-block",
    "get-bucket-encryption",
    "get-bucket-versioning",
    "get-bucket-logging",
    "get-bucket-ownership-controls",
)


def collect(ctx: Context) -> None:
    ctx.call("s3control", "get-public-access-block", AccountId=ctx.account)
    for bucket in items(ctx.call(SERVICE, "list-buckets"), "Buckets"):
        name = bucket.get("Name")
        if isinstance(name, str):
            ctx.spawn(partial(_bucket, ctx, name))


def bucket_region(location: object, default: str) -> str:
    """The region of a bucket from its ``GetBucketLocation`` answer.

    >>> bucket_region({"LocationConstraint": None}, "us-east-1"), bucket_region({"LocationConstraint": "EU"}, "x")
    ('us-east-1', 'eu-west-1')
    """
    constraint = location.get("LocationConstraint") if isinstance(location, dict) else None
    if not constraint:
        return "us-east-1" if location is not None else default
    return "eu-west-1" if constraint == "EU" else str(constraint)


def _bucket(ctx: Context, name: str) -> None:
    region = bucket_region(ctx.call(SERVICE, "get-bucket-location", name, Bucket=name), ctx.api_region)
    for op in PER_BUCKET:
        ctx.call(SERVICE, op, name, Bucket=name, _region=region)
