"""A cheap concrete proof of "conditionally": one context that is allowed, one that is not.

Before asking the solver, the engine tries contexts built from the values the policies themselves
write in their free condition clauses (each clause satisfied, or falsified, with a value of its own
operator's kind: IAM User Guide, "Condition operators",
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html).
Both requests are decided by ``keyaki.iam.authorize``: an allowed one and a denied one prove
"conditionally" exactly, whatever way they were found. When no pair is found the solver decides.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from keyaki.access import zone
from keyaki.access.bounds import Free, clause_is_free
from keyaki.access.estate import Doc
from keyaki.iam import ast
from keyaki.iam.authorize import Decision

if TYPE_CHECKING:
    from keyaki.access.engine import Engine, Question

OTHER = "keyaki-other-value"
_OUTSIDE = ("203.0.113.7", "198.51.100.7", "192.0.2.7", "2001:db8::7")
_NEGATIVE = {"StringNotEquals", "StringNotEqualsIgnoreCase", "StringNotLike", "ArnNotEquals", "ArnNotLike",
             "NotIpAddress", "NumericNotEquals", "DateNotEquals"}  # fmt: skip
_ABSENT = object()


def _positive(c: ast.ConditionClause) -> Any:
    """A value for which the clause's operator (ignoring negation) matches."""
    base = c.operator.base.replace("Not", "") if c.operator.base in _NEGATIVE else c.operator.base
    first = c.values[0].as_text() if c.values else ""
    match base:
        case "Null":
            return _ABSENT if first == "true" else "keyaki-present"
        case "IpAddress":
            try:
                return str(ipaddress.ip_network(first, strict=False).network_address)
            except ValueError:
                return first
        case "StringLike" | "ArnLike":
            return first.replace("*", "x").replace("?", "x")
        case "NumericLessThan" | "NumericLessThanEquals":
            return _number(first, -1)
        case "NumericGreaterThan" | "NumericGreaterThanEquals":
            return _number(first, 1)
        case "DateLessThan" | "DateLessThanEquals":
            return "1970-01-01T00:00:01Z"
        case "DateGreaterThan" | "DateGreaterThanEquals":
            return "9999-12-31T23:59:59Z"
        case _:
            return first


def _number(text: str, delta: int) -> str:
    try:
        return str(int(text) + delta)
    except ValueError:
        try:
            return str(float(text) + delta)
        except ValueError:
            return text


def _other(c: ast.ConditionClause) -> Any:
    """A value for which the operator (ignoring negation) does not match."""
    base = c.operator.base
    if base in ("IpAddress", "NotIpAddress"):
        nets = []
        for v in c.values:
            try:
                nets.append(ipaddress.ip_network(v.as_text(), strict=False))
            except ValueError:
                continue
        return next((a for a in _OUTSIDE if not any(ipaddress.ip_address(a) in n for n in nets)), _OUTSIDE[0])
    if base == "Bool":
        return "false" if (c.values and c.values[0].as_text().lower() == "true") else "true"
    if base == "Null":
        return "keyaki-present" if c.values and c.values[0].as_text() == "true" else _ABSENT
    if base.startswith("Numeric"):
        return "-987654321"
    if base.startswith("Date"):
        return "2000-01-01T00:00:00Z"
    return OTHER


def _value(c: ast.ConditionClause, satisfy: bool) -> Any:
    """A value that makes the clause hold (``satisfy``) or fail."""
    negative = c.operator.base in _NEGATIVE
    v = _positive(c) if satisfy != negative else _other(c)
    if v is not _ABSENT and c.operator.set_op:
        return [v]
    return v


def _excluded(q: Question, ctx: dict[str, Any]) -> bool:
    """The context gives a key a value the question rules out (e.g. the organisation's own id, or a
    source ARN of one of the zone's accounts or buckets)."""
    for k, v in ctx.items():
        banned = q.exclude.get(k.lower())
        values = [str(x) for x in (v if isinstance(v, list) else [v])]
        if banned and any(x in banned for x in values):
            return True
        if any(zone.inside(q.exclude, k, x) for x in values):
            return True  # a source ARN of the zone of trust (``access.zone``)
    return False


