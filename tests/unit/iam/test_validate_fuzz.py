"""Hypothesis: the validator never raises, whatever the policy text or value looks like."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from keyaki.iam.validate import RESOURCE_TYPES, PolicyType, validate_text

SEEDS: list[Any] = [
    json.loads(p.read_text())["policy"]
    for p in sorted((Path(__file__).parents[2] / "corpus" / "iam_validate").glob("*.json"))
    if "policy" in json.loads(p.read_text())
]
WORDS = st.sampled_from(
    [
        "*", "", "s3:*", "s3:Get*", "iam:PassRole", "arn:aws:s3:::b/*", "arn:aws:iam::111122223333:role/*",
        "Allow", "Deny", "Statement", "Action", "NotAction", "Resource", "NotResource", "Principal",
        "NotPrincipal", "Condition", "Sid", "Effect", "Version", "2012-10-17", "StringEquals",
        "ForAllValues:StringLike", "NullIfExists", "IpAddress", "aws:SourceIp", "aws:TagKeys",
        "10.0.0.0/8", "${aws:username", "${}", "arn:", "AWS", "Service", "true", "3600",
    ]
)  # fmt: skip
SCALARS = st.one_of(WORDS, st.text(max_size=12), st.integers(), st.booleans(), st.none(), st.floats(allow_nan=False))
VALUES = st.recursive(
    SCALARS,
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(WORDS, children, max_size=4)),
    max_leaves=12,
)


@st.composite
def mutated(draw: st.DrawFn) -> Any:
    """A seed policy with one subtree replaced, removed or added."""
    value = json.loads(json.dumps(draw(st.sampled_from(SEEDS))))
    node = value
    for _ in range(draw(st.integers(0, 4))):
        if isinstance(node, dict) and node:
            key = draw(st.sampled_from(sorted(node)))
            if draw(st.booleans()) or not isinstance(node[key], dict | list):
                action = draw(st.sampled_from(["replace", "delete", "add"]))
                if action == "replace":
                    node[key] = draw(VALUES)
                elif action == "delete":
                    del node[key]
                else:
                    node[draw(WORDS)] = draw(VALUES)
                return value
            node = node[key]
        elif isinstance(node, list) and node:
            i = draw(st.integers(0, len(node) - 1))
            if draw(st.booleans()) or not isinstance(node[i], dict | list):
                node[i] = draw(VALUES)
                return value
            node = node[i]
    return value


def _check(text: str, kind: PolicyType, resource_type: str | None = None) -> None:
    findings = validate_text(text, kind, resource_type=resource_type if kind is PolicyType.RESOURCE_POLICY else None)
    for f in findings:
        out = f.to_json()
        assert out["findingType"] in {"ERROR", "SECURITY_WARNING", "WARNING", "SUGGESTION"}
        for loc in f.locations:
            assert 0 <= loc.start.offset <= loc.end.offset <= len(text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated(), st.sampled_from(list(PolicyType)), st.sampled_from([None, *RESOURCE_TYPES]))
def test_mutated_policies_never_raise(policy: Any, kind: PolicyType, resource_type: str | None) -> None:
    _check(json.dumps(policy, indent=1), kind, resource_type)


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(SEEDS),
    st.integers(0, 10_000),
    st.integers(1, 5),
    st.text(max_size=3),
    st.sampled_from(list(PolicyType)),
)
def test_mutated_text_never_raises(policy: Any, at: int, cut: int, insert: str, kind: PolicyType) -> None:
    text = json.dumps(policy, indent=2)
    at %= len(text)
    _check(text[:at] + insert + text[at + cut :], kind)


@settings(max_examples=200, deadline=None)
@given(VALUES, st.sampled_from(list(PolicyType)))
def test_arbitrary_json_never_raises(value: Any, kind: PolicyType) -> None:
    _check(json.dumps(value), kind)
    _check(json.dumps({"PolicyVersion": {"Document": value}}), kind)
