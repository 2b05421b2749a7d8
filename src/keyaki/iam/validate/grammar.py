"""Grammar checks: the document and statement elements, their JSON types and combinations.

Spec pages:
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
- https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_syntax.html
- https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html
"""

from __future__ import annotations

import re
from collections import defaultdict

from keyaki.iam.validate.context import Ctx, PolicyType, Statement
from keyaki.iam.validate.located import Node

VERSIONS = ("2012-10-17", "2008-10-17")
TOP_ELEMENTS = ("Version", "Id", "Statement")
STATEMENT_ELEMENTS = (
    "Sid",
    "Effect",
    "Principal",
    "NotPrincipal",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Condition",
)
_SID_STRICT = re.compile(r"[A-Za-z0-9]*")
_VARIABLE = re.compile(r"\$\{([^}]*)\}")


def check_duplicate_keys(ctx: Ctx, node: Node, path: tuple[str | int, ...] = ()) -> None:
    """The same key twice in one JSON object: IAM's parser refuses the document (which one would win?)."""
    if node.kind == "array":
        for i, item in enumerate(node.items):
            check_duplicate_keys(ctx, item, (*path, i))
        return
    seen: set[str] = set()
    for key, key_node, value in node.entries:
        if key in seen:
            ctx.emit("JSON_SYNTAX_ERROR", f"Fix the JSON syntax error: duplicate key `{key}`.", (*path, key), key_node)
        seen.add(key)
        check_duplicate_keys(ctx, value, (*path, key))


def check_document(ctx: Ctx) -> None:
    """Top-level elements: Version, Id, Statement; fills ``ctx.statements``."""
    root = ctx.root
    check_duplicate_keys(ctx, root)
    if root.kind != "object":
        ctx.emit("DATA_TYPE_MISMATCH", "the policy document must be a json object.", (), root)
        return
    for key, key_node, _ in root.entries:
        if key not in TOP_ELEMENTS:
            ctx.emit("INVALID_POLICY_ELEMENT", f"the policy element `{key}` is not valid.", (key,), key_node)
    _check_version(ctx, root)
    ident = root.get("Id")
    if ident is not None and ident.kind != "string":
        ctx.emit("DATA_TYPE_MISMATCH", "the `Id` element must be a string.", ("Id",), ident)
    stmt = root.get("Statement")
    if stmt is None:
        ctx.emit("MISSING_STATEMENT", "Add a statement to the policy", (), root)
    elif stmt.kind == "object":
        ctx.statements.append(Statement(("Statement",), stmt))
    elif stmt.kind == "array":
        if not stmt.items:
            ctx.emit("MISSING_STATEMENT", "Add a statement to the policy", ("Statement",), stmt)
        for i, item in enumerate(stmt.items):
            if item.kind == "object":
                ctx.statements.append(Statement(("Statement", i), item))
            else:
                ctx.emit("DATA_TYPE_MISMATCH", "a statement must be a json object.", ("Statement", i), item)
    else:
        ctx.emit("DATA_TYPE_MISMATCH", "`Statement` must be an object or a list of objects.", ("Statement",), stmt)


def _check_version(ctx: Ctx, root: Node) -> None:
    version = root.get("Version")
    if version is None:
        ctx.emit(
            "MISSING_VERSION",
            "We recommend that you specify the Version element to help you with debugging permission issues.",
            (),
            root,
        )
        ctx.version = None
    elif version.kind != "string" or version.value not in VERSIONS:
        ctx.emit(
            "INVALID_VERSION",
            "The version is not valid. Use one of the following versions: 2012-10-17, 2008-10-17",
            ("Version",),
            version,
        )
    else:
        ctx.version = version.value


def check_statement(ctx: Ctx, st: Statement) -> None:
    """Element names, types and required/exclusive pairs of one statement."""
    for key, key_node, _ in st.node.entries:
        if key not in STATEMENT_ELEMENTS:
            ctx.emit(
                "INVALID_POLICY_ELEMENT",
                f"the policy element `{key}` is not valid.",
                (*st.path, key),
                key_node,
            )
    _check_effect(ctx, st)
    _check_pair(
        ctx,
        st,
        "Action",
        "NotAction",
        "MISSING_ACTION",
        "Add an Action or NotAction element to the policy statement.",
    )
    if ctx.policy_type is not PolicyType.RESOURCE_POLICY:
        _check_pair(
            ctx,
            st,
            "Resource",
            "NotResource",
            "MISSING_RESOURCE",
            "Add a Resource or NotResource element to the policy statement.",
        )
    else:
        _check_pair(ctx, st, "Resource", "NotResource", None, "")
    for name in ("Action", "NotAction", "Resource", "NotResource"):
        _check_string_list(ctx, st, name)
    _check_variables(ctx, st)


def _check_effect(ctx: Ctx, st: Statement) -> None:
    eff = st.element("Effect")
    if eff is None:
        ctx.emit(
            "MISSING_EFFECT",
            "Add an Effect element to the policy statement with a value of Allow or Deny.",
            st.path,
            st.node,
        )
    elif eff.node.kind != "string" or eff.node.value not in ("Allow", "Deny"):
        ctx.emit("INVALID_EFFECT", "The effect is not valid. Use Allow or Deny.", eff.path, eff.node)


