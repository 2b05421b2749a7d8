"""The S3 bucket that receives CloudTrail logs has server access logging (CIS 3.4, Security Hub CloudTrail.7).

The bucket may live in another account of the snapshot (a log-archive account); its
``get-bucket-logging`` is looked up there. https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerLogs.html
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from keyaki.checks.registry import Check, Meta, Result, Scope, Where
from keyaki.findings.model import Severity
from keyaki.snapshot import Snapshot
from keyaki.snapshot.load import Status
from keyaki.snapshot.views import cloudtrail
from keyaki.snapshot.views.cloudtrail import Trail

META = Meta(
    id="cloudtrail_bucket_access_logging",
    title="The CloudTrail bucket has S3 server access logging",
    severity=Severity.LOW,
    service="cloudtrail",
    resource_type="AWS::S3::Bucket",
    rationale="Access logs of the trail bucket show who read or tried to delete the audit logs.",
    remediation="`aws s3api put-bucket-logging --bucket TRAIL_BUCKET --bucket-logging-status "
    '\'{"LoggingEnabled":{"TargetBucket":"LOG_BUCKET","TargetPrefix":"cloudtrail/"}}\'`',
    doc="https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html",
    needs=("cloudtrail describe-trails", "s3api get-bucket-logging"),
)

Data = tuple[tuple[Trail, ...], dict[str, Any]]


def load(snap: Snapshot, account: str, region: str) -> Data:
    trails = cloudtrail.load(snap, account, region)
    logging: dict[str, Any] = {}
    for t in trails:
        if not t.bucket or not _own(t, account, region):
            continue
        named = [a for a in snap.accounts() if a in t.bucket]  # log-archive buckets often carry the account id
        for acct in dict.fromkeys([account, *named, *snap.accounts()]):
            resp = snap.call(acct, "global", "s3api", "get-bucket-logging", t.bucket)
            if resp.status is Status.OK:
                logging[t.bucket] = resp.data
                break
    return trails, logging


def _own(t: Trail, account: str, region: str) -> bool:
    """The trail is homed in this region and belongs to this account (not a shadow or another's org trail)."""
    return t.home_region == region and t.arn.split(":")[4:5] == [account]


def run(where: Where, data: Data) -> Iterator[Result]:
    trails, logging = data
    for t in trails:
        if not t.bucket or not _own(t, where.account, where.region):
            continue
        arn = f"arn:aws:s3:::{t.bucket}"
        if t.bucket not in logging:
            yield where.not_evaluated(arn, f"`get-bucket-logging` of `{t.bucket}` was not collected")
            continue
        enabled = bool((logging[t.bucket] or {}).get("LoggingEnabled"))
        state = "has" if enabled else "has no"
        yield where.result(enabled, arn, f"trail `{t.name}` bucket `{t.bucket}` {state} server access logging")


CHECK = Check(META, Scope.REGION, load, run)
