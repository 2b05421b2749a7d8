"""Condition checks: operators, keys, value types, qualifiers, IP ranges, redundant numbers.

Spec pages:
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
"""

from __future__ import annotations

import base64
import binascii
import ipaddress
import re
from dataclasses import dataclass

from keyaki.iam import reference as ref
from keyaki.iam.validate.context import Ctx, Statement
from keyaki.iam.validate.findings import Path
from keyaki.iam.validate.formats import check_value_format
from keyaki.iam.validate.grammar import check_variable_text
from keyaki.iam.validate.located import Node

# base operator (lowercase) -> (canonical name, family)
_FAMILIES = {
    "String": (
        "StringEquals",
        "StringNotEquals",
        "StringEqualsIgnoreCase",
        "StringNotEqualsIgnoreCase",
        "StringLike",
        "StringNotLike",
    ),
    "Numeric": (
        "NumericEquals",
        "NumericNotEquals",
        "NumericLessThan",
        "NumericLessThanEquals",
        "NumericGreaterThan",
        "NumericGreaterThanEquals",
    ),
    "Date": (
        "DateEquals",
        "DateNotEquals",
        "DateLessThan",
        "DateLessThanEquals",
        "DateGreaterThan",
        "DateGreaterThanEquals",
    ),
    "Bool": ("Bool",),
    "Binary": ("BinaryEquals",),
    "IpAddress": ("IpAddress", "NotIpAddress"),
    "Arn": ("ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike"),
    "Null": ("Null",),
}
OPERATORS: dict[str, tuple[str, str]] = {op.lower(): (op, fam) for fam, ops in _FAMILIES.items() for op in ops}

# key type (scalar part) -> operator families that fit it
_FITS = {
    "String": {"String", "Arn"},  # ARN operators on String keys that carry ARNs (kms:EncryptionContext:...)
    "ARN": {"Arn", "String"},
    "Numeric": {"Numeric"},
    "Date": {"Date", "Numeric"},
    "Bool": {"Bool"},
    "IPAddress": {"IpAddress"},
    "Binary": {"Binary"},
}
_PRIVATE_V4 = tuple(ipaddress.IPv4Network(n) for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "127.0.0.0/8"))
_PRIVATE_V6 = (
    ipaddress.IPv6Network("fc00::/7"),
    ipaddress.IPv6Network("::1/128"),
    ipaddress.IPv6Network("fe80::/10"),
)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}([Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})?)?")


@dataclass(frozen=True, slots=True)
class Operator:
    """A parsed condition operator such as ``ForAnyValue:StringLikeIfExists``."""

    text: str
    base: str  # canonical base name, e.g. StringLike
    family: str
    qualifier: str | None  # ForAllValues / ForAnyValue
    if_exists: bool


def parse_operator(text: str) -> Operator | None:
    """Split qualifier, base operator and ``IfExists``; ``None`` for an unknown operator."""
    qualifier = None
    rest = text
    for q in ("ForAllValues", "ForAnyValue"):
        if text.lower().startswith(q.lower() + ":"):
            qualifier, rest = q, text[len(q) + 1 :]
    if_exists = rest.lower().endswith("ifexists")
    base = rest[: -len("IfExists")] if if_exists else rest
    found = OPERATORS.get(base.lower())
    if found is None:
        return None
    return Operator(text, found[0], found[1], qualifier, if_exists)


