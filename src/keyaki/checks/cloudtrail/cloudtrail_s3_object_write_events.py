"""A multi-region trail logs S3 object-level write events for all buckets (CIS 3.8, Security Hub S3.22).

Basic selectors with ``AWS::S3::Object`` and ``arn:aws:s3``, or advanced selectors on the Data category
and ``resources.type = AWS::S3::Object`` without narrowing fields.
https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-cloudtrail-logging-for-s3.html
"""

from __future__ import annotations

from collections.abc import Iterator

from keyaki.checks.registry import Check, Meta, Result, Scope, Where
from keyaki.findings.model import Severity
from keyaki.snapshot.views import cloudtrail
from keyaki.snapshot.views.cloudtrail import Trail

META = Meta(
    id="cloudtrail_s3_object_write_events",
    title="A multi-region trail logs S3 object-level write events for all buckets",
    severity=Severity.MEDIUM,
    service="cloudtrail",
    resource_type="AWS::::Account",
    rationale="Management events do not show who writes which object; data events do.",
    remediation="`aws cloudtrail put-event-selectors --trail-name TRAIL --event-selectors "
    '\'[{"ReadWriteType":"All","IncludeManagementEvents":true,"DataResources":'
    '[{"Type":"AWS::S3::Object","Values":["arn:aws:s3"]}]}]\'`',
    doc="https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-cloudtrail-logging-for-s3.html",
    needs=("cloudtrail describe-trails", "cloudtrail get-event-selectors"),
)


def run(where: Where, trails: tuple[Trail, ...]) -> Iterator[Result]:
    multi = [t for t in trails if t.multi_region]
    good = [t.name for t in multi if t.logs_s3_objects(read=False)]
    if not good and any(t.selectors is None for t in multi):
        yield where.not_evaluated(where.account_arn, "event selectors of a multi-region trail were not collected")
        return
    summary = (
        f"trails logging S3 object write events: {good}"
        if good
        else "no multi-region trail logs S3 object write events"
    )
    yield where.result(bool(good), where.account_arn, summary, trails=good)


CHECK = Check(META, Scope.REGION, cloudtrail.load, run)
