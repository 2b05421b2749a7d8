"""CloudTrail (regional): trails (shadow trails included), their status and event selectors.

Calls on a shadow trail (a multi-region or organisation trail seen from another region) must name the
trail by ARN: https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_GetTrailStatus.html.
"""

from __future__ import annotations

from keyaki.collect.context import Context, items

SERVICE = "cloudtrail"


def collect(ctx: Context) -> None:
    for trail in items(ctx.call(SERVICE, "describe-trails"), "trailList"):
        name, arn = trail.get("Name"), trail.get("TrailARN")
        if isinstance(name, str) and isinstance(arn, str):
            ctx.call(SERVICE, "get-trail-status", name, Name=arn)
            ctx.call(SERVICE, "get-event-selectors", name, TrailName=arn)