def check_condition(ctx: Ctx, st: Statement) -> None:
    """The Condition element of one statement."""
    cond = st.element("Condition")
    if cond is None:
        return
    if cond.node.kind != "object":
        ctx.emit("DATA_TYPE_MISMATCH", "`Condition` must be a json object.", cond.path, cond.node)
        return
    if not cond.node.entries:
        ctx.emit(
            "EMPTY_OBJECT_CONDITION",
            "This condition block is empty and it does not affect the policy.",
            cond.path,
            cond.node,
        )
    for op_text, op_key, block in cond.node.entries:
        path = (*cond.path, op_text)
        op = parse_operator(op_text)
        if op is None:
            ctx.emit(
                "INVALID_CONDITION_OPERATOR",
                f"The condition operator `{op_text}` is not valid.",
                path,
                op_key,
            )
            continue
        _check_operator(ctx, op, path, op_key)
        if block.kind != "object":
            ctx.emit("DATA_TYPE_MISMATCH", f"`{op_text}` must map condition keys to values.", path, block)
            continue
        if not block.entries:
            ctx.emit(
                "EMPTY_OBJECT_CONDITION",
                "This condition block is empty and it does not affect the policy.",
                path,
                block,
            )
        _check_key_case(ctx, path, block)
        for key, key_node, values in block.entries:
            _check_entry(ctx, st, op, (*path, key), key_node, values)


def _check_operator(ctx: Ctx, op: Operator, path: Path, node: Node) -> None:
    if op.family == "Null" and op.if_exists:
        ctx.emit(
            "NULL_WITH_IF_EXISTS",
            "The Null condition operator cannot be used with the IfExists suffix.",
            path,
            node,
        )
    if op.family == "Null" and op.qualifier:
        ctx.emit(
            "NULL_WITH_QUALIFIER",
            "Avoid using the Null condition operator with the ForAllValues or ForAnyValue qualifiers because "
            "they always return a true or false respectively.",
            path,
            node,
        )


def _check_key_case(ctx: Ctx, path: Path, block: Node) -> None:
    seen: dict[str, str] = {}
    for key, key_node, _ in block.entries:
        first = seen.setdefault(key.lower(), key)
        if first != key:
            ctx.emit(
                "DUPLICATE_KEYS_WITH_DIFFERENT_CASE",
                f"The condition key `{key}` appears more than once with different capitalization in the same "
                "condition block. Remove the duplicate condition keys.",
                (*path, key),
                key_node,
            )


def _values(ctx: Ctx, path: Path, node: Node) -> list[tuple[Path, Node]] | None:
    """The scalar values of one condition entry; ``None`` (after reporting) when malformed."""
    items = [(path, node)] if node.kind != "array" else [((*path, i), n) for i, n in enumerate(node.items)]
    for p, n in items:
        if n.kind in ("object", "array", "null"):
            ctx.emit("DATA_TYPE_MISMATCH", "The text does not match the expected JSON data type.", p, n)
            return None
    if len({n.kind for _, n in items}) > 1:
        ctx.emit(
            "INVALID_CONDITION_DATA_TYPE",
            "The condition value data types do not match. Use condition values of the same JSON data type.",
            path,
            node,
        )
    return items


def _check_entry(ctx: Ctx, st: Statement, op: Operator, path: Path, key_node: Node, node: Node) -> None:
    values = _values(ctx, path, node)
    if values is None:
        return
    if not values:
        _empty_array(ctx, op, path, node)
        return
    key: str = key_node.value
    key_type = _check_key(ctx, key, path, key_node)
    for p, n in values:
        _check_value(ctx, op, key, p, n)
    if key_type is not None:
        _check_types(ctx, st, op, key, key_type, path, key_node, values)
    if op.family == "IpAddress" and key.lower() == "aws:sourceip":
        _check_private_ips(ctx, op, path, node, values)
    if op.family == "Numeric" and len(values) > 1 and op.base.startswith(("NumericLess", "NumericGreater")):
        ctx.emit(
            "REDUNDANT_CONDITION_VALUE_NUM",
            f"Multiple values in {op.text} are redundant. Replace with the "
            f"{'greatest' if 'Less' in op.base else 'least'} single value for {key}.",
            path,
            node,
        )


def _empty_array(ctx: Ctx, op: Operator, path: Path, node: Node) -> None:
    if op.qualifier == "ForAllValues":
        code = "EMPTY_ARRAY_CONDITION_FORALLVALUES"
    elif op.qualifier == "ForAnyValue":
        code = "EMPTY_ARRAY_CONDITION_FORANYVALUE"
    elif op.if_exists:
        code = "EMPTY_ARRAY_CONDITION_IFEXISTS"
    else:
        code = "EMPTY_ARRAY_CONDITION"
    ctx.emit(code, "There are no values for the condition key and it does not affect the policy.", path, node)


