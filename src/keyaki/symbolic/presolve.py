"""Answers found before the solver is asked: a syntactic proof of PASS, concrete candidates for FAIL.

Both are exact, never heuristics. The solver is still the only way to a PASS that these cannot see.

* :func:`contained` proves ``CheckNoNewAccess`` PASS when every ``Allow`` statement of the new policy
  is contained in one ``Allow`` statement of the existing policy (its actions, resources and principals
  among that statement's, every condition of that statement among its own) and every ``Deny``
  statement of the existing policy is also in the new one. Then any request the new policy allows,
  the existing one allows too ("Policy evaluation logic": an ``Allow`` applies, no ``Deny`` does).
  Containment of two wildcard patterns is only claimed in the cases that are obvious: equal text,
  a literal the other pattern matches, or a ``prefix*`` pattern and a pattern with that literal prefix.
* :func:`candidates` builds requests from an ``Allow`` statement's own text (its actions, documented
  actions its wildcards match, its resource patterns with each wildcard filled, a value for each
  condition that makes it hold); each candidate is decided by the concrete evaluator like any
  witness, so a FAIL found this way is as exact as one the solver finds.

>>> from keyaki.iam.parse import parse_policy
>>> old = parse_policy({"Statement": {"Effect": "Allow", "Action": "s3:Get*", "Resource": "*"}})
>>> new = parse_policy({"Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}})
>>> contained(new, old), contained(old, new)
(True, False)
>>> next(candidates(new))["resource"]
'arn:aws:s3:::b/x'
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice, zip_longest
from typing import Any

from keyaki.errors import BadInput
from keyaki.iam import ast
from keyaki.iam import reference as ref
from keyaki.iam.evaluate import Request
from keyaki.iam.wildcard import (
    QMARK,
    STAR,
    Token,
    compile_arn,
    compile_tokens,
    glob,
    split_tokens,
    substitute,
    tokenize,
)

ACCOUNT = "111122223333"
PRINCIPAL = f"arn:aws:iam::{ACCOUNT}:user/witness"
_FIELD_DEFAULTS = ("arn", "aws", "{service}", "us-east-1", ACCOUNT, "keyaki-witness")
# The keys the evaluator sets from the principal (``keyaki.iam.evaluate.Request.new_context``), valued
# as the evaluator values them for PRINCIPAL (None: absent). A candidate never puts them in its context:
# a value there would override the principal's, a request no caller can send.
_PRINCIPAL_KEYS = ("aws:username", "aws:principalaccount", "aws:principalarn", "aws:principalisawsservice",
                   "aws:principaltype", "aws:principalservicename")  # fmt: skip
_SET = Request.make(PRINCIPAL, "sts:getcalleridentity", "*").new_context().values
_DERIVED: dict[str, str | None] = {k: _SET[k][0] if k in _SET else None for k in _PRINCIPAL_KEYS}
_NEGATED = frozenset({"StringNotEquals", "StringNotEqualsIgnoreCase", "StringNotLike", "ArnNotEquals", "ArnNotLike",
                      "NotIpAddress", "NumericNotEquals", "DateNotEquals"})  # fmt: skip
_ABSENT = object()


# --- containment (PASS) -----------------------------------------------------------------------------


def contained(new: ast.Policy, old: ast.Policy) -> bool:
    """Every request ``new`` allows, ``old`` allows (a sufficient, syntactic test)."""
    if new.allows_variables != old.allows_variables:
        return False
    old_denies = {_canon(st) for st in old.statements if st.effect is ast.Effect.DENY}
    new_denies = {_canon(st) for st in new.statements if st.effect is ast.Effect.DENY}
    if not old_denies <= new_denies:
        return False
    allows = [st for st in old.statements if st.effect is ast.Effect.ALLOW]
    return all(
        any(_statement_in(st, o) for o in allows) for st in new.statements if st.effect is ast.Effect.ALLOW
    )


def _canon(st: ast.Statement) -> tuple[Any, ...]:
    """A statement without its Sid, index and locations (two equal ones apply to the same requests)."""
    return (st.effect, st.principal, st.not_principal, _texts(st.action), _texts(st.not_action),
            _texts(st.resource), _texts(st.not_resource), frozenset(_clause(c) for c in st.conditions))  # fmt: skip


def _texts(vl: ast.ValueList | None) -> frozenset[str] | None:
    return None if vl is None else frozenset(vl.texts())


def _clause(c: ast.ConditionClause) -> tuple[Any, ...]:
    return (c.operator, c.key.lower(), tuple(v.as_text() for v in c.values))


def _statement_in(new: ast.Statement, old: ast.Statement) -> bool:
    """Every request ``new`` applies to, ``old`` applies to."""
    if (old.principal, old.not_principal) != (new.principal, new.not_principal) and not (
        old.principal is not None and old.principal.wildcard and new.not_principal is None
    ):
        return False
    if not {_clause(c) for c in old.conditions} <= {_clause(c) for c in new.conditions}:
        return False
    acts = _list_in(new.action, new.not_action, old.action, old.not_action, _glob_in)
    return acts and _list_in(new.resource, new.not_resource, old.resource, old.not_resource, _arn_in)


def _list_in(
    new: ast.ValueList | None, new_not: ast.ValueList | None, old: ast.ValueList | None,
    old_not: ast.ValueList | None, inside: Any,
) -> bool:  # fmt: skip
    if old is not None and "*" in old.texts():
        return True
    if old is not None and new is not None:
        if inside is _glob_in:
            cover = _actions_cover(old.texts())
            return all(cover.covers(n) for n in new.texts())
        return all(any(inside(n, o) for o in old.texts()) for n in new.texts())
    if old_not is not None and new_not is not None:
        return set(old_not.texts()) <= set(new_not.texts())  # new excludes at least what old excludes
    return False


@dataclass(frozen=True, slots=True)
class _Cover:
    """Action patterns indexed for :func:`_glob_in` against all of them at once (ReadOnlyAccess has
    thousands: a scan per pattern would be quadratic)."""

    exact: frozenset[str]
    prefixes: frozenset[str]  # of the ``prefix*`` patterns with no other wildcard
    others: tuple[str, ...]

    def covers(self, new: str) -> bool:
        n = new.lower()
        if "*" in self.exact or n in self.exact:
            return True
        # `n` starts with a wildcard-free prefix p: whatever it matches starts with p
        if any(n[:i] in self.prefixes for i in range(len(n) + 1)):
            return True
        return any(_glob_in(n, o) for o in self.others)


@lru_cache(maxsize=64)
def _actions_cover(patterns: tuple[str, ...]) -> _Cover:
    low = [p.lower() for p in patterns]
    prefixes = {p[:-1] for p in low if p.endswith("*") and not _wild(p[:-1])}
    others = tuple(p for p in low if _wild(p) and p[:-1] not in prefixes)
    return _Cover(frozenset(low), frozenset(prefixes), others)


def _glob_in(new: str, old: str) -> bool:
    """Every action ``new`` matches, ``old`` matches (case-insensitive)."""
    n, o = new.lower(), old.lower()
    if n == o or o == "*":
        return True
    if not _wild(n):
        return glob(o, n)
    return o.endswith("*") and not _wild(o[:-1]) and n.startswith(o[:-1])


def _arn_in(new: str, old: str) -> bool:
    """Every resource ARN ``new`` matches, ``old`` matches (field by field, as ARNs are matched)."""
    if new == old or old == "*":
        return True
    if "${" in new or "${" in old:
        return False
    if not _wild(new):
        return compile_arn(tokenize(old, variables=False))(new)
    n_parts = split_tokens(tokenize(new, variables=False), ":", 5)
    o_parts = split_tokens(tokenize(old, variables=False), ":", 5)
    if len(n_parts) != 6 or len(o_parts) != 6:
        return False
    return all(_part_in(n, o) for n, o in zip(n_parts, o_parts, strict=True))


def _part_in(new: list[Token], old: list[Token]) -> bool:
    if new == old or old == [STAR]:
        return True
    if not old or old[-1] is not STAR or any(not isinstance(t, str) for t in old[:-1]):
        literal = not any(not isinstance(t, str) for t in new)
        return literal and compile_tokens(tuple(old))("".join(new))  # type: ignore[arg-type]  # str only
    prefix = "".join(old[:-1])  # type: ignore[arg-type]  # str only (checked above)
    lead = "".join(t for t in _literal_head(new))
    return lead.startswith(prefix)


def _literal_head(tokens: list[Token]) -> Iterator[str]:
    for t in tokens:
        if not isinstance(t, str):
            return
        yield t


def _wild(text: str) -> bool:
    return "*" in text or "?" in text


# --- candidates (FAIL) ------------------------------------------------------------------------------


def candidates(policy: ast.Policy, *, per_statement: int = 12) -> Iterator[dict[str, Any]]:
    """Requests that the ``Allow`` statements of ``policy`` (without a principal) are written for."""
    for st in policy.statements:
        if st.effect is not ast.Effect.ALLOW or st.action is None or st.principal or st.not_principal:
            continue
        context = _context(st, policy.allows_variables)
        if context is None:
            continue
        lookup = _lookup(context) if policy.allows_variables else None
        made = (_request(a, r, context) for a in _actions(st.action) for r in _resources(st, a, lookup))
        yield from islice(made, per_statement)


def _request(action: str, resource: str, context: dict[str, Any]) -> dict[str, Any]:
    return {"principal": PRINCIPAL, "action": action, "resource": resource, "context": dict(context)}


def _actions(vl: ast.ValueList) -> Iterator[str]:
    """Each pattern's literal action or the documented actions it matches, the patterns in turn."""
    per = [_matching(p.lower()) for p in vl.texts()]
    for row in zip_longest(*per):
        yield from (a for a in row if a is not None)


