"""SQS queues are encrypted at rest, SSE-SQS or SSE-KMS (Security Hub SQS.1).

https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-server-side-encryption.html
"""

from __future__ import annotations

from collections.abc import Iterator

from keyaki.checks.registry import Check, Meta, Result, Scope, Where
from keyaki.findings.model import Severity
from keyaki.snapshot.views import messaging
from keyaki.snapshot.views.messaging import Queue

META = Meta(
    id="sqs_encrypted",
    title="SQS queues are encrypted at rest",
    severity=Severity.MEDIUM,
    service="sqs",
    resource_type="AWS::SQS::Queue",
    rationale="Messages often carry personal data and tokens; encryption at rest is free with SSE-SQS.",
    remediation="`aws sqs set-queue-attributes --queue-url URL --attributes SqsManagedSseEnabled=true`",
    doc="https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-server-side-encryption.html",
    needs=("sqs list-queues", "sqs get-queue-attributes"),
)


def run(where: Where, queues: tuple[Queue, ...]) -> Iterator[Result]:
    for q in queues:
        if q.attributes is None:
            yield where.not_evaluated(q.arn, f"attributes of `{q.name}` were not collected")
            continue
        how = q.attributes.get("KmsMasterKeyId") or ("SSE-SQS" if q.encrypted else "none")
        yield where.result(q.encrypted, q.arn, f"`{q.name}` encryption: {how}")


CHECK = Check(META, Scope.REGION, messaging.queues, run)
