"""Strict parser: IAM policy JSON (text, bytes, or an already-decoded dict) → :class:`ast.Policy`.

Follows "Grammar of the IAM JSON policy language" and "IAM JSON policy element reference"
(https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html,
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html). What IAM
rejects (unknown elements, a wrong type, both ``Action`` and ``NotAction``, an unknown condition
operator, a bad ``Version``…) raises :class:`keyaki.errors.PolicyError` with its JSON location.

Also accepted: the ``{"PolicyVersion": {"Document": ...}}`` shape printed by
``aws iam get-policy-version``, and a URL-encoded document string as the IAM API and
``get-account-authorization-details`` return it.

>>> p = parse_policy({"Statement": [{"Effect": "Deny", "NotAction": ["iam:*"], "Resource": "*"}]})
>>> p.statements[0].not_action.texts(), p.statements[0].loc.path
(('iam:*',), '/Statement/0')
"""

from __future__ import annotations

import math
import urllib.parse
from collections.abc import Mapping
from typing import Any

from keyaki.errors import PolicyError, json_pointer
from keyaki.iam import ast
from keyaki.iam.jsonloc import load_located

_TOP_KEYS = frozenset({"Version", "Id", "Statement"})
_STATEMENT_KEYS = frozenset(
    {"Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource",
     "Condition"}
)  # fmt: skip


class _Ctx:
    """Positions (from text) and the file name, to build locations and errors."""

    __slots__ = ("file", "prefix", "where")

    def __init__(self, where: dict[str, tuple[int, int]], file: str | None, prefix: str = "") -> None:
        self.where = where
        self.file = file
        self.prefix = prefix

    def loc(self, path: str) -> ast.Location:
        line_col = self.where.get(path)
        full = self.prefix + path
        return ast.Location(full, *line_col) if line_col else ast.Location(full)

    def error(self, message: str, path: str) -> PolicyError:
        loc = self.loc(path)
        where = f" (line {loc.line}, column {loc.column})" if loc.line else ""
        return PolicyError(message + where, file=self.file, location=loc.path or "/")


def parse_policy(source: str | bytes | Mapping[str, Any], *, file: str | None = None, base: str = "") -> ast.Policy:
    """Parse one policy document; raise :class:`PolicyError` (located) for what IAM would reject.

    ``base`` prefixes every location (a policy embedded in a larger document, e.g.
    ``/identity_policies/0``)."""
    if isinstance(source, bytes):
        try:
            source = source.decode("utf-8")
        except UnicodeDecodeError:
            raise PolicyError("policy is not utf-8 text", file=file) from None
    if isinstance(source, str):
        doc, where = _load_text(source, file)
    else:
        doc, where = source, {}
    ctx = _Ctx(where, file, base)
    if isinstance(doc, Mapping) and set(doc) == {"PolicyVersion"}:
        return _unwrap(doc["PolicyVersion"], ctx)
    return _policy(doc, ctx)


def _load_text(text: str, file: str | None) -> tuple[Any, dict[str, tuple[int, int]]]:
    text = text.removeprefix("\ufeff")  # a byte-order mark some editors write
    stripped = text.strip()
    if stripped.startswith("%"):  # URL-encoded, as the IAM API returns documents
        text = urllib.parse.unquote(stripped)
    try:
        return load_located(text)
    except PolicyError as exc:
        raise PolicyError(exc.message, file=file, location=exc.location) from None


def _unwrap(version: Any, ctx: _Ctx) -> ast.Policy:
    """``{"PolicyVersion": {"Document": ...}}`` (``aws iam get-policy-version``)."""
    if not isinstance(version, Mapping) or "Document" not in version:
        raise ctx.error("`PolicyVersion` must be an object with a `Document`", "/PolicyVersion")
    doc = version["Document"]
    prefix = "/PolicyVersion/Document"
    if isinstance(doc, str):
        inner, where = _load_text(doc, ctx.file)
        return _policy(inner, _Ctx(where, ctx.file, ctx.prefix + prefix))
    sub = {k[len(prefix) :]: v for k, v in ctx.where.items() if k.startswith(prefix)}
    return _policy(doc, _Ctx(sub, ctx.file, ctx.prefix + prefix))


