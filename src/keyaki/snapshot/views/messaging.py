"""SQS queues and SNS topics with their attributes (encryption, policy).

Attributes: https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_GetQueueAttributes.html,
https://docs.aws.amazon.com/sns/latest/api/API_GetTopicAttributes.html. Per-resource files are keyed by
queue name and topic name.
"""

from __future__ import annotations

from dataclasses import dataclass

from keyaki.snapshot import Snapshot
from keyaki.snapshot.load import Status
from keyaki.snapshot.views.common import as_dict, as_list, need


@dataclass(frozen=True, slots=True)
class Queue:
    name: str
    arn: str
    attributes: dict[str, str] | None  # None: get-queue-attributes not collected

    @property
    def encrypted(self) -> bool:
        a = self.attributes or {}
        return bool(a.get("KmsMasterKeyId")) or a.get("SqsManagedSseEnabled") == "true"


def queues(snap: Snapshot, account: str, region: str) -> tuple[Queue, ...]:
    urls = as_list(as_dict(need(snap.call(account, region, "sqs", "list-queues"))).get("QueueUrls"))
    out = []
    for url in urls:
        name = str(url).rstrip("/").rsplit("/", 1)[-1]
        r = snap.call(account, region, "sqs", "get-queue-attributes", name)
        attrs = {str(k): str(v) for k, v in as_dict(r.get("Attributes")).items()} if r.status is Status.OK else None
        arn = (attrs or {}).get("QueueArn") or f"arn:aws:sqs:{region}:{account}:{name}"
        out.append(Queue(name, arn, attrs))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class Topic:
    name: str
    arn: str
    attributes: dict[str, str] | None


def topics(snap: Snapshot, account: str, region: str) -> tuple[Topic, ...]:
    items = as_list(as_dict(need(snap.call(account, region, "sns", "list-topics"))).get("Topics"))
    out = []
    for t in items:
        arn = str(as_dict(t).get("TopicArn", ""))
        name = arn.rsplit(":", 1)[-1]
        r = snap.call(account, region, "sns", "get-topic-attributes", name)
        attrs = {str(k): str(v) for k, v in as_dict(r.get("Attributes")).items()} if r.status is Status.OK else None
        out.append(Topic(name, arn, attrs))
    return tuple(out)
