"""KMS key policies do not allow public access (Security Hub KMS.5), decided on the IAM evaluator.

Outsider requests carry ``kms:CallerAccount`` = the outsider's account. See :mod:`keyaki.checks.public`.
https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html
"""

from __future__ import annotations

from keyaki.checks.public import OUTSIDER_ACCOUNT, Item, public_check
from keyaki.checks.registry import Meta
from keyaki.findings.model import Severity
from keyaki.snapshot import Snapshot
from keyaki.snapshot.views import kms, policy_document

ACTIONS = (
    "kms:Decrypt",
    "kms:Encrypt",
    "kms:GenerateDataKey",
    "kms:ReEncryptFrom",
    "kms:CreateGrant",
    "kms:PutKeyPolicy",
    "kms:ScheduleKeyDeletion",
    "kms:DisableKey",
)


def load(snap: Snapshot, account: str, region: str) -> list[Item]:
    out: list[Item] = []
    for k in kms.load(snap, account, region):
        if k.manager == "AWS":
            continue
        if k.manager is None or k.policy is None:
            out.append((k.arn, "was not collected", None, {}))
        else:
            out.append((k.arn, "ok", policy_document(k.policy), {}))
    return out


CHECK = public_check(
    Meta(
        id="kms_key_public",
        title="KMS key policies do not allow public access",
        severity=Severity.CRITICAL,
        service="kms",
        resource_type="AWS::KMS::Key",
        rationale="A public key policy lets anyone decrypt what the key protects, or lock you out of it.",
        remediation="`aws kms put-key-policy --key-id KEY --policy-name default --policy file://policy.json` "
        "with principals restricted to your accounts",
        doc="https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html",
        needs=("kms list-keys", "kms describe-key", "kms get-key-policy"),
    ),
    load,
    ACTIONS,
    extra=lambda where: {"kms:CallerAccount": OUTSIDER_ACCOUNT},
)