def _policy(doc: Any, ctx: _Ctx) -> ast.Policy:
    if not isinstance(doc, Mapping):
        raise ctx.error("a policy must be a json object", "")
    for key in doc:
        if key not in _TOP_KEYS:
            raise ctx.error(f"unknown policy element `{key}`", json_pointer(key))
    version = doc.get("Version")
    if version is not None and version not in ast.VERSIONS:
        raise ctx.error(f"`Version` must be `2012-10-17` or `2008-10-17`, not `{version}`", "/Version")
    pid = doc.get("Id")
    if pid is not None and not isinstance(pid, str):
        raise ctx.error("`Id` must be a string", "/Id")
    if "Statement" not in doc:
        raise ctx.error("a policy needs a `Statement` element", "")
    raw = doc["Statement"]
    statements: tuple[ast.Statement, ...]
    if isinstance(raw, Mapping):
        statements = (_statement(raw, "/Statement", 0, ctx),)
        scalar = True
    elif isinstance(raw, list):
        statements = tuple(_statement(s, f"/Statement/{i}", i, ctx) for i, s in enumerate(raw))
        scalar = False
    else:
        raise ctx.error("`Statement` must be an object or a list of objects", "/Statement")
    return ast.Policy(statements, version, pid, scalar, ctx.loc(""))


def _statement(raw: Any, path: str, index: int, ctx: _Ctx) -> ast.Statement:
    if not isinstance(raw, Mapping):
        raise ctx.error("a statement must be a json object", path)
    for key in raw:
        if key not in _STATEMENT_KEYS:
            raise ctx.error(f"unknown statement element `{key}`", f"{path}/{_esc(key)}")
    for a, b in (("Action", "NotAction"), ("Resource", "NotResource"), ("Principal", "NotPrincipal")):
        if a in raw and b in raw:
            raise ctx.error(f"a statement cannot have both `{a}` and `{b}`", path)
    if "Action" not in raw and "NotAction" not in raw:
        raise ctx.error("a statement needs `Action` or `NotAction`", path)
    effect = raw.get("Effect")
    if "Effect" not in raw:
        raise ctx.error("a statement needs `Effect`", path)
    if effect not in ("Allow", "Deny"):
        where = f"{path}/Effect" if "Effect" in raw else path
        raise ctx.error(f"`Effect` must be `Allow` or `Deny`, not `{effect}`", where)
    sid = raw.get("Sid")
    if sid is not None and not isinstance(sid, str):
        raise ctx.error("`Sid` must be a string", f"{path}/Sid")
    return ast.Statement(
        effect=ast.Effect(effect),
        sid=sid,
        principal=_principal(raw, "Principal", path, ctx),
        not_principal=_principal(raw, "NotPrincipal", path, ctx),
        action=_actions(raw, "Action", path, ctx),
        not_action=_actions(raw, "NotAction", path, ctx),
        resource=_resources(raw, "Resource", path, ctx),
        not_resource=_resources(raw, "NotResource", path, ctx),
        conditions=_conditions(raw.get("Condition"), f"{path}/Condition", ctx),
        index=index,
        loc=ctx.loc(path),
    )


