"""Automatic rotation is enabled for customer managed symmetric KMS keys (CIS 3.6, Security Hub KMS.4).

Only enabled symmetric keys with ``AWS_KMS`` origin support automatic rotation.
https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html
"""

from __future__ import annotations

from collections.abc import Iterator

from keyaki.checks.registry import Check, Meta, Result, Scope, Where
from keyaki.findings.model import Severity
from keyaki.snapshot.views import kms
from keyaki.snapshot.views.kms import Key

META = Meta(
    id="kms_key_rotation",
    title="Customer managed KMS keys rotate automatically",
    severity=Severity.MEDIUM,
    service="kms",
    resource_type="AWS::KMS::Key",
    rationale="Rotation limits how much data one key version protects and how long a leaked version is useful.",
    remediation="`aws kms enable-key-rotation --key-id KEY_ID`",
    doc="https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html",
    needs=("kms list-keys", "kms describe-key", "kms get-key-rotation-status"),
)


def run(where: Where, keys: tuple[Key, ...]) -> Iterator[Result]:
    for k in keys:
        if k.manager is None:
            yield where.not_evaluated(k.arn, f"`describe-key` of `{k.id}` was not collected")
        elif k.customer_managed and k.rotatable and k.state == "Enabled":
            if k.rotation is None:
                yield where.not_evaluated(k.arn, f"`get-key-rotation-status` of `{k.id}` was not collected")
            else:
                yield where.result(k.rotation, k.arn, f"key `{k.id}` has KeyRotationEnabled={k.rotation}")


CHECK = Check(META, Scope.REGION, kms.load, run)
