"""docs/snapshot.md documents every call of the layout table (they must not drift apart)."""

from __future__ import annotations

from pathlib import Path

from keyaki.snapshot.layout import CALLS

DOC = Path(__file__).parents[3] / "docs" / "snapshot.md"


def test_every_call_is_documented():
    text = DOC.read_text(encoding="utf-8")
    missing = [f"{c.service} {c.operation}" for c in CALLS if f"`{c.service} {c.operation}`" not in text]
    assert missing == []
