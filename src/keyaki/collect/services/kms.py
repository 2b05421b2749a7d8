"""KMS (regional): keys and aliases; for each key its description, key policy, rotation status, grants.

https://docs.aws.amazon.com/kms/latest/APIReference/API_GetKeyPolicy.html (``PolicyName`` ``default``).
"""

from __future__ import annotations

from functools import partial

from keyaki.collect.context import Context, items

SERVICE = "kms"


def collect(ctx: Context) -> None:
    ctx.call(SERVICE, "list-aliases")
    for key in items(ctx.call(SERVICE, "list-keys"), "Keys"):
        key_id = key.get("KeyId")
        if isinstance(key_id, str):
            ctx.spawn(partial(_key, ctx, key_id))


def _key(ctx: Context, key_id: str) -> None:
    for op in ("describe-key", "get-key-policy", "get-key-rotation-status", "list-grants"):
        ctx.call(SERVICE, op, key_id, KeyId=key_id)
