"""Wildcard and ARN patterns as z3 constraints, with the concrete matcher's exact semantics.

Follows ``keyaki.iam.wildcard`` (the reference): ``*`` matches any run of characters, ``?`` exactly
one, everything else literally (IAM User Guide, "IAM JSON policy elements: Resource" and "Condition
operators: String"); an ARN pattern is split at the colons of its literal text into at most six parts
matched field by field, and a pattern with fewer parts whose last one ends in ``*`` lets that star run
across the remaining fields. Policy variables (``${aws:username}``, "IAM policy elements: Variables
and tags") are replaced by the symbolic value of their key; a variable whose key is absent makes the
pattern match nothing unless it has a default (``${key, 'default'}``).

Encodings: equality; literal heads and tails of the matched term checked here; a z3 regular
expression for every other variable-free pattern (measured: z3's regex engine answers these far
faster than ``PrefixOf``/``IndexOf`` chains); ``PrefixOf``/``SuffixOf`` and a chain of ``IndexOf``
(leftmost placement, as the concrete matcher does) when a policy variable is involved.

>>> x = z3.String("x")
>>> glob(x, tokenize("s3:get*", variables=False), None)
InRe(x, re.++(Re("s3:get"), Star(re.allchar)))
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import z3

from keyaki.iam.wildcard import QMARK, STAR, Token, Var, compile_tokens, split_tokens, tokenize
from keyaki.symbolic.term import (
    FALSE,
    TRUE,
    Bool,
    Expr,
    and_,
    concat,
    eq,
    is_false,
    is_true,
    no_colon,
    not_,
    or_,
    py_str,
    s,
)

__all__ = ["Lookup", "Unsupported", "arn_match", "arn_match_any", "glob", "regex", "tokenize"]


class Unsupported(Exception):
    """A construct the symbolic model does not cover; the answer becomes UNKNOWN with this reason."""


@dataclass(frozen=True, slots=True)
class VarValue:
    """A policy variable's symbolic value: ``present`` (it has one) and ``value`` (a string term)."""

    present: Bool
    value: Expr


Lookup = Callable[[str], VarValue] | None


def _resolve(tokens: tuple[Token, ...], lookup: Lookup, *, no_colons: bool) -> tuple[Bool, list[Token | Expr]]:
    """Replace variables by terms: the guard (their presence) and the new token list."""
    guards: list[Bool] = []
    out: list[Token | Expr] = []
    for t in tokens:
        if not isinstance(t, Var):
            out.append(t)
            continue
        if lookup is None:
            raise Unsupported(f"policy variable `${{{t.key}}}` outside a 2012-10-17 policy")
        vv = lookup(t.key)
        if no_colons:
            guards.append(or_(z3.Not(vv.present), no_colon(vv.value)))
        if t.default is None:
            guards.append(vv.present)
            out.append(vv.value)
        else:
            out.append(z3.If(vv.present, vv.value, s(t.default)))
    return and_(guards), out


def glob(x: Expr, tokens: tuple[Token, ...], lookup: Lookup) -> Bool:
    """``x`` matches the wildcard pattern ``tokens`` (variables substituted through ``lookup``)."""
    guard, toks = _resolve(tokens, lookup, no_colons=False)
    if is_false(guard):
        return FALSE
    return and_(guard, _glob(x, toks))


def _glob(x: Expr, toks: list[Token | Expr]) -> Bool:
    pieces: list[list[Token | Expr]] = [[]]
    for t in toks:
        if t is STAR:
            pieces.append([])
        else:
            pieces[-1].append(t)
    symbolic = any(isinstance(t, z3.ExprRef) for t in toks)
    if any(t is QMARK for p in pieces for t in p):
        if symbolic:
            raise Unsupported("a `?` wildcard next to a policy variable")
        return z3.InRe(x, regex(toks))
    terms = [concat(*p) for p in pieces]
    if len(terms) == 1:
        return str_eq(x, terms[0])
    if not symbolic:
        if len(terms) == 2:
            quick = _prefix_suffix(x, py_str(terms[0]), py_str(terms[1]))
            if is_true(quick) or is_false(quick):
                return quick
        return z3.InRe(x, regex(toks))  # z3's regex engine beats PrefixOf/IndexOf chains here
    first, last, middle = terms[0], terms[-1], [m for m in terms[1:-1] if not _empty(m)]
    out = [z3.PrefixOf(first, x) if not _empty(first) else TRUE]
    out.append(z3.SuffixOf(last, x) if not _empty(last) else TRUE)
    pos = z3.Length(first)
    for m in middle:
        i = z3.IndexOf(x, m, pos)
        out.append(i >= 0)
        pos = i + z3.Length(m)
    if middle or not (_empty(first) or _empty(last)):
        out.append(pos <= z3.Length(x) - z3.Length(last))
    return and_(out)


