"""Principal checks, and which elements each policy type allows (identity, resource, SCP, RCP).

Spec pages:
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
- https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_syntax.html
- https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html
"""

from __future__ import annotations

import re

from keyaki.iam.validate.context import Ctx, Element, PolicyType, Statement
from keyaki.iam.validate.findings import Path
from keyaki.iam.validate.located import Node

PRINCIPAL_KEYS = ("AWS", "Service", "Federated", "CanonicalUser")
_UNIQUE_ID = re.compile(r"(AROA|AIDA)[A-Z0-9]{12,}")


def check_principal_rules(ctx: Ctx, st: Statement) -> None:
    """Principal/NotPrincipal presence per policy type, then their shape."""
    principal, not_principal = st.element("Principal"), st.element("NotPrincipal")
    present = [e for e in (principal, not_principal) if e is not None]
    kind = ctx.policy_type
    if kind in (PolicyType.IDENTITY_POLICY, PolicyType.SERVICE_CONTROL_POLICY):
        _refuse_principals(ctx, present)
        return
    if principal is not None and not_principal is not None:
        ctx.emit(
            "UNSUPPORTED_ELEMENT_COMBINATION",
            "The policy elements Principal and NotPrincipal can not be used in the same statement.",
            not_principal.path,
            not_principal.key,
        )
    if not present:
        ctx.emit("MISSING_PRINCIPAL", "Add a Principal element to the policy statement.", st.path, st.node)
        return
    if kind is PolicyType.RESOURCE_CONTROL_POLICY:
        _check_rcp_principal(ctx, principal, not_principal)
        return
    for elem in present:
        _check_shape(ctx, elem)
    if not_principal is not None and st.effect == "Allow":
        ctx.emit(
            "ALLOW_WITH_NOT_PRINCIPAL",
            "Using Allow with NotPrincipal can be overly permissive. We recommend that you use Principal instead.",
            not_principal.path,
            not_principal.key,
        )


def _refuse_principals(ctx: Ctx, present: list[Element]) -> None:
    """Identity policies and SCPs take no Principal or NotPrincipal."""
    for elem in present:
        if ctx.policy_type is PolicyType.IDENTITY_POLICY:
            ctx.emit(
                "UNSUPPORTED_PRINCIPAL",
                f"The policy type IDENTITY_POLICY does not support the {elem.name} element. Remove the "
                f"{elem.name} element.",
                elem.path,
                elem.key,
            )
        else:
            ctx.emit(
                "SCP_SYNTAX_ERROR_PRINCIPAL",
                "SCPs do not support specifying principals. Remove the Principal or NotPrincipal element.",
                elem.path,
                elem.key,
            )


def _check_rcp_principal(ctx: Ctx, principal: Element | None, not_principal: Element | None) -> None:
    message = (
        'The Principal element contents are not valid. RCPs only support specifying all principals ("*") in '
        "the Principal element. The NotPrincipal element is not supported for RCPs."
    )
    if not_principal is not None:
        ctx.emit("RCP_SYNTAX_ERROR_PRINCIPAL", message, not_principal.path, not_principal.key)
    if principal is not None and principal.node.value != "*":
        ctx.emit("RCP_SYNTAX_ERROR_PRINCIPAL", message, principal.path, principal.node)


def check_rcp_statement(ctx: Ctx, st: Statement) -> None:
    """RCP rules: no NotAction; an Allow only as ``Principal "*"``, ``Resource "*"``, no Condition."""
    if ctx.policy_type is not PolicyType.RESOURCE_CONTROL_POLICY:
        return
    not_action = st.element("NotAction")
    if not_action is not None:
        ctx.emit(
            "RCP_SYNTAX_ERROR_NOTACTION",
            "RCPs do not support the NotAction element. Update to use the Action element.",
            not_action.path,
            not_action.key,
        )
    if st.effect != "Allow":
        return
    resource = st.element("Resource")
    bad = (
        st.element("Condition") is not None
        or st.element("NotResource") is not None
        or (resource is not None and resource.node.value != "*")
    )
    if bad:
        ctx.emit(
            "RCP_SYNTAX_ERROR_ALLOW",
            'RCPs only support specifying all principals ("*") in the Principal element, all '
            'resources ("*") in '
            "the Resource element, and no Condition element with an effect of Allow.",
            st.path,
            st.node,
        )


def _check_shape(ctx: Ctx, elem: Element) -> None:
    node = elem.node
    if node.kind == "string":
        if node.value != "*":
            ctx.emit(
                "INVALID_PRINCIPAL_FORMAT",
                "The Principal element contents are not valid. Specify a key-value pair in the Principal element.",
                elem.path,
                node,
            )
        return
    if node.kind != "object":
        ctx.emit("INVALID_PRINCIPAL_FORMAT", "The Principal element contents are not valid.", elem.path, node)
        return
    if not node.entries:
        ctx.emit(
            "EMPTY_OBJECT_PRINCIPAL",
            "This statement includes no principals and does not affect the policy.",
            elem.path,
            node,
        )
    for key, key_node, value in node.entries:
        path = (*elem.path, key)
        if key not in PRINCIPAL_KEYS:
            ctx.emit("INVALID_PRINCIPAL_KEY", f"The principal key `{key}` is not valid.", path, key_node)
            continue
        _check_values(ctx, key, path, value)


def _check_values(ctx: Ctx, key: str, path: Path, value: Node) -> None:
    if value.kind == "array" and not value.items:
        ctx.emit(
            "EMPTY_ARRAY_PRINCIPAL",
            "This statement includes no principals and does not affect the policy.",
            path,
            value,
        )
        return
    items = [(path, value)] if value.kind != "array" else [((*path, i), n) for i, n in enumerate(value.items)]
    for p, n in items:
        if n.kind != "string":
            ctx.emit("DATA_TYPE_MISMATCH", "Principal values must be strings.", p, n)
            continue
        _check_value(ctx, key, p, n)


def _check_value(ctx: Ctx, key: str, path: Path, node: Node) -> None:
    text: str = node.value
    if key == "AWS" and text != "*" and ("*" in text or "?" in text):
        ctx.emit(
            "UNSUPPORTED_WILDCARD_IN_PRINCIPAL",
            f"Wildcards (*, ?) are not supported with the principal key {key}. Replace the wildcard "
            "with a valid "
            "principal value.",
            path,
            node,
        )
    elif key == "AWS" and _UNIQUE_ID.fullmatch(text):
        code = "INVALID_ROLE_REFERENCE" if text.startswith("AROA") else "INVALID_USER_REFERENCE"
        what = "role" if text.startswith("AROA") else "user"
        ctx.emit(
            code,
            f"The Principal element includes the IAM {what} ID. We recommend that you use a {what} ARN instead.",
            path,
            node,
        )
    elif key == "Service" and ("*" in text or "?" in text) and text != "*":
        ctx.emit(
            "UNSUPPORTED_WILDCARD_IN_PRINCIPAL",
            f"Wildcards (*, ?) are not supported with the principal key {key}.",
            path,
            node,
        )