def _check_key(ctx: Ctx, key: str, path: Path, node: Node) -> str | None:
    """Report unknown or malformed keys; return the key's documented type when known."""
    prefix, sep, rest = key.partition(":")
    if not sep or not prefix or not rest:
        ctx.emit(
            "INVALID_CONDITION_KEY_FORMAT",
            f"The condition key `{key}` is not valid. Use the format service:keyname.",
            path,
            node,
        )
        return None
    low = key.lower()
    if low in ref.UNSUPPORTED_GLOBAL_KEYS:
        ctx.emit(
            "UNSUPPORTED_GLOBAL_CONDITION_KEY",
            f"The condition key {key} is not supported. Use aws:PrincipalArn or aws:SourceArn instead.",
            path,
            node,
        )
        return None
    if low.rstrip("/") in ("aws:resourcetag", "aws:requesttag", "aws:principaltag"):
        ctx.emit(
            "MISSING_TAG_KEY_IN_CONDITION",
            f"The condition key {key} must include a tag key to control access based on tags.",
            path,
            node,
        )
        return None
    try:
        found = ref.condition_key(key)
    except ref.UnknownService:
        ctx.emit("INVALID_SERVICE", f"The service `{prefix}` of condition key `{key}` does not exist.", path, node)
        return None
    if found is None:
        code = "INVALID_GLOBAL_CONDITION_KEY" if prefix.lower() == "aws" else "INVALID_SERVICE_CONDITION_KEY"
        ctx.emit(code, f"The condition key `{key}` does not exist. Use a valid condition key.", path, node)
        return None
    return found.type


def _check_value(ctx: Ctx, op: Operator, key: str, path: Path, node: Node) -> None:
    text = str(node.value).lower() if node.kind == "bool" else str(node.value)
    has_var = "${" in text
    if has_var:
        if op.family not in ("String", "Arn"):
            ctx.emit(
                "INVALID_VARIABLE_FOR_OPERATOR",
                "Policy variables can only be used with String and ARN operators.",
                path,
                node,
            )
        elif node.kind == "string":
            check_variable_text(ctx, path, node)
        return
    check_value_format(ctx, op.base, key, path, node)
    problem = _value_problem(op.family, text)
    if problem is not None:
        code, details = problem
        ctx.emit(code, details, path, node)
    if op.base in (
        "StringEquals",
        "StringNotEquals",
        "StringEqualsIgnoreCase",
        "StringNotEqualsIgnoreCase",
        "ArnEquals",
        "ArnNotEquals",
    ) and ("*" in text or "?" in text):
        ctx.emit(
            "WILDCARD_WITHOUT_LIKE_OPERATOR",
            "Your condition value includes a * or ? character. If you meant to use a wildcard (*, ?), update "
            "the condition operator to include Like.",
            path,
            node,
        )


def _value_problem(family: str, text: str) -> tuple[str, str] | None:
    """The issue (code, details) of one value for an operator family, if any."""
    if family == "Numeric" and not _is_number(text):
        return "TYPE_MISMATCH_NUMBER", "Add a valid numeric value for the condition operator."
    if family == "Date":
        if _ISO_DATE.fullmatch(text):
            return None
        if _is_number(text):
            return (
                "INVALID_DATE_VALUE",
                "The date might not resolve as expected. We recommend that you use the YYYY-MM-DD format.",
            )
        return "TYPE_MISMATCH_DATE", "The date condition operator is used with an invalid value."
    if family in ("Bool", "Null") and text.lower() not in ("true", "false"):
        return (
            "TYPE_MISMATCH_BOOLEAN",
            "Add a valid Boolean value (true or false) for the condition operator.",
        )
    if family == "Binary" and not _is_base64(text):
        return "TYPE_MISMATCH_STRING", "Add a valid base64-encoded string value for the condition operator."
    if family == "IpAddress":
        return _ip_problem(text)
    return None


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _is_base64(text: str) -> bool:
    try:
        base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return False
    return True


