"""SNS topic policies do not allow public access (Security Hub SNS.4), decided on the IAM evaluator.

See :mod:`keyaki.checks.public`. https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-use-cases.html
"""

from __future__ import annotations

from keyaki.checks.public import Item, public_check
from keyaki.checks.registry import Meta
from keyaki.findings.model import Severity
from keyaki.snapshot import Snapshot
from keyaki.snapshot.views import messaging, policy_document

ACTIONS = (
    "sns:Publish",
    "sns:Subscribe",
    "sns:SetTopicAttributes",
    "sns:GetTopicAttributes",
    "sns:AddPermission",
    "sns:DeleteTopic",
)


def load(snap: Snapshot, account: str, region: str) -> list[Item]:
    out: list[Item] = []
    for t in messaging.topics(snap, account, region):
        if t.attributes is None:
            out.append((t.arn, "was not collected", None, {}))
        else:
            pol = t.attributes.get("Policy")
            out.append((t.arn, "ok", policy_document(pol), {}) if pol else (t.arn, "none", None, {}))
    return out


CHECK = public_check(
    Meta(
        id="sns_topic_public",
        title="SNS topic policies do not allow public access",
        severity=Severity.HIGH,
        service="sns",
        resource_type="AWS::SNS::Topic",
        rationale="A public topic lets anyone publish to subscribers or subscribe to internal notifications.",
        remediation="Restrict the Principal or add conditions: `aws sns set-topic-attributes --topic-arn ARN "
        "--attribute-name Policy --attribute-value file://policy.json`",
        doc="https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-use-cases.html",
        needs=("sns list-topics", "sns get-topic-attributes"),
    ),
    load,
    ACTIONS,
)
