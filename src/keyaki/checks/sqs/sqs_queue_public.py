"""SQS queue policies do not allow public access (Security Hub SQS.3), decided on the IAM evaluator.

See :mod:`keyaki.checks.public`. https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-basic-examples-of-sqs-policies.html
"""

from __future__ import annotations

from keyaki.checks.public import Item, public_check
from keyaki.checks.registry import Meta
from keyaki.findings.model import Severity
from keyaki.snapshot import Snapshot
from keyaki.snapshot.views import messaging, policy_document

ACTIONS = (
    "sqs:SendMessage",
    "sqs:ReceiveMessage",
    "sqs:DeleteMessage",
    "sqs:GetQueueAttributes",
    "sqs:SetQueueAttributes",
    "sqs:PurgeQueue",
    "sqs:ChangeMessageVisibility",
)


def load(snap: Snapshot, account: str, region: str) -> list[Item]:
    out: list[Item] = []
    for q in messaging.queues(snap, account, region):
        if q.attributes is None:
            out.append((q.arn, "was not collected", None, {}))
        else:
            pol = q.attributes.get("Policy")
            out.append((q.arn, "ok", policy_document(pol), {}) if pol else (q.arn, "none", None, {}))
    return out


CHECK = public_check(
    Meta(
        id="sqs_queue_public",
        title="SQS queue policies do not allow public access",
        severity=Severity.HIGH,
        service="sqs",
        resource_type="AWS::SQS::Queue",
        rationale="A public queue lets anyone inject or read messages consumed by internal systems.",
        remediation="Restrict the Principal or add conditions (aws:SourceArn, aws:PrincipalOrgID): "
        "`aws sqs set-queue-attributes --queue-url URL --attributes file://policy.json`",
        doc="https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-basic-examples-of-sqs-policies.html",
        needs=("sqs list-queues", "sqs get-queue-attributes"),
    ),
    load,
    ACTIONS,
)
