"""The data-driven corpus: every case in ``tests/corpus/iam/*.json`` gets its expected decision.

Each case is in the ``keyaki iam simulate`` format plus ``description`` (the AWS documentation
example or edge case it reproduces) and ``expected`` (``decision``, optionally
``missing_context_keys`` and ``matched_statements``). Run one case with ``pytest -k 'kms[2]'``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from keyaki.iam import simulate

CORPUS = Path(__file__).resolve().parents[2] / "corpus" / "iam"


def _cases() -> list[Any]:
    out = []
    for path in sorted(CORPUS.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for i, case in enumerate(data if isinstance(data, list) else [data]):
            out.append(pytest.param(case, id=f"{path.stem}[{i}]"))
    return out


CASES = _cases()


def test_corpus_is_not_empty() -> None:
    assert len(CASES) >= 50


@pytest.mark.parametrize("case", CASES)
def test_case(case: dict[str, Any]) -> None:
    assert case.get("description"), "every corpus case cites what it reproduces"
    expected = case["expected"]
    result = simulate(case).to_json()
    assert result["decision"] == expected["decision"], case["description"]
    for key in ("missing_context_keys", "matched_statements"):
        if key in expected:
            assert result[key] == expected[key], case["description"]
