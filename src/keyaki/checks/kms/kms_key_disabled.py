"""No customer managed KMS key is disabled but kept (decide: re-enable or schedule deletion).

Disabled keys still cost money and keep data they encrypt unreadable, unnoticed.
https://docs.aws.amazon.com/kms/latest/developerguide/enabling-keys.html
"""

from __future__ import annotations

from collections.abc import Iterator

from keyaki.checks.registry import Check, Meta, Result, Scope, Where
from keyaki.findings.model import Severity
from keyaki.snapshot.views import kms
from keyaki.snapshot.views.kms import Key

META = Meta(
    id="kms_key_disabled",
    title="No customer managed KMS key is disabled but kept",
    severity=Severity.LOW,
    service="kms",
    resource_type="AWS::KMS::Key",
    rationale="A disabled key is either still needed (data is unreadable) or should be scheduled for deletion.",
    remediation="`aws kms enable-key --key-id KEY_ID`, or `aws kms schedule-key-deletion --key-id KEY_ID "
    "--pending-window-in-days 30` once nothing depends on it",
    doc="https://docs.aws.amazon.com/kms/latest/developerguide/enabling-keys.html",
    needs=("kms list-keys", "kms describe-key"),
)


def run(where: Where, keys: tuple[Key, ...]) -> Iterator[Result]:
    for k in keys:
        if k.manager is None:
            yield where.not_evaluated(k.arn, f"`describe-key` of `{k.id}` was not collected")
        elif k.customer_managed and k.state != "PendingDeletion":
            yield where.result(k.state != "Disabled", k.arn, f"key `{k.id}` is in state {k.state}")


CHECK = Check(META, Scope.REGION, kms.load, run)