def _flatten(x: Expr) -> list[str | Expr]:
    """A string term as a list of literals and other terms (nested concatenations opened)."""
    if z3.is_string_value(x):
        return [py_str(x)]
    if z3.is_app_of(x, z3.Z3_OP_SEQ_CONCAT):
        return [p for i in range(x.num_args()) for p in _flatten(x.arg(i))]
    return [x]


def _peel(parts: list[str | Expr], lit: str, *, tail: bool) -> tuple[list[str | Expr], str] | None:
    """Strip the literal ``lit`` from the head (or tail) of ``parts`` as far as literals go; None: no match."""
    parts = list(reversed(parts)) if tail else list(parts)
    while lit and parts and isinstance(parts[0], str):
        head = parts[0]
        a, b = (head[::-1], lit[::-1]) if tail else (head, lit)
        n = min(len(a), len(b))
        if a[:n] != b[:n]:
            return None
        rest_head, lit_rest = a[n:], b[n:]
        parts = ([rest_head[::-1] if tail else rest_head] if rest_head else []) + parts[1:]
        lit = lit_rest[::-1] if tail else lit_rest
    return (list(reversed(parts)) if tail else parts), lit


def str_eq(x: Expr, y: Expr) -> Bool:
    """``x == y`` with the literal heads and tails of a literal ``y`` matched here."""
    if not z3.is_string_value(y):
        return eq(x, y)
    lit = py_str(y)
    parts = _flatten(x)
    head = _peel(parts, lit, tail=False)
    if head is None:
        return FALSE
    rest, lit = head
    if not rest:
        return TRUE if lit == "" else FALSE
    tail = _peel(rest, lit, tail=True)
    if tail is None:
        return FALSE
    rest, lit = tail
    if all(isinstance(p, str) for p in rest):
        return TRUE if "".join(rest) == lit else FALSE
    if [str(p) for p in rest] == ["p.path", "p.name"]:
        # an IAM path ends at a `/` and a name has none: the split is fixed (the solver is slow at it)
        cut = lit.rfind("/") + 1
        return and_(eq(rest[0], s(lit[:cut])), eq(rest[1], s(lit[cut:])))
    return eq(concat(*rest), s(lit))


def _prefix_suffix(x: Expr, first: str, last: str) -> Bool:
    """``first*last`` on ``x``: literal heads and tails of ``x`` are matched here, not by the solver."""
    parts = _flatten(x)
    fixed = sum(len(p) for p in parts if isinstance(p, str))
    if all(isinstance(p, str) for p in parts):
        text = "".join(parts)
        ok = len(text) >= len(first) + len(last) and text.startswith(first) and text.endswith(last)
        return TRUE if ok else FALSE
    head = _peel(parts, first, tail=False)
    tail = _peel(parts, last, tail=True)
    if head is None or tail is None:
        return FALSE
    out = []
    if head[1]:
        out.append(z3.PrefixOf(s(head[1]), concat(*head[0])))
    if tail[1]:
        out.append(z3.SuffixOf(s(tail[1]), concat(*tail[0])))
    if len(first) + len(last) > fixed:
        out.append(z3.Length(x) >= len(first) + len(last))
    return and_(out)


def _empty(e: Expr) -> bool:
    return z3.is_string_value(e) and e.as_string() == ""


def regex(toks: list[Token | Expr]) -> z3.ReRef:
    """The z3 regular expression of a variable-free token list."""
    any_char = z3.AllChar(z3.ReSort(z3.StringSort()))
    parts: list[z3.ReRef] = []
    for t in toks:
        if t is STAR:
            parts.append(z3.Star(any_char))
        elif t is QMARK:
            parts.append(any_char)
        else:
            parts.append(z3.Re(s(t)))  # type: ignore[arg-type]  # a literal: str
    if not parts:
        return z3.Re("")
    return parts[0] if len(parts) == 1 else z3.Concat(*parts)


def arn_match(fields: tuple[Expr, ...], tokens: tuple[Token, ...], lookup: Lookup, *, unresolved: bool = False) -> Bool:
    """A six-field ARN matches an ARN pattern (``keyaki.iam.wildcard.compile_arn``); a pattern whose
    variable has no value matches nothing, or everything when ``unresolved`` (``NotResource``: the
    statement then does not apply, as ``keyaki.iam.evaluate.compile_resources`` decides)."""
    if tokens == (STAR,):
        return TRUE
    guard, toks = _resolve(tokens, lookup, no_colons=True)
    miss = not_(guard) if unresolved else FALSE
    if is_false(guard):
        return or_(miss)
    return or_(miss, and_(guard, _arn_parts(fields, toks)))


