"""Whole-policy checks: redundant statements and size quotas per policy type.

Spec pages:
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html (managed policy 6,144
  characters, white space not counted)
- https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html (SCP and RCP
  5,120 characters)
- https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
"""

from __future__ import annotations

import json
from typing import Any

from keyaki.iam.validate.context import Ctx, PolicyType
from keyaki.iam.validate.findings import Finding, at

IDENTITY_POLICY_QUOTA = 6_144
ORG_POLICY_QUOTA = 5_120


def _canonical(value: Any) -> Any:
    """A statement without Sid, single values as lists, lists as sorted sets: equal permissions."""
    if isinstance(value, dict):
        return {k: _canonical(v) for k, v in sorted(value.items()) if k != "Sid"}
    if isinstance(value, list):
        items = [_canonical(v) for v in value]
        return sorted({json.dumps(i, sort_keys=True) for i in items})
    return [json.dumps(value)]


def check_redundant_statements(ctx: Ctx) -> None:
    """A statement identical (but for its Sid) to an earlier one."""
    seen: dict[str, int] = {}
    for index, st in enumerate(ctx.statements):
        key = json.dumps(_canonical(st.node.value), sort_keys=True)
        if key in seen:
            first = ctx.statements[seen[key]]
            ctx.findings.append(
                Finding(
                    "REDUNDANT_STATEMENT",
                    "The statements are redundant because they provide identical permissions. Update "
                    "the policy "
                    "to remove the redundant statement.",
                    (at(st.path, st.node), at(first.path, first.node)),
                )
            )
        else:
            seen[key] = index


def policy_size(value: Any) -> int:
    """Characters of the policy without white space outside strings (how IAM counts)."""
    return len(json.dumps(value, separators=(",", ":"), ensure_ascii=False))


def check_size(ctx: Ctx) -> None:
    """Size quotas: identity (managed) 6,144; SCP and RCP 5,120."""
    size = policy_size(ctx.root.value)
    if ctx.policy_type is PolicyType.IDENTITY_POLICY and size > IDENTITY_POLICY_QUOTA:
        ctx.emit(
            "POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA",
            f"The {size} characters in the identity policy, excluding whitespace, exceed the "
            f"{IDENTITY_POLICY_QUOTA} character maximum for managed policies. We recommend that you use "
            "multiple granular policies.",
            (),
            ctx.root,
        )
    elif ctx.policy_type is PolicyType.SERVICE_CONTROL_POLICY and size > ORG_POLICY_QUOTA:
        ctx.emit(
            "POLICY_SIZE_EXCEEDS_SCP_QUOTA",
            f"The {size} characters in the service control policy (SCP) exceed the {ORG_POLICY_QUOTA} "
            "character maximum for SCPs. We recommend that you use multiple granular policies.",
            (),
            ctx.root,
        )
    elif ctx.policy_type is PolicyType.RESOURCE_CONTROL_POLICY and size > ORG_POLICY_QUOTA:
        ctx.emit(
            "POLICY_SIZE_EXCEEDS_RCP_QUOTA",
            f"The {size} characters in the resource control policy (RCP) exceed the {ORG_POLICY_QUOTA} "
            "character maximum for RCPs. We recommend that you use multiple granular policies.",
            (),
            ctx.root,
        )
