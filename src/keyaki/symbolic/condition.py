"""Condition clauses as z3 formulas: one function per operator family, one dispatch, the reference's rules.

Follows ``keyaki.iam.conditions`` (the reference) and the IAM User Guide pages it cites:
"IAM JSON policy elements: Condition operators" (an absent key makes a clause false, except for
negated operators, ``...IfExists`` and ``Null``), "Conditions with multiple context keys or values"
(values OR, negated operators NOR) and "Single-valued vs. multivalued context keys" (``ForAllValues``
holds on an absent or empty key; ``ForAnyValue`` does not).

>>> from keyaki.symbolic.term import Slot
>>> ip = family_pred("IpAddress", ["10.0.0.0/8"], Slot(z3.String("t"), ok=z3.Bool("ok"),
...     v6=z3.Bool("v6"), addr=z3.BitVec("a", 128)), 1, None, False)
>>> z3.is_bool(ip)
True
"""

from __future__ import annotations

import ipaddress
from decimal import Decimal, InvalidOperation

import z3

from keyaki.iam import ast
from keyaki.iam.conditions import _date as concrete_date  # the reference's own date reader
from keyaki.iam.wildcard import Token, Var, split_tokens, tokenize
from keyaki.symbolic.patterns import Lookup, Unsupported, _resolve, arn_match, glob, regex
from keyaki.symbolic.term import (
    FALSE,
    IP_BITS,
    TRUE,
    Bool,
    Expr,
    Key,
    Slot,
    Sort,
    and_,
    concat,
    eq,
    is_true,
    ite,
    not_,
    or_,
    s,
)

_CMP = {
    "Equals": lambda a, b: a == b,
    "NotEquals": lambda a, b: a == b,  # negation is applied by the caller, as in the reference
    "LessThan": lambda a, b: a < b,
    "LessThanEquals": lambda a, b: a <= b,
    "GreaterThan": lambda a, b: a > b,
    "GreaterThanEquals": lambda a, b: a >= b,
}


def compile_clause(clause: ast.ConditionClause, key: Key, lookup: Lookup, variables: bool) -> Bool:
    """One ``operator → key → values`` entry (the reference's ``compile_condition``)."""
    op = clause.operator
    texts = [v.as_text() for v in clause.values]
    if op.base == "Null":
        return _null(key, [t.lower() for t in texts])
    negated = op.negated
    fixed = op.if_exists or op.set_op == "ForAllValues" or (negated and op.set_op is None)
    absent = not_(key.present)
    if key.multi and op.set_op is None:
        assert key.count is not None
        absent = or_(absent, key.count == 0)
    preds = [
        and_(key.slot_live(i), family_pred(op.base, texts, sl, key.scale, lookup, variables))
        for i, sl in enumerate(key.slots)
    ]
    if op.set_op is None:
        hit = or_(preds)
        main = not_(hit) if negated else hit
    elif op.set_op == "ForAllValues":
        main = and_(
            z3.Implies(key.slot_live(i), not_(p_) if negated else p_)
            for i, p_ in enumerate(_bare(op.base, texts, key, lookup, variables))
        )
    else:
        bare = _bare(op.base, texts, key, lookup, variables)
        main = or_(and_(key.slot_live(i), not_(p_) if negated else p_) for i, p_ in enumerate(bare))
    if op.set_op is not None and key.sort is Sort.STRING and not key.derived:
        # the reference: with a set operator, the values `("",)` are an empty set ("key values that
        # resolve to an empty data set (for example, an empty string)")
        one = (key.count == 1) if key.multi else TRUE
        empty = and_(key.present, one, eq(key.slots[0].text, z3.StringVal("")))
        main = ite(empty, TRUE if op.set_op == "ForAllValues" else FALSE, main)
    if negated:
        # a negated operator with a value whose variable has no value is false (the reference:
        # it cannot establish that no value matches)
        main = and_(_complete(texts, lookup if variables and op.base in _VAR_OK else None), main)
    return ite(absent, TRUE if fixed else FALSE, main)


_VAR_OK = frozenset(
    {"StringNotEquals", "StringNotEqualsIgnoreCase", "StringNotLike", "ArnNotEquals", "ArnNotLike"}
)


def _complete(texts: list[str], lookup: Lookup) -> Bool:
    """Every policy variable in the values has a value (or a default)."""
    if lookup is None:
        return TRUE
    out: list[Bool] = []
    for t in texts:
        for tok in tokenize(t, variables=True):
            if isinstance(tok, Var) and tok.default is None:
                out.append(lookup(tok.key).present)
    return and_(out)


def _bare(base: str, texts: list[str], key: Key, lookup: Lookup, variables: bool) -> list[Bool]:
    return [family_pred(base, texts, sl, key.scale, lookup, variables) for sl in key.slots]


def _null(key: Key, values: list[str]) -> Bool:
    absent = not_(key.present)
    if key.multi:
        assert key.count is not None
        absent = or_(absent, key.count == 0)
    return or_((absent if v == "true" else not_(absent)) for v in values if v in ("true", "false"))


