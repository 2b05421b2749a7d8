"""SQS (regional): queues and all their attributes (including the queue policy), keyed by queue name.

https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_GetQueueAttributes.html.
"""

from __future__ import annotations

from keyaki.collect.context import Context, items

SERVICE = "sqs"


def collect(ctx: Context) -> None:
    for url in items(ctx.call(SERVICE, "list-queues"), "QueueUrls"):
        if isinstance(url, str):
            ctx.call(SERVICE, "get-queue-attributes", url.rstrip("/").rsplit("/", 1)[-1], QueueUrl=url)
