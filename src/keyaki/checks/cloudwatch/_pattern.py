"""An evaluator of CloudWatch Logs JSON filter patterns, for deciding which CloudTrail events a metric
filter counts.

Syntax (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html and
https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/matching-terms-json-log-events.html):
``{ SELECTOR OP VALUE }`` with ``$.a.b[0]`` selectors, ``=`` / ``!=`` on strings (quoted or bare, ``*``
matches any run of characters), ``= != < > <= >=`` on numbers, ``IS TRUE``, ``IS FALSE``, ``IS NULL``,
``NOT EXISTS``, joined with ``&&`` and ``||`` and grouped with parentheses. The empty pattern matches
every event.

Evaluation is three-valued: ``None`` means keyaki cannot tell (``!=`` on a field the event lacks, a
string compared with a number, ``&&`` and ``||`` mixed without parentheses where the two readings
disagree), and a caller never turns ``None`` into a PASS. A pattern keyaki does not read (term
patterns, regular expressions ``%...%``, ``$.*`` selectors) raises :class:`FilterPatternError` with
the column, so the check is NOT_EVALUATED rather than guessed.

>>> p = parse('{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") }')
>>> p.matches({"eventName": "ConsoleLogin", "additionalEventData": {"MFAUsed": "No"}})
True
>>> p.matches({"eventName": "ConsoleLogin", "additionalEventData": {"MFAUsed": "Yes"}})
False
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from keyaki.errors import BadInput

Tri = bool | None
__all__ = ["FilterPatternError", "Pattern", "parse"]


class FilterPatternError(BadInput):
    """A filter pattern keyaki cannot read; ``location`` is ``column N`` (1-based)."""


_TOKEN = re.compile(
    r"""\s*(?:
      (?P<punct>&&|\|\||!=|<=|>=|[{}()=<>])
    | (?P<quoted>"(?:[^"\\]|\\.)*")
    | (?P<selector>\$[^\s=!<>()&|{}]*)
    | (?P<word>[^\s=!<>()&|{}"]+)
    )""",
    re.VERBOSE,
)
_PATH_STEP = re.compile(r"\.([A-Za-z0-9_\-@:]+)|\[(\d+)\]")
_NUMBER = re.compile(r"-?\d+(\.\d+)?([eE][-+]?\d+)?")


@dataclass(frozen=True, slots=True)
class Tok:
    kind: str
    text: str
    col: int


@dataclass(frozen=True, slots=True)
class Compare:
    """``selector op value``; ``value`` is a str, float, True, False, or None for ``IS NULL``;
    ``op`` ``exists-not`` is ``NOT EXISTS``."""

    path: tuple[str | int, ...]
    op: str
    value: str | float | bool | None
    quoted: bool

    def eval(self, event: Any) -> Tri:
        found, got = _select(event, self.path)
        if self.op == "not-exists":
            return not found
        if self.op == "is":
            return found and got is self.value
        if not found:
            return None if self.op == "!=" else False
        if isinstance(self.value, float):
            return _numeric(self.op, got, self.value)
        if not isinstance(got, str):
            return None  # a string compared with a number, object or boolean: not decided here
        hit = _wildcard(str(self.value)).fullmatch(got) is not None
        return hit if self.op == "=" else not hit


@dataclass(frozen=True, slots=True)
class Join:
    """Operands joined by operators at one parenthesis level; mixed ``&&``/``||`` is read both ways."""

    items: tuple[Node, ...]
    ops: tuple[str, ...]

    def eval(self, event: Any) -> Tri:
        values = [i.eval(event) for i in self.items]
        if len(set(self.ops)) <= 1:
            return _fold(values, self.ops[0] if self.ops else "&&")
        precedence = _fold([_fold(g, "&&") for g in _split_or(values, self.ops)], "||")
        left_to_right = values[0]
        for op, v in zip(self.ops, values[1:], strict=True):
            left_to_right = _fold([left_to_right, v], op)
        return precedence if precedence == left_to_right else None


Node = Compare | Join


@dataclass(frozen=True, slots=True)
class Pattern:
    """A parsed filter pattern; ``text`` is verbatim, ``root`` None for the empty pattern."""

    text: str
    root: Node | None

    def matches(self, event: Any) -> Tri:
        return True if self.root is None else self.root.eval(event)


def parse(text: str) -> Pattern:
    """Parse a JSON filter pattern; :class:`FilterPatternError` (with the column) if keyaki cannot read it."""
    if not text.strip():
        return Pattern(text, None)
    toks = _tokens(text)
    if toks[0].text != "{":
        raise FilterPatternError(
            f"only JSON filter patterns `{{ ... }}` are evaluated, not `{text}`", location="column 1"
        )
    parser = _Parser(toks)
    parser.expect("{")
    root = parser.expr()
    parser.expect("}")
    if parser.pos < len(toks):
        parser.fail("unexpected text after the closing `}`")
    return Pattern(text, root)


def _tokens(text: str) -> list[Tok]:
    out, pos = [], 0
    while pos < len(text):
        if text[pos:].strip() == "":
            break
        m = _TOKEN.match(text, pos)
        if m is None or m.end() == pos:
            col = len(text) - len(text[pos:].lstrip()) + 1
            raise FilterPatternError(f"cannot read `{text[col - 1 : col + 9]}`", location=f"column {col}")
        kind = m.lastgroup or "word"
        out.append(Tok(kind, m.group(kind), m.start(kind) + 1))
        pos = m.end()
    return out


class _Parser:
    def __init__(self, toks: list[Tok]) -> None:
        self.toks = toks
        self.pos = 0

    def peek(self) -> Tok | None:
        return self.toks[self.pos] if self.pos < len(self.toks) else None

    def fail(self, message: str) -> None:
        tok = self.peek()
        col = tok.col if tok else (self.toks[-1].col + len(self.toks[-1].text))
        raise FilterPatternError(message, location=f"column {col}")

    def take(self) -> Tok:
        tok = self.peek()
        if tok is None:
            self.fail("the pattern ends too early")
        assert tok is not None  # fail() raised otherwise
        self.pos += 1
        return tok

    def expect(self, text: str) -> None:
        tok = self.peek()
        if tok is None or tok.text != text or tok.kind == "quoted":
            self.fail(f"expected `{text}`")
        self.pos += 1

    def expr(self) -> Node:
        items, ops = [self.operand()], []
        while (tok := self.peek()) is not None and tok.text in ("&&", "||") and tok.kind == "punct":
            ops.append(self.take().text)
            items.append(self.operand())
        return items[0] if not ops else Join(tuple(items), tuple(ops))

    def operand(self) -> Node:
        tok = self.peek()
        if tok is not None and tok.kind == "punct" and tok.text == "(":
            self.pos += 1
            inner = self.expr()
            self.expect(")")
            return inner
        return self.compare()

    def compare(self) -> Compare:
        sel = self.take()
        if sel.kind != "selector":
            self.pos -= 1
            self.fail(f"expected a selector `$.field`, found `{sel.text}`")
        path = _path(sel)
        op = self.take()
        if op.kind == "word" and op.text in ("IS", "NOT"):
            return self.keyword(path, op.text)
        if op.kind != "punct" or op.text not in ("=", "!=", "<", ">", "<=", ">="):
            self.pos -= 1
            self.fail(f"expected a comparison operator, found `{op.text}`")
        return Compare(path, op.text, *self.value(op.text))

    def keyword(self, path: tuple[str | int, ...], first: str) -> Compare:
        word = self.take()
        if first == "NOT" and word.text == "EXISTS":
            return Compare(path, "not-exists", None, False)
        values: dict[str, bool | None] = {"TRUE": True, "FALSE": False, "NULL": None}
        if first == "IS" and word.kind == "word" and word.text in values:
            return Compare(path, "is", values[word.text], False)
        self.pos -= 1
        self.fail(f"expected `{'EXISTS' if first == 'NOT' else 'TRUE, FALSE or NULL'}` after `{first}`")
        raise AssertionError  # unreachable: fail() raises

    def value(self, op: str) -> tuple[str | float, bool]:
        tok = self.take()
        if tok.kind == "quoted":
            if op not in ("=", "!="):
                self.pos -= 1
                self.fail(f"`{op}` compares numbers, not the string {tok.text}")
            return tok.text[1:-1].replace('\\"', '"').replace("\\\\", "\\"), True
        if tok.kind != "word":
            self.pos -= 1
            self.fail(f"expected a value, found `{tok.text}`")
        if tok.text.startswith("%"):
            self.pos -= 1
            self.fail("regular expressions `%...%` in filter patterns are not evaluated")
        if _NUMBER.fullmatch(tok.text):
            return float(tok.text), False
        if op not in ("=", "!="):
            self.pos -= 1
            self.fail(f"`{op}` compares numbers, not `{tok.text}`")
        return tok.text, False


def _path(sel: Tok) -> tuple[str | int, ...]:
    rest, steps, pos = sel.text[1:], [], 0
    while pos < len(rest):
        m = _PATH_STEP.match(rest, pos)
        if m is None:
            raise FilterPatternError(f"cannot read the selector `{sel.text}`", location=f"column {sel.col + pos + 1}")
        steps.append(m.group(1) if m.group(1) is not None else int(m.group(2)))
        pos = m.end()
    if not steps:
        raise FilterPatternError(f"the selector `{sel.text}` names no field", location=f"column {sel.col}")
    return tuple(steps)


def _select(event: Any, path: tuple[str | int, ...]) -> tuple[bool, Any]:
    node = event
    for step in path:
        if isinstance(step, int):
            if not isinstance(node, list) or step >= len(node):
                return False, None
        elif not isinstance(node, dict) or step not in node:
            return False, None
        node = node[step]
    return True, node


def _wildcard(value: str) -> re.Pattern[str]:
    return re.compile(".*".join(re.escape(part) for part in value.split("*")), re.DOTALL)


def _numeric(op: str, got: Any, want: float) -> Tri:
    if isinstance(got, bool) or not isinstance(got, int | float):
        return None if op == "!=" else False
    match op:
        case "=":
            return bool(got == want)
        case "!=":
            return bool(got != want)
        case "<":
            return bool(got < want)
        case ">":
            return bool(got > want)
        case "<=":
            return bool(got <= want)
        case _:
            return bool(got >= want)


def _fold(values: list[Tri], op: str) -> Tri:
    """Kleene's three-valued AND / OR."""
    decisive = op == "||"  # True decides an OR, False decides an AND
    if any(v is decisive for v in values):
        return decisive
    return None if any(v is None for v in values) else not decisive


def _split_or(values: list[Tri], ops: tuple[str, ...]) -> list[list[Tri]]:
    groups: list[list[Tri]] = [[values[0]]]
    for op, v in zip(ops, values[1:], strict=True):
        if op == "||":
            groups.append([v])
        else:
            groups[-1].append(v)
    return groups