def _esc(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


def _strings(raw: Any, path: str, ctx: _Ctx, what: str) -> ast.ValueList:
    """A string or a non-empty list of strings."""
    if isinstance(raw, str):
        return ast.ValueList((ast.Value(raw, ctx.loc(path)),), True, ctx.loc(path))
    if not isinstance(raw, list) or not raw:
        raise ctx.error(f"`{what}` must be a string or a non-empty list of strings", path)
    items = []
    for i, v in enumerate(raw):
        if not isinstance(v, str):
            raise ctx.error(f"`{what}` entries must be strings", f"{path}/{i}")
        items.append(ast.Value(v, ctx.loc(f"{path}/{i}")))
    return ast.ValueList(tuple(items), False, ctx.loc(path))


def _actions(raw: Mapping[str, Any], key: str, path: str, ctx: _Ctx) -> ast.ValueList | None:
    if key not in raw:
        return None
    vl = _strings(raw[key], f"{path}/{key}", ctx, key)
    for v in vl.items:
        if v.text != "*" and (":" not in v.text or v.text.startswith(":")):
            raise ctx.error(f"action `{v.text}` must be `*` or `service:action` (prefaced by a vendor)", v.loc.path)
    return vl


def _resources(raw: Mapping[str, Any], key: str, path: str, ctx: _Ctx) -> ast.ValueList | None:
    if key not in raw:
        return None
    vl = _strings(raw[key], f"{path}/{key}", ctx, key)
    for v in vl.items:
        if v.text != "*" and not (v.text.startswith("arn:") and v.text.count(":") >= 5):
            raise ctx.error(f"resource `{v.text}` must be `*` or an arn (`arn:partition:service:...`)", v.loc.path)
    return vl


def _principal(raw: Mapping[str, Any], key: str, path: str, ctx: _Ctx) -> ast.PrincipalBlock | None:
    if key not in raw:
        return None
    value, ppath = raw[key], f"{path}/{key}"
    if value == "*":
        return ast.PrincipalBlock(True, (), ctx.loc(ppath))
    if not isinstance(value, Mapping) or not value:
        raise ctx.error(f'`{key}` must be `"*"` or a map of `AWS`/`Service`/`Federated`/`CanonicalUser`', ppath)
    entries = []
    for kind, vals in value.items():
        if kind not in ast.PRINCIPAL_KINDS:
            raise ctx.error(f"unknown principal type `{kind}`", f"{ppath}/{_esc(kind)}")
        entries.append((kind, _strings(vals, f"{ppath}/{kind}", ctx, f"{key}.{kind}")))
    return ast.PrincipalBlock(False, tuple(entries), ctx.loc(ppath))


def parse_operator(text: str) -> ast.ConditionOperator | None:
    """``ForAnyValue:StringLikeIfExists`` → its parts; None when IAM has no such operator.

    >>> parse_operator("ForAllValues:StringEqualsIfExists")
    ConditionOperator(base='StringEquals', set_op='ForAllValues', if_exists=True)
    """
    set_op = None
    rest = text
    if ":" in text:
        set_op, _, rest = text.partition(":")
        if set_op not in ast.SET_OPERATORS:
            return None
    if_exists = rest.endswith("IfExists") and rest != "IfExists"
    base = rest[: -len("IfExists")] if if_exists else rest
    if base not in ast.CONDITION_OPERATORS or (base == "Null" and (if_exists or set_op)):
        return None
    return ast.ConditionOperator(base, set_op, if_exists)


def _conditions(raw: Any, path: str, ctx: _Ctx) -> tuple[ast.ConditionClause, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, Mapping):
        raise ctx.error("`Condition` must be an object of operator → {key: values}", path)
    out = []
    for op_text, block in raw.items():
        op_path = f"{path}/{_esc(op_text)}"
        op = parse_operator(op_text)
        if op is None:
            raise ctx.error(f"unknown condition operator `{op_text}`", op_path)
        if not isinstance(block, Mapping) or not block:
            raise ctx.error(f"`{op_text}` must map condition keys to values", op_path)
        for key, vals in block.items():
            out.append(_clause(op, op_text, key, vals, f"{op_path}/{_esc(key)}", ctx))
    return tuple(out)


def _clause(op: ast.ConditionOperator, op_text: str, key: str, vals: Any, path: str, ctx: _Ctx) -> ast.ConditionClause:
    scalar = not isinstance(vals, list)
    seq = [vals] if scalar else vals
    if not seq:
        raise ctx.error(f"condition key `{key}` needs at least one value", path)
    values = []
    for i, v in enumerate(seq):
        vpath = path if scalar else f"{path}/{i}"
        if not isinstance(v, str | bool | int | float) or (isinstance(v, float) and not math.isfinite(v)):
            raise ctx.error(f"condition values for `{key}` must be strings, numbers or booleans", vpath)
        values.append(ast.ConditionValue(v, ctx.loc(vpath)))
    return ast.ConditionClause(op, op_text, key, tuple(values), scalar, ctx.loc(path))