def _check_pair(ctx: Ctx, st: Statement, a: str, b: str, missing: str | None, message: str) -> None:
    ea, eb = st.element(a), st.element(b)
    if ea is not None and eb is not None:
        ctx.emit(
            "UNSUPPORTED_ELEMENT_COMBINATION",
            f"The policy elements {a} and {b} can not be used in the same statement. Remove one of these elements.",
            eb.path,
            eb.key,
        )
    elif ea is None and eb is None and missing is not None:
        ctx.emit(missing, message, st.path, st.node)


def _check_string_list(ctx: Ctx, st: Statement, name: str) -> None:
    elem = st.element(name)
    if elem is None:
        return
    node = elem.node
    if node.kind == "array":
        if not node.items:
            code = "EMPTY_ARRAY_ACTION" if "Action" in name else "EMPTY_ARRAY_RESOURCE"
            what = "actions" if "Action" in name else "resources"
            ctx.emit(code, f"This statement includes no {what} and does not affect the policy.", elem.path, node)
        for i, item in enumerate(node.items):
            if item.kind != "string":
                ctx.emit("DATA_TYPE_MISMATCH", f"`{name}` entries must be strings.", (*elem.path, i), item)
    elif node.kind != "string":
        ctx.emit("DATA_TYPE_MISMATCH", f"`{name}` must be a string or a list of strings.", elem.path, node)


def _check_variables(ctx: Ctx, st: Statement) -> None:
    """Policy variables: only in Resource/NotResource and Condition values, only in 2012-10-17."""
    for name in ("Action", "NotAction", "Principal", "NotPrincipal"):
        elem = st.element(name)
        if elem is None:
            continue
        for path, node in _all_strings(elem.node, elem.path):
            if "${" in node.value:
                ctx.emit(
                    "VARIABLE_UNSUPPORTED_IN_ELEMENT",
                    f"Policy variables are supported in the Resource and Condition elements. "
                    f"Remove the policy variable from `{node.value}`.",
                    path,
                    node,
                )
    for name in ("Resource", "NotResource"):
        elem = st.element(name)
        if elem is not None:
            for path, node in elem.values():
                check_variable_text(ctx, path, node)


def check_variable_text(ctx: Ctx, path: tuple[str | int, ...], node: Node) -> None:
    """Syntax of ``${...}`` in one string, and whether the policy version supports variables."""
    text: str = node.value
    if "${" not in text:
        return
    if not ctx.variables_allowed:
        ctx.emit(
            "VARIABLE_UNSUPPORTED_IN_VERSION",
            "To include variables in your policy, use the policy version 2012-10-17 or later.",
            path,
            node,
        )
        return
    if text.count("${") > len(_VARIABLE.findall(text)):
        ctx.emit("MISSING_BRACE_IN_VARIABLE", "The policy variable is missing a closing curly brace.", path, node)
    for inner in _VARIABLE.findall(text):
        name, _, default = inner.partition(",")
        if not name.strip():
            ctx.emit("EMPTY_VARIABLE", "Empty policy variable.", path, node)
        elif name != name.strip() or " " in name:
            ctx.emit(
                "UNSUPPORTED_SPACE_IN_VARIABLE",
                "A space is not supported within the policy variable text.",
                path,
                node,
            )
        elif default and not re.fullmatch(r"\s*'[^']*'\s*", default):
            ctx.emit(
                "MISSING_QUOTE_IN_VARIABLE",
                "The policy variable default value must begin and end with a single quote.",
                path,
                node,
            )


def _all_strings(node: Node, path: tuple[str | int, ...]) -> list[tuple[tuple[str | int, ...], Node]]:
    if node.kind == "string":
        return [(path, node)]
    out: list[tuple[tuple[str | int, ...], Node]] = []
    if node.kind == "array":
        for i, item in enumerate(node.items):
            out.extend(_all_strings(item, (*path, i)))
    elif node.kind == "object":
        for key, _, value in node.entries:
            out.extend(_all_strings(value, (*path, key)))
    return out


def check_sids(ctx: Ctx) -> None:
    """Sid values: strings, not empty, allowed characters, unique."""
    seen: dict[str, int] = defaultdict(int)
    strict = ctx.policy_type is not PolicyType.RESOURCE_POLICY
    for st in ctx.statements:
        sid = st.element("Sid")
        if sid is None:
            continue
        if sid.node.kind != "string":
            ctx.emit("DATA_TYPE_MISMATCH", "`Sid` must be a string.", sid.path, sid.node)
            continue
        value = sid.node.value
        if value == "":
            ctx.emit("EMPTY_SID_VALUE", "Add a value to the empty string in the Sid element.", sid.path, sid.node)
            continue
        if strict and not _SID_STRICT.fullmatch(value):
            ctx.emit(
                "UNSUPPORTED_SID",
                "Update the characters in the Sid element to use one of the following character types: [a-z, A-Z, 0-9]",
                sid.path,
                sid.node,
            )
        seen[value] += 1
        if seen[value] == 2:
            code = "UNIQUE_SIDS_REQUIRED" if strict else "UNIQUE_SIDS_RECOMMENDED"
            ctx.emit(code, f"Duplicate statement ID `{value}`. Update the Sid value.", sid.path, sid.node)