def _arn_parts(fields: tuple[Expr, ...], toks: list[Token | Expr]) -> Bool:
    parts = split_tokens(tuple(toks), ":", 5)
    if len(parts) < 2:
        return _glob(concat(*_join(fields)), list(toks))
    if len(parts) < 6:
        if not parts[-1] or parts[-1][-1] is not STAR:
            return FALSE
        n = len(parts)
        tail = concat(*_join(fields[n - 1 :]))
        heads = (_glob(f, p) for f, p in zip(fields[: n - 1], parts[:-1], strict=True))
        return and_(*heads, _glob(tail, parts[-1]))
    return and_(*(_glob(f, p) for f, p in zip(fields, parts, strict=True)))


# One field of a variable-free six-part ARN pattern: its tokens, or None for a lone `*` (any value).
_Part = tuple[Token, ...] | None
# A set of alternatives for one field: None when any value matches.
_Alts = frozenset[tuple[Token, ...]] | None


def arn_match_any(
    fields: tuple[Expr, ...], patterns: list[tuple[Token, ...]], lookup: Lookup, *, unresolved: bool = False
) -> Bool:
    """Some pattern matches: :func:`arn_match` of each, OR-ed, with the variable-free six-part patterns
    fused field by field. Patterns that agree on every field but one become one ``InRe`` of a regex
    union on that field (exact: ``(C ∧ A) ∨ (C ∧ B) = C ∧ (A ∨ B)``). Measured: z3's string solver
    takes seconds to pick between several ``InRe`` of one variable, milliseconds on their union."""
    head = py_str(fields[0]) if z3.is_string_value(fields[0]) else None
    out: list[Bool] = []
    fusable: list[tuple[_Alts, ...]] = []
    for toks in patterns:
        if toks == (STAR,):
            return TRUE
        parts = split_tokens(toks, ":", 5)
        if head is None or len(parts) != 6 or any(isinstance(t, Var) for t in toks):
            out.append(arn_match(fields, toks, lookup, unresolved=unresolved))
            continue
        if not concrete_glob_tokens(parts[0], head):
            continue  # the literal first field ("arn") does not match: this pattern matches nothing
        fusable.append(tuple(None if p == [STAR] else frozenset({tuple(p)}) for p in parts[1:]))
    for alts in _fuse(fusable):
        out.append(and_(_field_in(f, a) for f, a in zip(fields[1:], alts, strict=True)))
    return or_(out)


def _fuse(patterns: list[tuple[_Alts, ...]]) -> list[tuple[_Alts, ...]]:
    """Merge patterns that differ in one field only, until no two do (the OR of the result is the
    OR of the input)."""
    current = list(dict.fromkeys(patterns))
    changed = True
    while changed and len(current) > 1:
        changed = False
        for k in range(len(current[0])):
            groups: dict[tuple[_Alts, ...], _Alts] = {}
            for alts in current:
                rest = alts[:k] + alts[k + 1 :]
                if rest in groups:
                    prev, here = groups[rest], alts[k]
                    groups[rest] = None if prev is None or here is None else prev | here
                    changed = True
                else:
                    groups[rest] = alts[k]
            current = [(*rest[:k], a, *rest[k:]) for rest, a in groups.items()]
    return current


def _field_in(x: Expr, alts: _Alts) -> Bool:
    """``x`` matches one of the alternatives (token lists of one field)."""
    if alts is None:
        return TRUE
    if len(alts) == 1:
        return _glob(x, list(next(iter(alts))))
    ordered = sorted(alts, key=lambda a: [t if isinstance(t, str) else ("*" if t is STAR else "?") for t in a])
    return z3.InRe(x, z3.Union(*(regex(list(a)) for a in ordered)))


def concrete_glob_tokens(tokens: list[Token], text: str) -> bool:
    """A variable-free token list matches ``text`` (the concrete matcher)."""
    return compile_tokens(tuple(tokens))(text)


def _join(fields: tuple[Expr, ...]) -> list[Expr | str]:
    out: list[Expr | str] = []
    for i, f in enumerate(fields):
        if i:
            out.append(":")
        out.append(f)
    return out


def literal_or_glob(x: Expr, pattern: str) -> Bool:
    """A variable-free pattern (action names, ``--resources`` arguments)."""
    return glob(x, tokenize(pattern, variables=False), None)