def family_pred(base: str, texts: list[str], sl: Slot, scale: int, lookup: Lookup, variables: bool) -> Bool:
    """Does one request value match (any of) the policy values? (Negation is the caller's.)"""
    if sl.cases:  # split by principal kind, so each case sees its ARN's literal parts
        return or_(and_(g, family_pred(base, texts, c, scale, lookup, variables)) for g, c in sl.cases)
    match base:
        case "StringEquals" | "StringNotEquals":
            return or_(_text_eq(sl.text, t, lookup if variables else None) for t in texts)
        case "StringEqualsIgnoreCase" | "StringNotEqualsIgnoreCase":
            return or_(z3.InRe(sl.text, _ci(t.casefold())) for t in texts if _no_var(t, variables))
        case "StringLike" | "StringNotLike":
            return _like_any(sl, [tokenize(t, variables=variables) for t in texts], lookup)
        case "Bool":
            return or_(z3.InRe(sl.text, _ci(t.lower())) for t in texts if _no_var(t, variables))
        case "ArnEquals" | "ArnLike" | "ArnNotEquals" | "ArnNotLike":
            if not sl.fields:
                raise Unsupported("an ARN operator on a key that is not an ARN")
            pats = [tokenize(t, variables=variables) for t in texts]
            six = or_(arn_match(sl.fields, p, lookup) for p in pats)
            if is_true(sl.ok):
                return six
            # any text: six fields are matched field by field, anything else as a whole
            return ite(sl.ok, six, or_(glob(sl.text, p, lookup) for p in pats))
        case "IpAddress" | "NotIpAddress":
            return and_(sl.ok, or_(_in_net(sl, n) for n in map(_network, texts) if n is not None))
        case _ if base.startswith("Numeric"):
            cmp = _CMP[base.removeprefix("Numeric")]
            nums = [n for n in (_number(t, scale) for t in texts) if n is not None]
            return and_(sl.ok, or_(cmp(sl.num, n) for n in nums))
        case _ if base.startswith("Date"):
            cmp = _CMP[base.removeprefix("Date")]
            stamps = [d for d in (_seconds(t) for t in texts) if d is not None]
            return and_(sl.ok, or_(cmp(sl.num, d) for d in stamps))
        case _:
            raise Unsupported(f"condition operator `{base}` is not modelled")


def _like_any(sl: Slot, patterns: list[tuple[Token, ...]], lookup: Lookup) -> Bool:
    """Some pattern matches; on a plain string value the variable-free patterns are one ``InRe`` of
    their union (measured: z3 takes seconds to choose between several ``InRe`` of one string)."""
    plain = [p for p in patterns if not any(isinstance(t, Var) for t in p)]
    if len(plain) < 2 or sl.fields or not _is_variable(sl.text):
        return or_(_like(sl, p, lookup) for p in patterns)
    rest = [_like(sl, p, lookup) for p in patterns if p not in plain]
    return or_(z3.InRe(sl.text, z3.Union(*(regex(list(p)) for p in plain))), *rest)


def _is_variable(x: Expr) -> bool:
    return z3.is_const(x) and x.decl().kind() == z3.Z3_OP_UNINTERPRETED


def _like(sl: Slot, toks: tuple[Token, ...], lookup: Lookup) -> Bool:
    """``StringLike`` on a value; on an ARN whose six fields hold no colon, a pattern with five
    literal colons must map them onto the value's five colons (a ``*`` or ``?`` taking one would leave
    too few), so it is matched field by field: far easier for the solver, and the same answer."""
    if sl.colon_free and sl.fields and not any(isinstance(t, Var) for t in toks):
        parts = split_tokens(toks, ":", 10)
        if len(parts) > 6:
            return FALSE
        if len(parts) == 6:
            return and_(glob(f, tuple(p), None) for f, p in zip(sl.fields, parts, strict=True))
    return glob(sl.text, toks, lookup)


def _text_eq(x: Expr, text: str, lookup: Lookup) -> Bool:
    toks = tokenize(text, variables=lookup is not None, wildcards=False)
    guard, parts = _resolve(toks, lookup, no_colons=False)
    return and_(guard, eq(x, concat(*parts)))


def _no_var(text: str, variables: bool) -> bool:
    if variables and "${" in text:
        raise Unsupported(f"a policy variable in `{text}` under a case-insensitive operator")
    return True


def _ci(folded: str) -> z3.ReRef:
    """Strings whose case-folding is ``folded`` (ASCII letters; other text must match as is)."""
    if not folded.isascii():
        raise Unsupported(f"case-insensitive comparison with non-ASCII `{folded}`")
    parts = [z3.Union(z3.Re(c), z3.Re(c.upper())) if c.isalpha() else z3.Re(s(c)) for c in folded]
    if not parts:
        return z3.Re("")
    return parts[0] if len(parts) == 1 else z3.Concat(*parts)


def _number(text: str, scale: int) -> int | None:
    try:
        d = Decimal(text.strip())
    except InvalidOperation:
        return None
    if not d.is_finite():
        return None
    scaled = d * scale
    if scaled != scaled.to_integral_value():
        raise Unsupported(f"number `{text}` finer than the model's scale")
    return int(scaled)


def _seconds(text: str) -> int | None:
    t = concrete_date(text)
    if t is None:
        return None
    if t != int(t):
        raise Unsupported(f"date `{text}` with a fraction of a second")
    return int(t)


def _network(text: str) -> ipaddress.IPv4Network | ipaddress.IPv6Network | None:
    try:
        return ipaddress.ip_network(text.strip(), strict=False)
    except ValueError:
        return None


def _in_net(sl: Slot, net: ipaddress.IPv4Network | ipaddress.IPv6Network) -> Bool:
    assert sl.addr is not None
    bits = 32 if net.version == 4 else 128
    mask = ((1 << bits) - 1) ^ ((1 << (bits - net.prefixlen)) - 1)
    same = eq(sl.addr & z3.BitVecVal(mask, IP_BITS), z3.BitVecVal(int(net.network_address), IP_BITS))
    return and_(sl.v6 if net.version == 6 else not_(sl.v6), same)


__all__ = ["FALSE", "compile_clause", "family_pred"]
