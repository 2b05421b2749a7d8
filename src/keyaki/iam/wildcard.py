"""Wildcard (``*``, ``?``) matching in linear passes, ARN matching and policy variables.

Semantics follow the IAM User Guide:
- "IAM JSON policy elements: Action" — action names are case-insensitive, ``*`` and ``?`` allowed
  (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html).
- "IAM JSON policy elements: Resource" — wildcards within the colon-separated segments of an ARN; a
  ``*`` that ends the pattern may run across colons
  (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html).
- "Condition operators: ARN" — each of the six colon-delimited components is checked separately.
- "IAM policy elements: Variables and tags" — ``${key}``, ``${key, 'default'}``, and the special
  characters ``${*}``, ``${?}``, ``${$}`` (literal ``*``, ``?``, ``$``)
  (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html).

No backtracking regex is ever built from a user pattern: a pattern is split at its ``*`` into
fixed-width pieces that are placed leftmost-first (each placement is a ``str.find`` or a fixed-width
scan), so ``*a*a*a*a*a*a*a*a*b`` against 10,000 characters answers at once.

>>> glob("s3:get*", "s3:getobject"), glob("a?c*", "abcdef"), glob("*a*a*b", "a" * 10_000)
(True, True, False)
>>> arn_match("arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/a:b/c")
True
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

STAR: object = object()
QMARK: object = object()


@dataclass(frozen=True, slots=True)
class Var:
    """A policy variable ``${key}`` (``default`` when written ``${key, 'default'}``)."""

    key: str
    default: str | None = None


Token = str | object  # literal text, STAR, QMARK, or Var
_VAR = re.compile(r"\$\{([^}]*)\}")
_DEFAULT = re.compile(r"^\s*([^,\s][^,]*?)\s*,\s*'([^']*)'\s*$")


def tokenize(text: str, *, variables: bool, wildcards: bool = True) -> tuple[Token, ...]:
    """Split a pattern into literals, ``STAR``, ``QMARK`` (when ``wildcards``) and :class:`Var`
    (when ``variables``)."""
    split = _wild_tokens if wildcards else (lambda t: [t] if t else [])
    out: list[Token] = []
    pos = 0
    for m in _VAR.finditer(text) if variables else ():
        out.extend(split(text[pos : m.start()]))
        out.append(_variable(m.group(1)))
        pos = m.end()
    out.extend(split(text[pos:]))
    return tuple(out)


def _variable(body: str) -> Token:
    if body in ("*", "?", "$"):
        return body  # the special characters are literal
    m = _DEFAULT.match(body)
    if m:
        return Var(m.group(1), m.group(2))
    return Var(body.strip())


def _wild_tokens(text: str) -> list[Token]:
    out: list[Token] = []
    for part in re.split(r"([*?])", text):
        if part == "*":
            out.append(STAR)
        elif part == "?":
            out.append(QMARK)
        elif part:
            out.append(part)
    return out


def has_variables(tokens: Iterable[Token]) -> bool:
    return any(isinstance(t, Var) for t in tokens)


def substitute(tokens: tuple[Token, ...], lookup: Callable[[str], str | None]) -> tuple[Token, ...] | None:
    """Replace each :class:`Var` by its (literal) value; None when one has no value and no default."""
    out: list[Token] = []
    for t in tokens:
        if isinstance(t, Var):
            value = lookup(t.key)
            if value is None:
                value = t.default
            if value is None:
                return None
            out.append(value)
        else:
            out.append(t)
    return tuple(out)


class _Piece:
    """A fixed-width run of literals and ``?`` (``None``): ``find``/``match_at`` without backtracking."""

    __slots__ = ("lit", "rx", "width")

    def __init__(self, items: list[str | None]) -> None:
        self.width = sum(1 if t is None else len(t) for t in items)
        self.lit = "".join(t for t in items if t is not None)
        self.rx: re.Pattern[str] | None = None
        if None in items:
            self.rx = re.compile("".join("." if t is None else re.escape(t) for t in items), re.DOTALL)

    def find(self, s: str, start: int, end: int) -> int:
        if self.rx is None:
            return s.find(self.lit, start, end)
        m = self.rx.search(s, start, end)
        return m.start() if m else -1

    def match_at(self, s: str, pos: int) -> bool:
        if self.rx is None:
            return s.startswith(self.lit, pos)
        return self.rx.match(s, pos) is not None


def compile_tokens(tokens: Iterable[Token], *, ignore_case: bool = False) -> Callable[[str], bool]:
    """A matcher for a variable-free token sequence (fast paths for exact, prefix and ``*``)."""
    pieces: list[list[str | None]] = [[]]
    for t in tokens:
        if t is STAR:
            pieces.append([])
        elif t is QMARK:
            pieces[-1].append(None)
        elif isinstance(t, str):
            pieces[-1].append(t.lower() if ignore_case else t)
        else:
            raise TypeError("substitute policy variables before compiling a pattern")
    fold = ignore_case
    if len(pieces) == 1 and None not in pieces[0]:
        exact = "".join(t for t in pieces[0] if t is not None)
        return (lambda s: s.lower() == exact) if fold else exact.__eq__
    if len(pieces) == 2 and not pieces[1] and None not in pieces[0]:
        prefix = "".join(t for t in pieces[0] if t is not None)
        return (lambda s: s.lower().startswith(prefix)) if fold else (lambda s: s.startswith(prefix))
    compiled = [_Piece(p) for p in pieces]
    if fold:
        return lambda s: _match_pieces(compiled, s.lower())
    return lambda s: _match_pieces(compiled, s)


def _match_pieces(pieces: list[_Piece], s: str) -> bool:
    """``pieces[0] * pieces[1] * ... * pieces[-1]``: anchored ends, leftmost placement between."""
    first, last = pieces[0], pieces[-1]
    n = len(s)
    if len(pieces) == 1:
        return first.width == n and first.match_at(s, 0)
    if first.width + last.width > n or not first.match_at(s, 0) or not last.match_at(s, n - last.width):
        return False
    pos, end = first.width, n - last.width
    for piece in pieces[1:-1]:
        found = piece.find(s, pos, end)
        if found < 0:
            return False
        pos = found + piece.width
    return True


def glob(pattern: str, value: str, *, ignore_case: bool = False) -> bool:
    """Match ``value`` against a ``*``/``?`` pattern (no policy variables)."""
    return compile_tokens(tokenize(pattern, variables=False), ignore_case=ignore_case)(value)


def split_tokens(tokens: tuple[Token, ...], sep: str, maxsplit: int) -> list[list[Token]]:
    """Split a token sequence at ``sep`` in its literals (at most ``maxsplit`` times)."""
    parts: list[list[Token]] = [[]]
    for t in tokens:
        if isinstance(t, str) and sep in t and len(parts) <= maxsplit:
            chunks = t.split(sep, maxsplit + 1 - len(parts))
            for i, chunk in enumerate(chunks):
                if i:
                    parts.append([])
                if chunk:
                    parts[-1].append(chunk)
        else:
            parts[-1].append(t)
    return parts


def compile_arn(tokens: tuple[Token, ...]) -> Callable[[str], bool]:
    """An ARN matcher: the first five segments separately, the resource part (which may contain
    colons) as a whole; a pattern with fewer segments whose last one ends in ``*`` lets that ``*``
    run across the remaining colons. Anything that is not a six-part ARN falls back to a glob."""
    if tokens == (STAR,):
        return lambda s: True
    parts = split_tokens(tokens, ":", 5)
    if len(parts) < 2:
        return compile_tokens(tokens)
    matchers = [compile_tokens(p) for p in parts]
    whole = compile_tokens(tokens)
    count = len(parts)
    open_tail = bool(parts[-1]) and parts[-1][-1] is STAR

    def match(s: str) -> bool:
        segs = s.split(":", 5)
        if len(segs) != 6:
            return whole(s)
        if count < 6:
            if not open_tail:
                return False
            segs = [*segs[: count - 1], ":".join(segs[count - 1 :])]
        return all(m(x) for m, x in zip(matchers, segs, strict=True))

    return match


def arn_match(pattern: str, arn: str) -> bool:
    """Match an ARN against an ARN pattern (no policy variables)."""
    return compile_arn(tokenize(pattern, variables=False))(arn)
