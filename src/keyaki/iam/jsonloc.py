"""A small JSON reader that remembers where every value is (line and column).

Python's :mod:`json` gives no positions, but users need them in error messages
(STYLE.md habit 10). :func:`load_located` returns the plain value and a map from each value's
JSON Pointer (RFC 6901) to its 1-based ``(line, column)``. Strings and numbers are read with the
standard library's own scanners, so what is accepted is exactly RFC 8259 JSON; duplicate object
keys are refused (IAM rejects an ambiguous document rather than guessing which key wins).

>>> value, where = load_located('{"a": [1,\\n "x"]}')
>>> value, where["/a/1"]
({'a': [1, 'x']}, (2, 2))
"""

from __future__ import annotations

import bisect
import json
import json.decoder
import re
from typing import Any

from keyaki.errors import PolicyError

_WS = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?")
_LITERALS = {"true": True, "false": False, "null": None}
_MAX_DEPTH = 200


def _escape(part: str) -> str:
    return part.replace("~", "~0").replace("/", "~1")


class _Reader:
    """Recursive-descent reader over one text; positions are recorded per JSON Pointer."""

    __slots__ = ("lines", "pos", "text", "where")

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.where: dict[str, tuple[int, int]] = {}
        self.lines = [i for i, ch in enumerate(text) if ch == "\n"]

    def line_col(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_left(self.lines, offset)
        start = self.lines[line - 1] + 1 if line else 0
        return line + 1, offset - start + 1

    def fail(self, message: str, path: str = "") -> PolicyError:
        line, col = self.line_col(min(self.pos, len(self.text)))
        return PolicyError(f"invalid json: {message} at line {line} column {col}", location=path or None)

    def skip(self) -> None:
        m = _WS.match(self.text, self.pos)
        self.pos = m.end() if m else self.pos

    def value(self, path: str, depth: int) -> Any:
        if depth > _MAX_DEPTH:
            raise self.fail("nesting too deep", path)
        self.skip()
        self.where[path] = self.line_col(self.pos)
        ch = self.text[self.pos : self.pos + 1]
        if ch == "{":
            return self.obj(path, depth)
        if ch == "[":
            return self.arr(path, depth)
        if ch == '"':
            return self.string()
        for word, val in _LITERALS.items():
            if self.text.startswith(word, self.pos):
                self.pos += len(word)
                return val
        m = _NUMBER.match(self.text, self.pos)
        if m and m.end() > self.pos:
            self.pos = m.end()
            return float(m.group()) if m.group(1) or m.group(2) else int(m.group())
        raise self.fail("expected a value" if ch else "unexpected end of document", path)

    def string(self) -> str:
        try:
            s, end = json.decoder.scanstring(self.text, self.pos + 1, True)  # type: ignore[attr-defined]  # untyped in typeshed
        except json.JSONDecodeError as exc:
            self.pos = exc.pos
            raise self.fail(exc.msg.lower()) from None
        self.pos = end
        return s

    def obj(self, path: str, depth: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        self.pos += 1
        self.skip()
        if self.text.startswith("}", self.pos):
            self.pos += 1
            return out
        while True:
            self.skip()
            if not self.text.startswith('"', self.pos):
                raise self.fail("expected a quoted key", path)
            key = self.string()
            if key in out:
                raise self.fail(f"duplicate key `{key}`", path)
            self.skip()
            if not self.text.startswith(":", self.pos):
                raise self.fail("expected `:`", path)
            self.pos += 1
            out[key] = self.value(f"{path}/{_escape(key)}", depth + 1)
            if self.sep("}", path):
                return out

    def arr(self, path: str, depth: int) -> list[Any]:
        out: list[Any] = []
        self.pos += 1
        self.skip()
        if self.text.startswith("]", self.pos):
            self.pos += 1
            return out
        while True:
            out.append(self.value(f"{path}/{len(out)}", depth + 1))
            if self.sep("]", path):
                return out

    def sep(self, close: str, path: str) -> bool:
        """Consume `,` (False: more follows) or the closing bracket (True)."""
        self.skip()
        ch = self.text[self.pos : self.pos + 1]
        self.pos += 1
        if ch == close:
            return True
        if ch == ",":
            return False
        self.pos -= 1
        raise self.fail(f"expected `,` or `{close}`", path)


def load_located(text: str) -> tuple[Any, dict[str, tuple[int, int]]]:
    """Parse JSON ``text``; return the value and a map JSON Pointer → ``(line, column)``.

    Raises :class:`keyaki.errors.PolicyError` (with line and column in the message) on bad JSON.
    """
    reader = _Reader(text)
    value = reader.value("", 0)
    reader.skip()
    if reader.pos != len(text):
        raise reader.fail("extra data after the document")
    return value, reader.where
