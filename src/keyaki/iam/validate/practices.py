"""Security-warning checks on how condition keys are combined, and on who a trust policy admits.

Spec: https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
(Missing paired condition keys; String like operator with ARN condition keys; S3 prefix in negative
context; ForAnyValue with audience claim type; DynamoDB attributes without select; Restrict access
to service principal; Missing condition key for oidc principal; Missing github repo condition key),
and https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html
"""

from __future__ import annotations

from keyaki.iam import reference as ref
from keyaki.iam.validate.conditions import Operator, parse_operator
from keyaki.iam.validate.context import Ctx, PolicyType, Statement
from keyaki.iam.validate.findings import Path
from keyaki.iam.validate.located import Node

_SOURCE_KEYS = frozenset({"aws:sourcearn", "aws:sourceaccount", "aws:sourceorgid", "aws:sourceorgpaths"})
_GITHUB = "token.actions.githubusercontent.com"


def _entries(st: Statement) -> list[tuple[str, Path, Node, str, Node]]:
    """(operator, path, key node, key, values node) of every condition entry of a statement."""
    cond = st.element("Condition")
    if cond is None or cond.node.kind != "object":
        return []
    out: list[tuple[str, Path, Node, str, Node]] = []
    for op, _, block in cond.node.entries:
        if block.kind == "object":
            out.extend((op, (*cond.path, op, key), kn, key, v) for key, kn, v in block.entries)
    return out


def check_condition_practices(ctx: Ctx, st: Statement) -> None:
    """Condition combinations Access Analyzer reports as security warnings."""
    entries = _entries(st)
    keys = {key.lower() for _, _, _, key, _ in entries}
    for op_text, path, node, key, _ in entries:
        op = parse_operator(op_text)
        if op is None:
            continue
        found = _practice(st, op, key.lower(), keys, entries)
        if found is not None:
            code, details = found
            ctx.emit(code, details.format(key=key, op=op.base, arn_op=op.base.replace("String", "Arn")), path, node)


def _practice(
    st: Statement, op: Operator, low: str, keys: set[str], entries: list[tuple[str, Path, Node, str, Node]]
) -> tuple[str, str] | None:
    """The (code, details template) of the first practice one condition entry breaks, if any."""
    if low == "aws:vpcsourceip" and st.effect == "Allow" and not keys & {"aws:sourcevpc", "aws:sourcevpce"}:
        return "MISSING_PAIRED_CONDITION_KEYS", (
            "Using the condition key {key} can be overly permissive without also using the following condition "
            "keys: aws:SourceVpc. We recommend that you add the related condition keys to the same condition block."
        )
    if op.base in ("StringLike", "StringNotLike") and _is_arn_key(low):
        return "STRING_LIKE_OPERATOR_WITH_ARN_CONDITION_KEYS", (
            "Use the operator type {arn_op} instead of operator {op} for the condition key {key}."
        )
    if low == "s3:prefix" and op.family == "String" and _negative(st, op.base):
        return "S3_PREFIX_IN_NEGATIVE_CONTEXT", (
            "Using the s3:prefix condition key in a Deny statement or with a negated string operator does not "
            "block listing the objects under the matching prefixes."
        )
    if op.qualifier == "ForAnyValue" and low.endswith(":aud") and not low.startswith("aws:"):
        return "FORANYVALUE_WITH_AUDIENCE_CLAIM_TYPE", (
            "Using ForAnyValue qualifier with the single-valued condition key {key} can be overly permissive. "
            "We recommend that you remove ForAnyValue:."
        )
    if low == "dynamodb:attributes" and st.effect == "Allow" and not _selects_specific(entries):
        return "DYNAMODB_ATTRIBUTES_WITHOUT_SELECT", (
            "Restricting dynamodb:Attributes without also setting dynamodb:Select to SPECIFIC_ATTRIBUTES allows "
            "all attributes to be returned on read requests that omit a projection expression."
        )
    return None


def _is_arn_key(key: str) -> bool:
    try:
        found = ref.condition_key(key)
    except ref.UnknownService:
        return False
    return found is not None and found.type in ("ARN", "ArrayOfARN")


def _negative(st: Statement, base: str) -> bool:
    """Deny with a positive string operator, or Allow with a negated one."""
    negated = "Not" in base
    return (st.effect == "Deny" and not negated) or (st.effect == "Allow" and negated)


def _selects_specific(entries: list[tuple[str, Path, Node, str, Node]]) -> bool:
    for op, _, _, key, values in entries:
        if key.lower() == "dynamodb:select" and op.startswith("StringEquals"):
            items = values.value if isinstance(values.value, list) else [values.value]
            if items == ["SPECIFIC_ATTRIBUTES"]:
                return True
    return False


def check_trust(ctx: Ctx, st: Statement) -> None:
    """Service principals without a source condition; OIDC principals without provider conditions."""
    principal = st.element("Principal")
    if ctx.policy_type is not PolicyType.RESOURCE_POLICY or st.effect != "Allow" or principal is None:
        return
    if principal.node.kind != "object":
        return
    keys = {key.lower() for _, _, _, key, _ in _entries(st)}
    service = principal.node.get("Service")
    trust_only = all(a.lower().startswith("sts:") for a in st.strings("Action")) and st.strings("Action")
    if service is not None and not trust_only and not keys & _SOURCE_KEYS:
        ctx.emit(
            "RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL",
            "Granting access to a service principal without specifying a source is overly permissive. Use "
            "aws:SourceArn, aws:SourceAccount, aws:SourceOrgID, or aws:SourceOrgPaths condition key to grant "
            "fine-grained access.",
            (*principal.path, "Service"),
            service,
        )
    federated = principal.node.get("Federated")
    if federated is not None:
        _check_oidc(ctx, (*principal.path, "Federated"), federated, keys)


def _check_oidc(ctx: Ctx, path: Path, node: Node, keys: set[str]) -> None:
    values = node.value if isinstance(node.value, list) else [node.value]
    for value in values:
        if not isinstance(value, str):
            continue
        host = value.split(":oidc-provider/", 1)[1] if ":oidc-provider/" in value else value
        if ":saml-provider/" in value or "." not in host:
            continue
        host = host.lower()
        if not any(k.startswith(host + ":") for k in keys):
            ctx.emit(
                "MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL",
                "Using an Open ID Connect principal without a condition can be overly permissive. Add condition "
                f"keys with the prefix {host}: to ensure that only the intended identity provider assumes the role.",
                path,
                node,
            )
        elif host == _GITHUB and f"{_GITHUB}:sub" not in keys:
            ctx.emit(
                "MISSING_GITHUB_REPO_CONDITION_KEY",
                "Granting a federated GitHub principal permissions without a condition key can allow more sources "
                "to assume the role than you intended. Add the token.actions.githubusercontent.com:sub condition "
                "key and specify the branch and repository name in the value.",
                path,
                node,
            )
