"""KMS keys of one account and region: metadata, rotation status, key policy text.

https://docs.aws.amazon.com/kms/latest/APIReference/API_KeyMetadata.html; rotation applies to
symmetric encryption keys with AWS_KMS origin only
(https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from keyaki.snapshot import Snapshot
from keyaki.snapshot.load import Status
from keyaki.snapshot.views.common import as_dict, as_list, need, parse_time


@dataclass(frozen=True, slots=True)
class Key:
    id: str
    arn: str
    manager: str | None  # CUSTOMER / AWS; None when describe-key was not collected
    state: str | None
    spec: str | None
    usage: str | None
    origin: str | None
    deletion_date: datetime | None
    rotation: bool | None  # None: rotation status not collected
    policy: str | None  # the key policy JSON text, None when not collected

    @property
    def customer_managed(self) -> bool:
        return self.manager == "CUSTOMER"

    @property
    def rotatable(self) -> bool:
        """Automatic rotation is supported (symmetric, AWS_KMS origin, not pending import)."""
        return self.spec == "SYMMETRIC_DEFAULT" and self.origin == "AWS_KMS"


def load(snap: Snapshot, account: str, region: str) -> tuple[Key, ...]:
    data = as_dict(need(snap.call(account, region, "kms", "list-keys")))
    return tuple(_key(snap, account, region, as_dict(k)) for k in as_list(data.get("Keys")))


def _key(snap: Snapshot, account: str, region: str, k: dict[str, object]) -> Key:
    key_id = str(k.get("KeyId", ""))
    desc = snap.call(account, region, "kms", "describe-key", key_id)
    meta = as_dict(desc.data.get("KeyMetadata")) if desc.status is Status.OK and isinstance(desc.data, dict) else {}
    rot = snap.call(account, region, "kms", "get-key-rotation-status", key_id)
    pol = snap.call(account, region, "kms", "get-key-policy", key_id)
    return Key(
        id=key_id,
        arn=str(k.get("KeyArn") or meta.get("Arn") or ""),
        manager=meta.get("KeyManager"),
        state=meta.get("KeyState"),
        spec=meta.get("KeySpec"),
        usage=meta.get("KeyUsage"),
        origin=meta.get("Origin"),
        deletion_date=parse_time(meta.get("DeletionDate")),
        rotation=rot.get("KeyRotationEnabled") is True if rot.ok else None,
        policy=pol.get("Policy") if pol.ok else None,
    )
