"""A logging multi-region trail records all management events (CIS 3.1, Security Hub CloudTrail.1).

Read and write management events, without excluded event sources, on a trail whose status is logging.
https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-1
"""

from __future__ import annotations

from collections.abc import Iterator

from keyaki.checks.registry import Check, Meta, Result, Scope, Where
from keyaki.findings.model import Severity
from keyaki.snapshot.views import cloudtrail
from keyaki.snapshot.views.cloudtrail import Trail

META = Meta(
    id="cloudtrail_multi_region_enabled",
    title="A multi-region trail logs all management events",
    severity=Severity.HIGH,
    service="cloudtrail",
    resource_type="AWS::::Account",
    rationale="Without a trail in every region, API activity in an unused region goes unrecorded.",
    remediation="`aws cloudtrail create-trail --name all-regions --s3-bucket-name BUCKET --is-multi-region-trail "
    "--enable-log-file-validation` then `aws cloudtrail start-logging --name all-regions`",
    doc="https://docs.aws.amazon.com/awscloudtrail/latest/userguide/receive-cloudtrail-log-files-from-multiple-regions.html",
    needs=("cloudtrail describe-trails", "cloudtrail get-trail-status", "cloudtrail get-event-selectors"),
)


def run(where: Where, trails: tuple[Trail, ...]) -> Iterator[Result]:
    good = [t.name for t in trails if t.multi_region and t.logging and t.logs_all_management]
    unknown = [t.name for t in trails if t.multi_region and (t.logging is None or t.selectors is None)]
    if not good and unknown:
        yield where.not_evaluated(where.account_arn, f"status or event selectors of {unknown} were not collected")
        return
    summary = (
        f"multi-region trail(s) logging all management events: {good}"
        if good
        else (f"no multi-region trail logs all management events here (trails: {[t.name for t in trails]})")
    )
    yield where.result(bool(good), where.account_arn, summary, trails=good)


CHECK = Check(META, Scope.REGION, cloudtrail.load, run)
