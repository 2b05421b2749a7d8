"""The condition operator table: one function per operator family and one dispatch table.

Specification, IAM User Guide:
- "IAM JSON policy elements: Condition operators"
  (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html):
  a key absent from the request makes the condition false, except for negated operators
  (``StringNotLike``, ``ArnNotLike``, …) where it is true, and for ``...IfExists`` (true) and
  ``Null``, which test presence.
- "Conditions with multiple context keys or values"
  (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html):
  several operators and keys AND; several values OR; a negated operator's values NOR.
- "Single-valued vs. multivalued context keys" (set operators): ``ForAllValues`` is true when every
  request value matches some policy value, and when the key is absent or empty; ``ForAnyValue`` is
  true when at least one request value matches, false when the key is absent. A key whose value
  is the empty string is an empty data set: ``ForAllValues`` true, ``ForAnyValue`` false
  ("Creating a condition that tests multiple key values (set operations)", Note).
- Context key names are case-insensitive ("IAM JSON policy elements: Condition").

Interpretation where the documentation is silent (documented in docs/iam.md): an operator without a
set operator applied to a multivalued request key matches when any request value matches (its
negated form: when none does).

>>> ctx = Context.from_json({"aws:SourceIp": "203.0.113.7", "aws:TagKeys": ["team", "env"]})
>>> ip = compile_condition(parse_operator("IpAddress"), "aws:sourceip", ["203.0.113.0/24"], False)
>>> tags = compile_condition(parse_operator("ForAllValues:StringEquals"), "aws:TagKeys", ["team"], False)
>>> ip(ctx), tags(ctx)
(True, False)
"""

from __future__ import annotations

import base64
import binascii
import ipaddress
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from keyaki.iam import ast
from keyaki.iam.parse import parse_operator
from keyaki.iam.wildcard import Token, compile_arn, compile_tokens, has_variables, substitute, tokenize

__all__ = ["OPERATORS", "Context", "compile_condition", "parse_operator"]

Pred = Callable[[str], bool]  # does one request value match (any of) the policy values?


class Context:
    """The request context: case-insensitive keys, each with a tuple of string values.

    ``multi`` holds the keys given as lists (multivalued); ``missing`` collects the keys a policy
    asked for that the request does not have (reported as ``missing_context_keys``).
    """

    __slots__ = ("missing", "multi", "names", "values")

    def __init__(self) -> None:
        self.values: dict[str, tuple[str, ...]] = {}
        self.names: dict[str, str] = {}
        self.multi: set[str] = set()
        self.missing: dict[str, str] = {}

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> Context:
        """Values may be strings, booleans, numbers or lists of them (as AWS sends them)."""
        ctx = cls()
        for key, value in raw.items():
            ctx.set(key, value)
        return ctx

    def set(self, key: str, value: Any) -> None:
        low = key.lower()
        self.names[low] = key
        if isinstance(value, list | tuple):
            self.multi.add(low)
            self.values[low] = tuple(_text(v) for v in value)
        else:
            self.multi.discard(low)
            self.values[low] = (_text(value),)

    def get(self, key: str) -> tuple[str, ...] | None:
        """The values of ``key`` (any case), recording it as missing when absent."""
        vals = self.values.get(key.lower())
        if vals is None:
            self.missing.setdefault(key.lower(), key)
        return vals

    def variable(self, key: str) -> str | None:
        """The value of a single-valued key, for policy variable substitution."""
        vals = self.get(key)
        if vals is None or len(vals) != 1 or key.lower() in self.multi:
            return None
        return vals[0]


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


# --- one function per operator family: policy values → predicate on one request value -------------


def string_equals(values: list[str]) -> Pred:
    allowed = frozenset(values)
    return allowed.__contains__


def string_equals_ignore_case(values: list[str]) -> Pred:
    allowed = frozenset(v.casefold() for v in values)
    return lambda s: s.casefold() in allowed


def string_like(patterns: list[tuple[Token, ...]]) -> Pred:
    matchers = [compile_tokens(p) for p in patterns]
    return lambda s: any(m(s) for m in matchers)


def arn_like(patterns: list[tuple[Token, ...]]) -> Pred:
    matchers = [compile_arn(p) for p in patterns]
    return lambda s: any(m(s) for m in matchers)


def _number(text: str) -> Decimal | None:
    try:
        d = Decimal(text.strip())
    except InvalidOperation:
        return None
    return d if d.is_finite() else None


def numeric(compare: Callable[[Any, Any], bool]) -> Callable[[list[str]], Pred]:
    def build(values: list[str]) -> Pred:
        nums = [n for n in map(_number, values) if n is not None]

        def pred(s: str) -> bool:
            r = _number(s)
            return r is not None and any(compare(r, n) for n in nums)

        return pred

    return build


def _date(text: str) -> float | None:
    """ISO 8601 (``2026-01-01T00:00:00Z``, a date alone) or epoch seconds."""
    text = text.strip()
    try:
        return float(Decimal(text)) if text.lstrip("-").isdigit() else _iso(text)
    except (ValueError, InvalidOperation):
        return None


def _iso(text: str) -> float:
    dt = datetime.fromisoformat(text)
    return (dt if dt.tzinfo else dt.replace(tzinfo=UTC)).timestamp()


def date(compare: Callable[[Any, Any], bool]) -> Callable[[list[str]], Pred]:
    def build(values: list[str]) -> Pred:
        stamps = [t for t in map(_date, values) if t is not None]

        def pred(s: str) -> bool:
            r = _date(s)
            return r is not None and any(compare(r, t) for t in stamps)

        return pred

    return build


def boolean(values: list[str]) -> Pred:
    allowed = frozenset(v.lower() for v in values)
    return lambda s: s.lower() in allowed


