"""Typed, permissive read views over a snapshot's verbatim AWS JSON (one module per service).

Views parse once into frozen, slotted values; unknown fields are ignored; what was not collected is
kept distinct from what does not exist (:class:`Read`), so no analysis mistakes a gap for "none".
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Generic, TypeVar
from urllib.parse import unquote

from keyaki.snapshot.load import Response, Status

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Read(Generic[T]):
    """One fact read from the snapshot: its value, or why there is none.

    ``status`` OK: ``value`` holds it; NOT_FOUND: collected, it does not exist (``value`` None);
    NOT_COLLECTED / FAILED: unknown — an analysis must say "not evaluated", never "pass".
    """

    status: Status
    value: T | None
    source: str

    @property
    def known(self) -> bool:
        """True when the snapshot answers the question (the value, or "there is none")."""
        return self.status in (Status.OK, Status.NOT_FOUND)

    @classmethod
    def of(cls, resp: Response, value: T | None) -> Read[T]:
        return cls(resp.status, value if resp.ok else None, resp.path)


def policy_document(raw: Any) -> Any:
    """A policy document as AWS returns it — a JSON object, a JSON string, or a URL-encoded JSON string
    (GAAD's raw API form) — as a parsed value. Returns the input unchanged when it is not JSON text, so the
    IAM parser can report the problem with its location.

    >>> policy_document('%7B%22Version%22%3A%222012-10-17%22%7D')
    {'Version': '2012-10-17'}
    """
    if not isinstance(raw, str):
        return raw
    for text in (raw, unquote(raw)):
        try:
            return json.loads(text)
        except ValueError:
            continue
    return raw


def tags_dict(tags: Any) -> dict[str, str]:
    """``[{"Key": k, "Value": v}]`` (or lower-case ``key``/``value``) as a dict."""
    out: dict[str, str] = {}
    for t in tags or []:
        if isinstance(t, dict):
            k = t.get("Key", t.get("key"))
            if k is not None:
                out[str(k)] = str(t.get("Value", t.get("value", "")))
    return out
