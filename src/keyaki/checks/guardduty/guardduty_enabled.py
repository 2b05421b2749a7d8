"""GuardDuty is enabled in every account and region (Security Hub GuardDuty.1).

https://docs.aws.amazon.com/securityhub/latest/userguide/guardduty-controls.html#guardduty-1
"""

from __future__ import annotations

from collections.abc import Iterator

from keyaki.checks.registry import Check, Meta, Result, Scope, Where
from keyaki.findings.model import Severity
from keyaki.snapshot.views import guardduty
from keyaki.snapshot.views.guardduty import Detector

META = Meta(
    id="guardduty_enabled",
    title="GuardDuty is enabled",
    severity=Severity.HIGH,
    service="guardduty",
    resource_type="AWS::::Account",
    rationale="GuardDuty detects credential theft, crypto-mining and reconnaissance; attackers favour "
    "unwatched regions.",
    remediation="`aws guardduty create-detector --enable` in the region, or auto-enable it for the organisation "
    "from the delegated administrator: `aws guardduty update-organization-configuration --detector-id ID "
    "--auto-enable-organization-members ALL`",
    doc="https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_settingup.html",
    needs=("guardduty list-detectors", "guardduty get-detector"),
)


def run(where: Where, detectors: tuple[Detector, ...]) -> Iterator[Result]:
    enabled = [d.id for d in detectors if d.enabled]
    summary = (
        f"enabled detector(s): {enabled}"
        if enabled
        else ("no GuardDuty detector" if not detectors else f"detector(s) {[d.id for d in detectors]} suspended")
    )
    yield where.result(bool(enabled), where.account_arn, summary)


CHECK = Check(META, Scope.REGION, guardduty.load, run)
