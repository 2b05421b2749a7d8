"""Building block of GuardDuty protection-plan checks: a feature ENABLED on the region's detector.

Feature names: https://docs.aws.amazon.com/guardduty/latest/APIReference/API_DetectorFeatureConfiguration.html
"""

from __future__ import annotations

from collections.abc import Iterator

from keyaki.checks.registry import Check, Meta, Result, Scope, Where
from keyaki.findings.model import Severity
from keyaki.snapshot.views import guardduty
from keyaki.snapshot.views.guardduty import Detector

NEEDS = ("guardduty list-detectors", "guardduty get-detector")


def feature_check(check_id: str, plan: str, feature: str, additional: str | None = None) -> Check[tuple[Detector, ...]]:
    """GuardDuty ``plan`` (``feature``, optionally an additional configuration) is enabled on every detector."""
    meta = Meta(
        id=check_id,
        title=f"GuardDuty {plan} is enabled",
        severity=Severity.MEDIUM,
        service="guardduty",
        resource_type="AWS::GuardDuty::Detector",
        rationale=f"Without {plan}, GuardDuty does not analyse that data source and misses its threats.",
        remediation=f"`aws guardduty update-detector --detector-id ID --features Name={feature},Status=ENABLED"
        + (f",AdditionalConfiguration=[{{Name={additional},Status=ENABLED}}]`" if additional else "`"),
        doc="https://docs.aws.amazon.com/guardduty/latest/ug/guardduty-features-activation-model.html",
        needs=NEEDS,
    )

    def run(where: Where, detectors: tuple[Detector, ...]) -> Iterator[Result]:
        for d in detectors:
            if not d.enabled:
                continue
            on = d.features.get(feature, False) and (additional is None or d.additional.get(additional, False))
            arn = f"arn:aws:guardduty:{where.region}:{where.account}:detector/{d.id}"
            yield where.result(on, arn, f"detector `{d.id}` has {plan} {'enabled' if on else 'disabled'}")

    return Check(meta, Scope.REGION, guardduty.load, run)