def _ip_problem(text: str) -> tuple[str, str] | None:
    try:
        net = ipaddress.ip_network(text, strict=False)
    except ValueError:
        return (
            "TYPE_MISMATCH_IP_RANGE",
            f"The condition operator is used with an invalid IP range value `{text}`.",
        )
    try:
        ipaddress.ip_network(text, strict=True)
    except ValueError:
        return (
            "IMPROVE_IP_RANGE",
            f"The non-zero bits in the IP address after the masked bits are ignored. Replace {text} with {net}.",
        )
    return None


def _check_types(
    ctx: Ctx,
    st: Statement,
    op: Operator,
    key: str,
    key_type: str,
    path: Path,
    key_node: Node,
    values: list[tuple[Path, Node]],
) -> None:
    """The operator family against the key's documented type, then the set qualifiers."""
    multivalued = key_type.startswith("ArrayOf")
    scalar = key_type[len("ArrayOf") :] if multivalued else key_type
    fits = _FITS.get(scalar)
    if op.family != "Null" and fits is not None and op.family not in fits:
        message = f"Use the operator type {sorted(fits)[0]} instead of operator {op.base} for the condition key {key}."
        ctx.emit("TYPE_MISMATCH", message, path, key_node)
    if op.family == "Bool" and len(values) > 1 and not multivalued:
        message = "The condition key does not support multiple Boolean values. Use a single Boolean value."
        ctx.emit("INVALID_CONDITION_MULTIPLE_BOOLEAN", message, path, key_node)
    _check_qualifier(ctx, st, op, key, multivalued, path, key_node)


def _check_qualifier(
    ctx: Ctx, st: Statement, op: Operator, key: str, multivalued: bool, path: Path, key_node: Node
) -> None:
    """Multivalued keys need ForAllValues/ForAnyValue; ForAllValues on a single value is permissive."""
    if multivalued and op.qualifier is None and op.family != "Null":
        ctx.emit(
            "MISSING_QUALIFIER",
            f"The request context key {key} has multiple values. Use the ForAllValues or ForAnyValue condition "
            "key qualifiers in your policy.",
            path,
            key_node,
        )
    if not multivalued and op.qualifier == "ForAllValues" and st.effect == "Allow":
        ctx.emit(
            "FORALLVALUES_WITH_SINGLE_VALUED_KEY",
            f"Using ForAllValues qualifier with the single-valued condition key {key} can be overly permissive. "
            "We recommend that you remove ForAllValues:.",
            path,
            key_node,
        )


def _check_private_ips(ctx: Ctx, op: Operator, path: Path, node: Node, values: list[tuple[Path, Node]]) -> None:
    nets = []
    for _, n in values:
        try:
            nets.append(ipaddress.ip_network(str(n.value), strict=False))
        except ValueError:
            return
    private = [n for n in nets if _is_private(n)]
    negated = op.base == "NotIpAddress"
    if private and len(private) == len(nets):
        code = "PRIVATE_NOT_IP_ADDRESS" if negated else "PRIVATE_IP_ADDRESS"
        ctx.emit(
            code,
            "aws:SourceIp works only for public IP address ranges; the values include only private IP addresses.",
            path,
            node,
        )
    elif private:
        code = "PRIVATE_NOT_IP_ADDRESS_SUBSET" if negated else "PRIVATE_IP_ADDRESS_SUBSET"
        ctx.emit(
            code,
            "The values for condition key aws:SourceIp include a mix of private and public IP addresses.",
            path,
            node,
        )


def _is_private(net: ipaddress.IPv4Network | ipaddress.IPv6Network) -> bool:
    """RFC 1918 / loopback (IPv4) or unique-local / loopback / link-local (IPv6) ranges."""
    if isinstance(net, ipaddress.IPv4Network):
        return any(net.subnet_of(p) for p in _PRIVATE_V4)
    return any(net.subnet_of(p) for p in _PRIVATE_V6)