def _matching(pattern: str) -> list[str]:
    svc, sep, name = pattern.partition(":")
    if not sep or _wild(svc):
        return []
    if not _wild(name):
        return [pattern]
    try:
        known = sorted(ref.service(svc).actions)
    except BadInput:
        return []
    return [f"{svc}:{n}" for n in known if glob(name, n)]


def _resources(st: ast.Statement, action: str, lookup: Any) -> Iterator[str]:
    service = action.partition(":")[0]
    default = ":".join(_FIELD_DEFAULTS).format(service=service)
    if st.resource is None:
        if st.not_resource is None:
            return
        pats = [tokenize(t, variables=lookup is not None) for t in st.not_resource.texts()]
        if not any(_arn_fits(p, default, lookup) for p in pats):
            yield default
        return
    for text in st.resource.texts():
        toks = tokenize(text, variables=lookup is not None)
        arn = default if text == "*" else _fill(toks, service, lookup)
        if arn is not None and _arn_fits(toks, arn, lookup):
            yield arn


def _fill(tokens: tuple[Token, ...], service: str, lookup: Any) -> str | None:
    """An ARN the pattern matches: a lone ``*`` field takes that field's default, other wildcards ``x``
    (the parser accepts only ``*`` or six-field ARN patterns)."""
    concrete = substitute(tokens, lookup) if lookup is not None else tokens
    if concrete is None:
        return None
    parts = split_tokens(concrete, ":", 5)
    if len(parts) < 6:
        return None
    defaults = [d.format(service=service) for d in _FIELD_DEFAULTS]
    return ":".join(defaults[i] if p == [STAR] else _text(p) for i, p in enumerate(parts))


