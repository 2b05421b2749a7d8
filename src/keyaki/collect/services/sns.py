"""SNS (regional): topics and their attributes (including the topic policy), keyed by topic name, and
the region's subscriptions (one call, not one per topic; ``PendingConfirmation`` marks an unconfirmed one).

https://docs.aws.amazon.com/sns/latest/api/API_GetTopicAttributes.html,
https://docs.aws.amazon.com/sns/latest/api/API_ListSubscriptions.html.
"""

from __future__ import annotations

from keyaki.collect.context import Context, items

SERVICE = "sns"


def collect(ctx: Context) -> None:
    for topic in items(ctx.call(SERVICE, "list-topics"), "Topics"):
        arn = topic.get("TopicArn")
        if isinstance(arn, str):
            ctx.call(SERVICE, "get-topic-attributes", arn.rsplit(":", 1)[-1], TopicArn=arn)
    ctx.call(SERVICE, "list-subscriptions")
