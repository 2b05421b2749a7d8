"""At least one trail is logging in the region (Security Hub CloudTrail.3).

https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-3
"""

from __future__ import annotations

from collections.abc import Iterator

from keyaki.checks.registry import Check, Meta, Result, Scope, Where
from keyaki.findings.model import Severity
from keyaki.snapshot.views import cloudtrail
from keyaki.snapshot.views.cloudtrail import Trail

META = Meta(
    id="cloudtrail_enabled",
    title="At least one CloudTrail trail is logging",
    severity=Severity.HIGH,
    service="cloudtrail",
    resource_type="AWS::::Account",
    rationale="Event history keeps 90 days of management events only; a trail keeps them as long as needed.",
    remediation="`aws cloudtrail create-trail --name TRAIL --s3-bucket-name BUCKET --is-multi-region-trail` and "
    "`aws cloudtrail start-logging --name TRAIL`",
    doc="https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-create-a-trail-using-the-console-first-time.html",
    needs=("cloudtrail describe-trails", "cloudtrail get-trail-status"),
)


def run(where: Where, trails: tuple[Trail, ...]) -> Iterator[Result]:
    logging = [t.name for t in trails if t.logging]
    if not logging and any(t.logging is None for t in trails):
        yield where.not_evaluated(where.account_arn, "the status of some trails was not collected")
        return
    summary = f"trails logging: {logging}" if logging else "no trail is logging in this region"
    yield where.result(bool(logging), where.account_arn, summary, trails=logging)


CHECK = Check(META, Scope.REGION, cloudtrail.load, run)
