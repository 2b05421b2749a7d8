"""JSON with spans: every value knows where it starts and ends (line, column, offset).

The validator reports Access Analyzer ``locations`` (``path`` plus ``span``), so it reads policy text
with this small recursive-descent reader instead of :mod:`json`. What it accepts is RFC 8259 JSON
(strings are decoded by the standard library's own scanner). A syntax error raises
:class:`JsonSyntaxError` carrying the position; duplicate keys are kept in order (``entries``) so the
caller can report them.

Positions follow Access Analyzer's ``Position`` type: ``line`` from 1, ``column`` from 0, ``offset``
from 0 (https://docs.aws.amazon.com/access-analyzer/latest/APIReference/API_Position.html).

>>> node = read_located('{"a": [1, "x"]}')
>>> node.get("a").items[1].value, node.get("a").items[1].start
('x', Pos(line=1, column=10, offset=10))
"""

from __future__ import annotations

import bisect
import json.decoder
import re
from dataclasses import dataclass
from typing import Any

_WS = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?")
_LITERALS: tuple[tuple[str, Any], ...] = (("true", True), ("false", False), ("null", None))
_MAX_DEPTH = 200
_scanstring: Any = getattr(json.decoder, "scanstring")  # noqa: B009 - untyped in typeshed


@dataclass(frozen=True, slots=True)
class Pos:
    """A position in the text: ``line`` from 1, ``column`` and ``offset`` from 0."""

    line: int
    column: int
    offset: int

    def to_json(self) -> dict[str, int]:
        return {"line": self.line, "column": self.column, "offset": self.offset}


@dataclass(frozen=True, slots=True)
class Node:
    """A JSON value with its span. ``kind`` is object, array, string, number, bool or null."""

    kind: str
    value: Any  # the plain Python value (dict/list/str/int/float/bool/None)
    start: Pos
    end: Pos
    entries: tuple[tuple[str, Node, Node], ...] = ()  # objects: (key, key node, value node), in order
    items: tuple[Node, ...] = ()  # arrays

    def get(self, key: str) -> Node | None:
        """The value of the first entry named exactly ``key`` (objects only)."""
        for k, _, v in self.entries:
            if k == key:
                return v
        return None


class JsonSyntaxError(Exception):
    """Text that is not JSON; ``pos`` is where reading stopped."""

    def __init__(self, message: str, pos: Pos) -> None:
        super().__init__(message)
        self.message = message
        self.pos = pos


class _Reader:
    __slots__ = ("newlines", "pos", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.newlines = [i for i, ch in enumerate(text) if ch == "\n"]

    def at(self, offset: int) -> Pos:
        offset = min(offset, len(self.text))
        line = bisect.bisect_left(self.newlines, offset)
        start = self.newlines[line - 1] + 1 if line else 0
        return Pos(line + 1, offset - start, offset)

    def fail(self, message: str) -> JsonSyntaxError:
        return JsonSyntaxError(message, self.at(self.pos))

    def skip(self) -> None:
        m = _WS.match(self.text, self.pos)
        self.pos = m.end() if m else self.pos

    def node(self, depth: int) -> Node:
        if depth > _MAX_DEPTH:
            raise self.fail("nesting too deep")
        self.skip()
        begin = self.pos
        ch = self.text[self.pos : self.pos + 1]
        if ch == "{":
            return self.obj(begin, depth)
        if ch == "[":
            return self.arr(begin, depth)
        if ch == '"':
            s = self.string()
            return Node("string", s, self.at(begin), self.at(self.pos))
        for word, val in _LITERALS:
            if self.text.startswith(word, self.pos):
                self.pos += len(word)
                return Node("null" if val is None else "bool", val, self.at(begin), self.at(self.pos))
        m = _NUMBER.match(self.text, self.pos)
        if m and m.end() > self.pos:
            self.pos = m.end()
            num = float(m.group()) if m.group(1) or m.group(2) else int(m.group())
            return Node("number", num, self.at(begin), self.at(self.pos))
        raise self.fail("expected a value" if ch else "unexpected end of document")

    def string(self) -> str:
        try:
            s, end = _scanstring(self.text, self.pos + 1, True)
        except json.JSONDecodeError as exc:
            self.pos = exc.pos
            raise self.fail(exc.msg.lower()) from None
        self.pos = end
        return s

    def obj(self, begin: int, depth: int) -> Node:
        entries: list[tuple[str, Node, Node]] = []
        self.pos += 1
        self.skip()
        if not self.text.startswith("}", self.pos):
            while True:
                self.skip()
                if not self.text.startswith('"', self.pos):
                    raise self.fail("expected a quoted key")
                key_begin = self.pos
                key = self.string()
                key_node = Node("string", key, self.at(key_begin), self.at(self.pos))
                self.skip()
                if not self.text.startswith(":", self.pos):
                    raise self.fail("expected `:`")
                self.pos += 1
                entries.append((key, key_node, self.node(depth + 1)))
                if self.sep("}"):
                    break
        else:
            self.pos += 1
        plain = {k: v.value for k, _, v in reversed(entries)}  # first occurrence wins in `value`
        return Node("object", plain, self.at(begin), self.at(self.pos), entries=tuple(entries))

    def arr(self, begin: int, depth: int) -> Node:
        items: list[Node] = []
        self.pos += 1
        self.skip()
        if not self.text.startswith("]", self.pos):
            while True:
                items.append(self.node(depth + 1))
                if self.sep("]"):
                    break
        else:
            self.pos += 1
        return Node("array", [i.value for i in items], self.at(begin), self.at(self.pos), items=tuple(items))

    def sep(self, close: str) -> bool:
        """Consume ``,`` (False: more follows) or the closing bracket (True)."""
        self.skip()
        ch = self.text[self.pos : self.pos + 1]
        if ch == close:
            self.pos += 1
            return True
        if ch == ",":
            self.pos += 1
            return False
        raise self.fail(f"expected `,` or `{close}`")


def read_located(text: str) -> Node:
    """Parse ``text`` into a :class:`Node` tree; :class:`JsonSyntaxError` when it is not JSON."""
    if text.startswith("\ufeff"):
        text = " " + text[1:]  # a byte-order mark: keep offsets, ignore the mark
    reader = _Reader(text)
    node = reader.node(0)
    reader.skip()
    if reader.pos != len(text):
        raise reader.fail("extra data after the document")
    return node


def from_value(value: Any) -> Node:
    """A :class:`Node` tree for an already-decoded value, with the spans of its compact JSON text."""
    return read_located(json.dumps(value, separators=(",", ":"), ensure_ascii=False))
