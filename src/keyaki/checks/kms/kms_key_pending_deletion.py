"""No customer managed KMS key is scheduled for deletion (Security Hub KMS.3).

https://docs.aws.amazon.com/kms/latest/developerguide/deleting-keys.html
"""

from __future__ import annotations

from collections.abc import Iterator

from keyaki.checks.registry import Check, Meta, Result, Scope, Where
from keyaki.findings.model import Severity
from keyaki.snapshot.views import kms
from keyaki.snapshot.views.kms import Key

META = Meta(
    id="kms_key_pending_deletion",
    title="No KMS key is scheduled for deletion",
    severity=Severity.HIGH,
    service="kms",
    resource_type="AWS::KMS::Key",
    rationale="Data encrypted under a deleted key is lost for good; a scheduled deletion must be intentional.",
    remediation="`aws kms cancel-key-deletion --key-id KEY_ID` (then `aws kms enable-key --key-id KEY_ID`)",
    doc="https://docs.aws.amazon.com/kms/latest/developerguide/deleting-keys-scheduling-key-deletion.html",
    needs=("kms list-keys", "kms describe-key"),
)


def run(where: Where, keys: tuple[Key, ...]) -> Iterator[Result]:
    for k in keys:
        if k.manager is None:
            yield where.not_evaluated(k.arn, f"`describe-key` of `{k.id}` was not collected")
        elif k.customer_managed:
            pending = k.state == "PendingDeletion"
            when = f" (deletion on {k.deletion_date.date().isoformat()})" if pending and k.deletion_date else ""
            yield where.result(not pending, k.arn, f"key `{k.id}` is in state {k.state}{when}")


CHECK = Check(META, Scope.REGION, kms.load, run)
