"""SNS topics are encrypted at rest with KMS (Security Hub SNS.1).

https://docs.aws.amazon.com/sns/latest/dg/sns-server-side-encryption.html
"""

from __future__ import annotations

from collections.abc import Iterator

from keyaki.checks.registry import Check, Meta, Result, Scope, Where
from keyaki.findings.model import Severity
from keyaki.snapshot.views import messaging
from keyaki.snapshot.views.messaging import Topic

META = Meta(
    id="sns_encrypted",
    title="SNS topics are encrypted at rest with KMS",
    severity=Severity.MEDIUM,
    service="sns",
    resource_type="AWS::SNS::Topic",
    rationale="Without SSE, messages are stored unencrypted while they wait for delivery.",
    remediation="`aws sns set-topic-attributes --topic-arn ARN --attribute-name KmsMasterKeyId "
    "--attribute-value alias/aws/sns`",
    doc="https://docs.aws.amazon.com/sns/latest/dg/sns-server-side-encryption.html",
    needs=("sns list-topics", "sns get-topic-attributes"),
)


def run(where: Where, topics: tuple[Topic, ...]) -> Iterator[Result]:
    for t in topics:
        if t.attributes is None:
            yield where.not_evaluated(t.arn, f"attributes of `{t.name}` were not collected")
            continue
        key = t.attributes.get("KmsMasterKeyId")
        yield where.result(bool(key), t.arn, f"`{t.name}` has KmsMasterKeyId={key}")


CHECK = Check(META, Scope.REGION, messaging.topics, run)
