"""Account-level S3 Block Public Access has all four settings on (Security Hub S3.1).

https://docs.aws.amazon.com/AmazonS3/latest/userguide/configuring-block-public-access-account.html
"""

from __future__ import annotations

from collections.abc import Iterator

from keyaki.checks.registry import Check, Meta, Result, Scope, Where
from keyaki.findings.model import Severity
from keyaki.snapshot import Snapshot
from keyaki.snapshot.views import s3
from keyaki.snapshot.views.common import Missing
from keyaki.snapshot.views.s3 import BPA_FIELDS

META = Meta(
    id="s3_account_block_public_access",
    title="S3 Block Public Access is on for the whole account",
    severity=Severity.MEDIUM,
    service="s3",
    resource_type="AWS::::Account",
    rationale="Account-level settings protect every current and future bucket at once.",
    remediation="`aws s3control put-public-access-block --account-id ACCOUNT --public-access-block-configuration "
    "BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true`",
    doc="https://docs.aws.amazon.com/AmazonS3/latest/userguide/configuring-block-public-access-account.html",
    needs=("s3control get-public-access-block",),
)


def load(snap: Snapshot, account: str, region: str) -> dict[str, bool]:
    r = s3.account_public_access_block(snap, account)
    if not r.known:
        raise Missing(r.source, "was not collected or could not be read")
    return r.value or {}


def run(where: Where, bpa: dict[str, bool]) -> Iterator[Result]:
    off = [f for f in BPA_FIELDS if bpa.get(f) is not True]
    summary = f"account-level settings off: {off}" if off else "all four account-level settings are on"
    yield where.result(not off, where.account_arn, summary)


CHECK = Check(META, Scope.ACCOUNT, load, run)