def _text(part: list[Token]) -> str:
    return "".join("x" if t is STAR or t is QMARK else str(t) for t in part)


def _arn_fits(tokens: tuple[Token, ...], arn: str, lookup: Any) -> bool:
    concrete = substitute(tokens, lookup) if lookup is not None else tokens
    return concrete is not None and compile_arn(concrete)(arn)


def _lookup(context: dict[str, Any]) -> Any:
    """Policy variables' values: the principal's, the context's, or a new value the context then holds."""

    def lookup(key: str) -> str | None:
        low = key.lower()
        if low in _DERIVED:
            return _DERIVED[low]
        found = next((v for k, v in context.items() if k.lower() == low), None)
        if not isinstance(found, str):
            if _listed(low):
                return None  # AWS sends it as a list, which gives a variable no value
            found = context[key] = "keyaki-witness"
        return found

    return lookup


def _context(st: ast.Statement, variables: bool) -> dict[str, Any] | None:
    """A context (for :data:`PRINCIPAL`) in which every condition of ``st`` holds, or None."""
    context: dict[str, Any] = {}
    for c in st.conditions:
        value = _satisfying(c)
        if value is None:
            return None  # no obvious value: left to the solver
        if variables and isinstance(value, str) and "${" in value:
            value = _resolved(value, context)
            if value is None:
                return None
        low = c.key.lower()
        if low in _DERIVED:
            if value != (_ABSENT if _DERIVED[low] is None else _DERIVED[low]):
                return None  # the clause needs another principal: left to the solver
            continue
        if value is not _ABSENT:
            context[c.key] = [value] if c.operator.set_op or _listed(low) else value
    return context


def _listed(low: str) -> bool:
    """The reference data types the key ``ArrayOf...``: AWS always sends it as a list."""
    try:
        ktype = ref.condition_key_type(low)
    except BadInput:  # an unknown service prefix
        return False
    return bool(ktype and ktype.startswith("ArrayOf"))


def _resolved(value: str, context: dict[str, Any]) -> str | None:
    """``value`` with its policy variables replaced (:func:`_lookup`)."""
    done = substitute(tokenize(value, variables=True, wildcards=False), _lookup(context))
    return None if done is None else "".join(str(t) for t in done)


def _satisfying(c: ast.ConditionClause) -> Any:
    """A value that makes the clause hold, or None when none is obvious."""
    base, first = c.operator.base, (c.values[0].as_text() if c.values else None)
    if base in _NEGATED:
        return _ABSENT if not c.operator.set_op else None  # an absent key makes a negated operator hold
    if first is None:
        return None
    match base:
        case "Null":
            return _ABSENT if first.lower() == "true" else "keyaki-present"
        case "StringLike" | "ArnLike":
            return first.replace("*", "x").replace("?", "x")
        case "IpAddress":
            try:
                return str(ipaddress.ip_network(first, strict=False).network_address)
            except ValueError:
                return None
        case "StringEquals" | "StringEqualsIgnoreCase" | "ArnEquals" | "Bool" | "NumericEquals" | "DateEquals":
            return first
        case _:
            return None