def _b64(text: str) -> bytes | None:
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return None


def binary_equals(values: list[str]) -> Pred:
    allowed = {b for b in map(_b64, values) if b is not None}
    return lambda s: _b64(s) in allowed


def _network(text: str) -> ipaddress.IPv4Network | ipaddress.IPv6Network | None:
    try:
        return ipaddress.ip_network(text.strip(), strict=False)
    except ValueError:
        return None


def ip_address(values: list[str]) -> Pred:
    nets = [n for n in map(_network, values) if n is not None]

    def pred(s: str) -> bool:
        try:
            addr = ipaddress.ip_address(s.strip())
        except ValueError:
            return False
        return any(addr.version == n.version and addr in n for n in nets)

    return pred


# --- the dispatch table: base operator → (family builder, pattern kind, negated, variables) -------
# pattern kind: "text" (values are literal strings), "glob" (``*``/``?``), "arn" (per-segment).

Family = tuple[Callable[[Any], Pred], str, bool, bool]

OPERATORS: dict[str, Family] = {
    "StringEquals": (string_equals, "text", False, True),
    "StringNotEquals": (string_equals, "text", True, True),
    "StringEqualsIgnoreCase": (string_equals_ignore_case, "text", False, True),
    "StringNotEqualsIgnoreCase": (string_equals_ignore_case, "text", True, True),
    "StringLike": (string_like, "glob", False, True),
    "StringNotLike": (string_like, "glob", True, True),
    "NumericEquals": (numeric(lambda a, b: a == b), "text", False, False),
    "NumericNotEquals": (numeric(lambda a, b: a == b), "text", True, False),
    "NumericLessThan": (numeric(lambda a, b: a < b), "text", False, False),
    "NumericLessThanEquals": (numeric(lambda a, b: a <= b), "text", False, False),
    "NumericGreaterThan": (numeric(lambda a, b: a > b), "text", False, False),
    "NumericGreaterThanEquals": (numeric(lambda a, b: a >= b), "text", False, False),
    "DateEquals": (date(lambda a, b: a == b), "text", False, False),
    "DateNotEquals": (date(lambda a, b: a == b), "text", True, False),
    "DateLessThan": (date(lambda a, b: a < b), "text", False, False),
    "DateLessThanEquals": (date(lambda a, b: a <= b), "text", False, False),
    "DateGreaterThan": (date(lambda a, b: a > b), "text", False, False),
    "DateGreaterThanEquals": (date(lambda a, b: a >= b), "text", False, False),
    "Bool": (boolean, "text", False, True),
    "BinaryEquals": (binary_equals, "text", False, False),
    "IpAddress": (ip_address, "text", False, False),
    "NotIpAddress": (ip_address, "text", True, False),
    "ArnEquals": (arn_like, "arn", False, True),
    "ArnLike": (arn_like, "arn", False, True),
    "ArnNotEquals": (arn_like, "arn", True, True),
    "ArnNotLike": (arn_like, "arn", True, True),
}

Condition = Callable[[Context], bool]


def compile_condition(op: ast.ConditionOperator, key: str, values: Iterable[str], allows_variables: bool) -> Condition:
    """Compile one ``operator → key → values`` entry into a test on the request context."""
    if op.base == "Null":
        return _null(key, [v.lower() for v in values])
    build, kind, negated, var_ok = OPERATORS[op.base]
    wild = kind != "text"
    toks = [tokenize(v, variables=var_ok and allows_variables, wildcards=wild) for v in values]

    def prepare(tokens: list[tuple[Token, ...]]) -> Pred:
        return build(tokens if wild else ["".join(t) for t in tokens])  # type: ignore[arg-type]  # variable-free tokens are str

    if any(has_variables(t) for t in toks):

        def positive(ctx: Context) -> tuple[Pred, bool]:
            subst = [substitute(t, ctx.variable) for t in toks]
            kept = [t for t in subst if t is not None]  # a value whose variable is unset matches nothing
            return prepare(kept), len(kept) == len(subst)

    else:
        fixed = prepare(toks), True

        def positive(ctx: Context) -> tuple[Pred, bool]:
            return fixed

    return _apply(op, key, negated, positive)


def _null(key: str, values: list[str]) -> Condition:
    """``Null``: ``true`` — the key is absent; ``false`` — it is present (values OR)."""

    def test(ctx: Context) -> bool:
        vals = ctx.values.get(key.lower())
        absent = not vals
        return any((v == "true") == absent for v in values if v in ("true", "false"))

    return test


def _apply(
    op: ast.ConditionOperator, key: str, negated: bool, positive: Callable[[Context], tuple[Pred, bool]]
) -> Condition:
    """Missing keys, ``IfExists``, set operators and negation around one family's predicate.

    A negated operator with a value whose policy variable cannot be resolved is false: it cannot
    establish that no value matches (AWS: an unresolved variable may make the statement invalid).
    """
    set_op, if_exists = op.set_op, op.if_exists

    def test(ctx: Context) -> bool:
        vals = ctx.get(key)
        if set_op is not None and vals == ("",):
            vals = ()  # "key values that resolve to an empty data set (for example, an empty string)"
        if vals is None or (not vals and set_op is None):
            if if_exists or set_op == "ForAllValues":
                return True
            return negated and set_op is None
        pred, complete = positive(ctx)
        if negated and not complete:
            return False
        if set_op is None:
            hit = any(pred(v) for v in vals)
            return not hit if negated else hit
        check = (lambda v: not pred(v)) if negated else pred
        if set_op == "ForAllValues":
            return all(check(v) for v in vals)
        return any(check(v) for v in vals)

    return test
