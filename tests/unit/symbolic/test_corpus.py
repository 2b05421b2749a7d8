"""The comparison corpus (``tests/corpus/symbolic``): policy pairs from the AWS documentation's examples,
each labelled ``a_more_permissive``, ``b_more_permissive``, ``equivalent`` or ``incomparable``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from keyaki.iam.parse import parse_policy
from keyaki.symbolic import Checker
from keyaki.symbolic.replay import decide

CORPUS = Path(__file__).parents[2] / "corpus" / "symbolic"
EXPECT = {  # (new=a over existing=b, new=b over existing=a)
    "a_more_permissive": ("FAIL", "PASS"),
    "b_more_permissive": ("PASS", "FAIL"),
    "equivalent": ("PASS", "PASS"),
    "incomparable": ("FAIL", "FAIL"),
}


def _cases() -> list[Any]:
    return [pytest.param(json.loads(p.read_text()), id=p.stem) for p in sorted(CORPUS.glob("*.json"))]


def test_corpus_is_there() -> None:
    assert len(_cases()) >= 10


@pytest.mark.parametrize("case", _cases())
def test_comparison(case: dict[str, Any]) -> None:
    a, b = parse_policy(case["a"]), parse_policy(case["b"])
    checker = Checker(timeout_ms=10_000)
    got = (
        checker.verify_no_new_access(a, b, case["policy_type"]),
        checker.verify_no_new_access(b, a, case["policy_type"]),
    )
    assert tuple(r.result for r in got) == EXPECT[case["expected"]], [r.reasons for r in got]
    for result, (new, old) in zip(got, ((a, b), (b, a)), strict=True):
        if result.witness is not None:
            request = result.witness["request"]
            assert decide(new, request) == "allowed" and decide(old, request) != "allowed"