def _set(ctx: dict[str, Any], key: str, value: Any) -> dict[str, Any]:
    out = {k: v for k, v in ctx.items() if k.lower() != key.lower()}
    if value is not _ABSENT:
        out[key] = value
    return out


def _free_statements(docs: dict[str, Doc], free: Free) -> list[tuple[ast.Statement, list[ast.ConditionClause]]]:
    out = []
    for d in docs.values():
        for st in d.policy.statements:
            clauses = [c for c in st.conditions if clause_is_free(c, free, d.policy.allows_variables)]
            if clauses:
                out.append((st, clauses))
    return out


def _allow_candidates(
    base: dict[str, Any], stmts: list[tuple[ast.Statement, list[ast.ConditionClause]]]
) -> Iterator[dict[str, Any]]:
    yield base
    quiet = dict(base)
    for st, clauses in stmts:
        if st.effect is ast.Effect.DENY:
            for c in clauses[:1]:
                quiet = _set(quiet, c.key, _value(c, False))
    yield quiet
    allows = [(st, cl) for st, cl in stmts if st.effect is ast.Effect.ALLOW]
    every = dict(quiet)
    for _, clauses in allows:
        for c in clauses:
            every = _set(every, c.key, _value(c, True))
    yield every
    for _, clauses in allows:
        ctx = dict(quiet)
        for c in clauses:
            ctx = _set(ctx, c.key, _value(c, True))
        yield ctx


def _deny_candidates(
    yes: dict[str, Any], fixed: dict[str, Any], clauses: list[ast.ConditionClause]
) -> Iterator[dict[str, Any]]:
    yield dict(fixed)
    for c in clauses:
        for v in (_ABSENT, _value(c, False), _value(c, True)):
            yield _set(yes, c.key, v)


def _objects(q: Question, docs: dict[str, Doc]) -> list[str | None]:
    """Object ARNs to try: the example object, and one per object pattern an Allow statement names."""
    if not q.object_space:
        return [None]
    out: list[str | None] = [None]
    prefix = q.target
    for d in docs.values():
        for st in d.policy.statements:
            for text in st.resource.texts() if st.effect is ast.Effect.ALLOW and st.resource else ():
                if text.startswith(prefix) and "${" not in text:
                    out.append(text.replace("*", "x").replace("?", "x"))
    return list(dict.fromkeys(out))


def _find_allowed(
    engine: Engine, q: Question, docs: dict[str, Doc], fixed: dict[str, Any], stmts: Any
) -> tuple[dict[str, Any], Decision, dict[str, Any]] | None:
    for resource in _objects(q, docs):
        for ctx in _allow_candidates(dict(fixed), stmts):
            if _excluded(q, ctx):
                continue
            yes = engine.request(q, ctx, resource)
            yes_d = engine.authorize(q, docs, yes)
            if yes_d.allowed:
                return yes, yes_d, ctx
    return None


def conditional(
    engine: Engine, q: Question, docs: dict[str, Doc], fixed: dict[str, Any], free: Free
) -> tuple[dict[str, Any], Decision] | None:
    """An allowed request (and its decision) when a denied one exists too; None when none was found."""
    stmts = _free_statements(docs, free)
    if not stmts:
        return None
    found = _find_allowed(engine, q, docs, fixed, stmts)
    if found is None:
        return None
    yes, yes_d, yes_ctx = found
    for ctx in _deny_candidates(yes_ctx, fixed, [c for _, cl in stmts for c in cl]):
        if _excluded(q, ctx):
            continue
        if not engine.authorize(q, docs, engine.request(q, ctx)).allowed:
            return yes, yes_d
    return None
