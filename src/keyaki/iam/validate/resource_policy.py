"""Checks for a resource policy of a known resource type (Access Analyzer's ``validatePolicyResourceType``).

Role trust policies (``AWS::IAM::AssumeRolePolicyDocument``) take no Resource, no NotPrincipal and no
``"*"`` principal; S3 and DynamoDB resource policies only take their own service's actions and ARNs.

Spec pages:
- https://docs.aws.amazon.com/access-analyzer/latest/APIReference/API_ValidatePolicy.html
- https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
- https://docs.aws.amazon.com/rolesanywhere/latest/userguide/trust-model.html
"""

from __future__ import annotations

import re

from keyaki.iam import reference as ref
from keyaki.iam.validate.context import Ctx, Element, Statement
from keyaki.iam.validate.located import Node

TRUST = "AWS::IAM::AssumeRolePolicyDocument"
# resource type -> service prefixes its resource policy may name in Action and in resource ARNs
RESOURCE_TYPES: dict[str, tuple[str, ...]] = {
    "AWS::S3::Bucket": ("s3",),
    "AWS::S3::AccessPoint": ("s3",),
    "AWS::S3::MultiRegionAccessPoint": ("s3",),
    "AWS::S3ObjectLambda::AccessPoint": ("s3-object-lambda",),
    "AWS::DynamoDB::Table": ("dynamodb",),
    TRUST: ("sts",),
}
_ROLES_ANYWHERE = ("sts:AssumeRole", "sts:SetSourceIdentity", "sts:TagSession")
_DOMAIN = re.compile(r"[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+(/[^\s]*)?")
_PROVIDER = re.compile(r"arn:aws[a-z-]*:iam::\d{12}:(saml-provider|oidc-provider)/.+")


def check_resource_policy(ctx: Ctx, st: Statement) -> None:
    """Actions and ARNs of another service, and the trust-policy rules."""
    if ctx.resource_type is None:
        return
    allowed = RESOURCE_TYPES[ctx.resource_type]
    for path, node in _entries(st, "Action"):
        prefix = node.value.partition(":")[0].lower()
        if node.value != "*" and not any(ref.glob_match(prefix, p) for p in allowed):
            ctx.emit(
                "UNSUPPORTED_ACTION_IN_POLICY",
                f"The action {node.value} is not supported for the resource-based policy attached to the "
                f"resource type {ctx.resource_type}.",
                path,
                node,
            )
    if ctx.resource_type == TRUST:
        _check_trust_policy(ctx, st)
        return
    for path, node in _entries(st, "Resource"):
        parts = node.value.split(":", 5)
        if node.value != "*" and len(parts) == 6 and not any(ref.glob_match(parts[2], p) for p in allowed):
            ctx.emit(
                "UNSUPPORTED_RESOURCE_ARN_IN_POLICY",
                f"The resource ARN is not supported for the resource-based policy attached to the resource type "
                f"{ctx.resource_type}.",
                path,
                node,
            )
    federated = _principal_values(st.element("Principal"), "Federated")
    for path, node in federated:
        ctx.emit(
            "FEDERATED_PRINCIPAL_NOT_SUPPORTED",
            "The policy type does not support a federated identity provider in the principal element. Use a "
            "supported principal.",
            path,
            node,
        )


def _entries(st: Statement, name: str) -> list[tuple[tuple[str | int, ...], Node]]:
    elem = st.element(name) or st.element(f"Not{name}")
    return list(elem.values()) if elem is not None else []


def _principal_values(elem: Element | None, key: str) -> list[tuple[tuple[str | int, ...], Node]]:
    if elem is None or elem.node.kind != "object":
        return []
    node = elem.node.get(key)
    if node is None:
        return []
    path = (*elem.path, key)
    if node.kind == "string":
        return [(path, node)]
    return [((*path, i), n) for i, n in enumerate(node.items) if n.kind == "string"]


def _check_trust_policy(ctx: Ctx, st: Statement) -> None:
    for name in ("Resource", "NotResource"):
        elem = st.element(name)
        if elem is not None:
            ctx.emit(
                "ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE",
                "Role trust policies apply to the role that they are attached to. You cannot specify a resource. "
                "Remove the Resource or NotResource element.",
                elem.path,
                elem.key,
            )
    not_principal = st.element("NotPrincipal")
    if not_principal is not None:
        ctx.emit(
            "ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL",
            "Role trust policies do not support NotPrincipal. Update the policy to use a Principal element instead.",
            not_principal.path,
            not_principal.key,
        )
    principal = st.element("Principal")
    if principal is None:
        return
    star = principal.node if principal.node.value == "*" else None
    for path, node in _principal_values(principal, "AWS"):
        if node.value == "*" and st.effect == "Allow":
            ctx.emit("ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL", _STAR, path, node)
    if star is not None and st.effect == "Allow":
        ctx.emit("ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL", _STAR, principal.path, star)
    _check_federated(ctx, st, principal)
    _check_roles_anywhere(ctx, st, principal)


_STAR = (
    '"Principal:" "*" is not supported in the principal element of a role trust policy. Replace the wildcard '
    "with a valid principal value."
)


def _check_federated(ctx: Ctx, st: Statement, principal: Element) -> None:
    actions = [a.lower() for a in st.strings("Action")]
    for path, node in _principal_values(principal, "Federated"):
        value: str = node.value
        if not (_PROVIDER.fullmatch(value) or _DOMAIN.fullmatch(value)):
            ctx.emit(
                "INVALID_FEDERATED_PRINCIPAL_SYNTAX_IN_ROLE_TRUST_POLICY",
                "The principal value specifies a federated principal that does not match the expected format. "
                "Update the federated principal to a domain name or a SAML metadata ARN.",
                path,
                node,
            )
            continue
        saml = ":saml-provider/" in value
        wrong = "sts:assumerolewithwebidentity" if saml else "sts:assumerolewithsaml"
        if wrong in actions:
            ctx.emit(
                "MISMATCHED_ACTION_FOR_PRINCIPAL",
                f"The {wrong} action is invalid with the following principal(s): {value}. Use a SAML provider "
                "principal with the sts:AssumeRoleWithSAML action or use an OIDC provider principal with the "
                "sts:AssumeRoleWithWebIdentity action.",
                path,
                node,
            )


def _check_roles_anywhere(ctx: Ctx, st: Statement, principal: Element) -> None:
    services = [n for _, n in _principal_values(principal, "Service") if n.value == "rolesanywhere.amazonaws.com"]
    if not services or st.effect != "Allow":
        return
    patterns = st.strings("Action")
    missing = [a for a in _ROLES_ANYWHERE if not any(ref.glob_match(p, a) for p in patterns)]
    if missing:
        action = st.element("Action")
        where = action.path if action else st.path
        ctx.emit(
            "MISSING_ACTION_FOR_ROLES_ANYWHERE_TRUST_POLICY",
            "The rolesanywhere.amazonaws.com service principal requires the sts:AssumeRole, sts:SetSourceIdentity, "
            f"and sts:TagSession permissions to assume a role; missing: {', '.join(missing)}.",
            where,
            action.node if action else st.node,
        )
