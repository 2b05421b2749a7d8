"""Fused ARN patterns (``keyaki.symbolic.patterns.arn_match_any``) match exactly what the concrete
matcher matches: the OR of several patterns, whatever fields they share or differ in."""

from __future__ import annotations

import z3
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from keyaki.iam.wildcard import arn_match, tokenize
from keyaki.symbolic.patterns import arn_match_any
from keyaki.symbolic.term import s

_FIELDS = [
    ["aws", "aws-cn", "*", "aw?"],
    ["s3", "waf", "waf-regional", "*", "waf*"],
    ["", "us-east-1", "*", "us-*"],
    ["", "111122223333", "*", "1111*"],
    ["b/*", "b/k", "rule/*", "*", "AWSMarketplace/Experience/*", "b/?", "x:y/*", "*/x"],
]
_VALUES = [
    ["aws", "aws-cn", "awx"],
    ["s3", "waf", "waf-regional", "wafv2"],
    ["", "us-east-1", "eu-west-1"],
    ["", "111122223333", "444455556666"],
    ["b/k", "b/kk", "rule/1", "AWSMarketplace/Experience/e1", "x:y/z", "a/x", ""],
]

pattern = st.tuples(*(st.sampled_from(f) for f in _FIELDS)).map(lambda f: "arn:" + ":".join(f))
pattern_or_short = pattern | st.sampled_from(["*", "arn:aws:s3:::*", "arn:aws:*", "arn:*:waf*"])
value = st.tuples(*(st.sampled_from(f) for f in _VALUES))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(pattern_or_short, min_size=1, max_size=6), value)
def test_fused_patterns_match_like_the_evaluator(patterns: list[str], fields: tuple[str, ...]) -> None:
    names = ("partition", "service", "region", "account", "resource")
    syms = tuple(z3.String(f"t.{n}") for n in names)
    formula = arn_match_any((s("arn"), *syms), [tokenize(p, variables=False) for p in patterns], None)
    solver = z3.Solver()
    solver.add(formula, *(x == s(v) for x, v in zip(syms, fields, strict=True)))
    arn = "arn:" + ":".join(fields)
    assert (solver.check() == z3.sat) == any(arn_match(p, arn) for p in patterns), (patterns, arn)
