"""GuardDuty (regional): detectors and each detector's settings.

https://docs.aws.amazon.com/guardduty/latest/APIReference/API_GetDetector.html.
"""

from __future__ import annotations

from keyaki.collect.context import Context, items

SERVICE = "guardduty"


def collect(ctx: Context) -> None:
    for detector_id in items(ctx.call(SERVICE, "list-detectors"), "DetectorIds"):
        if isinstance(detector_id, str):
            ctx.call(SERVICE, "get-detector", detector_id, DetectorId=detector_id)
