"""Block Public Access is in force for every bucket, at bucket or account level (CIS 2.1.4).

Each setting counts as on when it is on for the bucket or the account (S3 applies the stricter).
https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html
"""

from __future__ import annotations

from collections.abc import Iterator

from keyaki.checks.registry import Check, Meta, Result, Scope, Where
from keyaki.checks.s3._bucket import buckets
from keyaki.findings.model import Severity
from keyaki.snapshot import Snapshot
from keyaki.snapshot.views import Read, s3
from keyaki.snapshot.views.s3 import Bucket

META = Meta(
    id="s3_bucket_public_access_blocked",
    title="Block Public Access is in force for every S3 bucket",
    severity=Severity.HIGH,
    service="s3",
    resource_type="AWS::S3::Bucket",
    rationale="With all four settings in force, no policy or ACL can make the bucket public.",
    remediation="`aws s3control put-public-access-block --account-id ACCOUNT --public-access-block-configuration "
    "BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true`",
    doc="https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html",
    needs=("s3api list-buckets", "s3api get-public-access-block", "s3control get-public-access-block"),
)

Data = tuple[list[Bucket], Read[dict[str, bool]]]


def load(snap: Snapshot, account: str, region: str) -> Data:
    return buckets(snap, account, region), s3.account_public_access_block(snap, account)


def run(where: Where, data: Data) -> Iterator[Result]:
    items, account_bpa = data
    for b in items:
        eff = s3.effective_block(b.public_access_block, account_bpa)
        off = [k for k, v in eff.items() if v is False]
        unknown = [k for k, v in eff.items() if v is None]
        if unknown and not off:
            yield where.not_evaluated(b.arn, f"bucket `{b.name}`: {unknown} unknown (settings not collected)")
            continue
        summary = (
            f"bucket `{b.name}` has {off} off at both levels" if off else f"bucket `{b.name}` blocks public access"
        )
        yield where.result(not off, b.arn, summary, effective=eff)


CHECK = Check(META, Scope.ACCOUNT, load, run)
