"""Fused ARN patterns (``keyaki.symbolic.patterns.arn_match_any``) match exactly what the concrete
matcher matches: the OR of several patterns, whatever fields they share or differ in."""

from __future__ import annotations

import z3
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from keyaki.iam.wildcard import arn_match, compile_arn, compile_tokens, tokenize
from keyaki.symbolic.condition import _like_any
from keyaki.symbolic.patterns import arn_match_any
from keyaki.symbolic.term import Slot, s

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


# --- odd patterns: `?`, empty fields, another first field, fewer than six parts, `${*}` -------------

_ODD_FIELD = st.sampled_from(["", "*", "?", "a", "a*", "*a", "a?", "?a", "ab", "a*b", "**", "?*", "${*}", "a${?}"])
_ODD_LAST = st.sampled_from(
    ["", "*", "?", "a", "a*", "*a", "a:b", "a:*", "*:*", "?:?", "a/*", "x:y/*", "${*}:*", "\\u{61}*"]
)
_ODD_VALUE = st.sampled_from(["", "a", "b", "ab", "aa", "ba", "*", "?", "a*", "a?"])
_ODD_LAST_VALUE = st.sampled_from(["", "a", "ab", "a:b", "a:", ":", "x:y/z", "a/b", "*:*", "?:?", "\\u{61}b"])


@st.composite
def odd_pattern(draw: st.DrawFn) -> str:
    head = draw(st.sampled_from(["arn", "arn", "arn", "*", "a?n", "ar*", "x", ""]))
    fields = [draw(_ODD_FIELD) for _ in range(draw(st.sampled_from([4, 4, 4, 3, 1, 0])))]
    if len(fields) == 4:
        fields.append(draw(_ODD_LAST))
    return ":".join([head, *fields])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(odd_pattern(), min_size=1, max_size=6), st.tuples(*[_ODD_VALUE] * 4, _ODD_LAST_VALUE))
def test_fused_odd_patterns_match_like_the_evaluator(patterns: list[str], fields: tuple[str, ...]) -> None:
    names = ("partition", "service", "region", "account", "resource")
    syms = tuple(z3.String(f"t.{n}") for n in names)
    toks = [tokenize(p, variables=True) for p in patterns]  # `${*}` and `${?}`: a literal `*` and `?`
    formula = arn_match_any((s("arn"), *syms), toks, None)
    solver = z3.Solver()
    solver.add(formula, *(x == s(v) for x, v in zip(syms, fields, strict=True)))
    arn = "arn:" + ":".join(fields)
    assert (solver.check() == z3.sat) == any(compile_arn(t)(arn) for t in toks), (patterns, arn)


_LIKE = st.lists(st.sampled_from(["", "a", "b", ":", "*", "?", "${*}", "\\u{61}"]), max_size=4).map("".join)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_LIKE, min_size=2, max_size=5), st.lists(st.sampled_from(["a", "b", ":", "*", "\\u{61}"]), max_size=4))
def test_fused_string_like_values_match_like_the_evaluator(patterns: list[str], value: list[str]) -> None:
    x = z3.String("v")
    toks = [tokenize(p, variables=True) for p in patterns]
    solver = z3.Solver()
    solver.add(_like_any(Slot(x), toks, None), x == s("".join(value)))
    assert (solver.check() == z3.sat) == any(compile_tokens(t)("".join(value)) for t in toks), (patterns, value)
