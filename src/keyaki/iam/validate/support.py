"""Which actions a statement's condition keys apply to (service keys and ``aws:ResourceTag``).

A condition key that an action does not support is absent from that action's request context, so
the condition never matches it (or always does, negated). Support comes from the Service
Authorization Reference: the action's own condition keys plus those of its resource types.

Spec pages:
- https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
  (Unsupported action for condition key; Deny/Allow (NotAction) with unsupported tag condition key)
- https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
"""

from __future__ import annotations

import re
from functools import cache

from keyaki.iam import reference as ref
from keyaki.iam.validate.actions import has_wildcard
from keyaki.iam.validate.context import Ctx, Statement
from keyaki.iam.validate.findings import Path
from keyaki.iam.validate.located import Node

_TAG_KEY = re.compile(r"aws:resourcetag/.+", re.IGNORECASE)


@cache
def _templates_of(full_name: str) -> tuple[str, ...]:
    """Every condition key template an action supports (its own and its resource types')."""
    act = ref.action(full_name)
    svc = ref.service(act.service)
    keys = list(act.condition_keys)
    for res in act.resource_types:
        keys.extend(res.condition_keys)
        rtype = svc.resource_types.get(res.name.lower())
        keys.extend(rtype.condition_keys if rtype else ())
    return tuple(dict.fromkeys(keys))


def supports(full_name: str, key: str) -> bool:
    """True when the action's request context can carry the condition key."""
    return any(ref.key_template_regex(t).fullmatch(key) for t in _templates_of(full_name))


def _condition_keys(st: Statement) -> list[tuple[Path, Node, str]]:
    """(path, key node, key) of every condition key in the statement."""
    cond = st.element("Condition")
    if cond is None or cond.node.kind != "object":
        return []
    out: list[tuple[Path, Node, str]] = []
    for op, _, block in cond.node.entries:
        if block.kind == "object":
            out.extend(((*cond.path, op, key), key_node, key) for key, key_node, _ in block.entries)
    return out


def _expanded(patterns: list[str]) -> list[ref.Action] | None:
    """The actions a list of Action entries matches; ``None`` when an entry is invalid."""
    out: list[ref.Action] = []
    for pattern in patterns:
        try:
            out.extend(ref.actions_matching(pattern))
        except (ref.UnknownService, ref.UnknownAction):
            return None
    return out


def check_key_support(ctx: Ctx, st: Statement) -> None:
    """Service condition keys on concrete actions that do not support them; tag keys per service."""
    keys = _condition_keys(st)
    if not keys:
        return
    if st.element("NotAction") is not None:
        _not_action_tags(ctx, st, keys)
        return
    patterns = st.strings("Action")
    concrete = [p for p in patterns if not has_wildcard(p)]
    for path, node, key in keys:
        prefix = key.partition(":")[0].lower()
        if prefix != "aws" and ref.has_service(prefix) and concrete and key.lower() not in ref.SESSION_KEYS:
            _unsupported_actions(ctx, concrete, path, node, key)
        elif _TAG_KEY.fullmatch(key) and st.effect in ("Allow", "Deny"):
            _tag_services(ctx, st, patterns, path, node, key)


def _unsupported_actions(ctx: Ctx, concrete: list[str], path: Path, node: Node, key: str) -> None:
    try:
        if ref.condition_key(key) is None:
            return  # an unknown key: reported as INVALID_SERVICE_CONDITION_KEY
        missing = [a for a in concrete if not supports(ref.action(a).full_name, key)]
    except (ref.UnknownService, ref.UnknownAction):
        return  # reported by the action checks
    if missing:
        ctx.emit(
            "UNSUPPORTED_ACTION_FOR_CONDITION_KEY",
            f"The following actions: {', '.join(missing)} are not supported by the condition key {key}. The "
            "condition will not be evaluated for these actions. We recommend that you move these actions to a "
            "different statement without this condition key.",
            path,
            node,
        )


def _tag_services(ctx: Ctx, st: Statement, patterns: list[str], path: Path, node: Node, key: str) -> None:
    actions = _expanded(patterns)
    if not actions:
        return
    by_service: dict[str, bool] = {}
    for act in actions:
        by_service[act.service] = by_service.get(act.service, False) or supports(act.full_name, key)
    unsupported = sorted(s for s, ok in by_service.items() if not ok)
    if not unsupported:
        return
    deny = st.effect == "Deny"
    ctx.emit(
        "DENY_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE"
        if deny
        else "ALLOW_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE",
        f"Using the effect {st.effect} with the tag condition key {key} and actions for services with the "
        f"following prefixes {'can be overly permissive' if deny else 'does not affect the policy'}: "
        f"{', '.join(unsupported)}. We recommend that you move these actions to a different statement without "
        "this condition key.",
        path,
        node,
    )


def _not_action_tags(ctx: Ctx, st: Statement, keys: list[tuple[Path, Node, str]]) -> None:
    for path, node, key in keys:
        if not _TAG_KEY.fullmatch(key) or st.effect not in ("Allow", "Deny"):
            continue
        deny = st.effect == "Deny"
        effect = (
            "can be overly permissive because some service actions are not denied"
            if deny
            else "allows only service actions that support the condition key"
        )
        ctx.emit(
            "DENY_NOTACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE"
            if deny
            else "ALLOW_NOTACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE",
            f"Using the effect {st.effect} with NotAction and the tag condition key {key} {effect}. The condition "
            "key doesn't apply to some service actions. We recommend that you use Action instead of NotAction.",
            path,
            node,
        )
