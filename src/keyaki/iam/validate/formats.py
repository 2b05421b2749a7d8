"""Value formats of a few condition keys: VPC and VPC endpoint IDs, service principal names.

Spec: https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
(Invalid vpc format; Invalid vpce format; Invalid service principal format) and
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-services
"""

from __future__ import annotations

import re

from keyaki.iam.validate.context import Ctx
from keyaki.iam.validate.findings import Path
from keyaki.iam.validate.located import Node

_VPC = re.compile(r"vpc-([0-9A-Za-z]{8}|[0-9A-Za-z]{17})")
_VPCE = re.compile(r"vpce-([0-9A-Za-z]{8}|[0-9A-Za-z]{17})")
_SERVICE_KEYS = frozenset(
    {"iam:passedtoservice", "aws:principalservicename", "aws:principalservicenameslist", "kms:viaservice"}
)
_EXACT = frozenset({"StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase"})


def check_value_format(ctx: Ctx, base: str, key: str, path: Path, node: Node) -> None:
    """One value of an exact string comparison against the documented format of its key."""
    text = node.value if node.kind == "string" else None
    if text is None or base not in _EXACT or "*" in text or "?" in text or "${" in text:
        return
    low = key.lower()
    if low == "aws:sourcevpc" and not _VPC.fullmatch(text):
        ctx.emit(
            "INVALID_VPC_FORMAT",
            f"The VPC identifier `{text}` in the condition key value is not valid. Use the prefix 'vpc-' followed "
            "by 8 or 17 alphanumeric characters.",
            path,
            node,
        )
    elif low == "aws:sourcevpce" and not _VPCE.fullmatch(text):
        ctx.emit(
            "INVALID_VPCE_FORMAT",
            f"The VPCE identifier `{text}` in the condition key value is not valid. Use the prefix 'vpce-' "
            "followed by 8 or 17 alphanumeric characters.",
            path,
            node,
        )
    elif low in _SERVICE_KEYS and (text != text.lower() or "." not in text or " " in text):
        ctx.emit(
            "INVALID_SERVICE_PRINCIPAL_FORMAT",
            f"The service principal `{text}` does not match the expected format. Use the format "
            "service-name.amazonaws.com in lowercase letters.",
            path,
            node,
        )
