"""Interval sets and boxes agree with Python sets on small universes."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from keyaki.network.ipset import V4_ALL, V6_BASE, Box, IntervalSet, cidr_span, summarize, to_cidrs

spans = st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40)).map(lambda t: (min(t), max(t))), max_size=5)


def _points(s: IntervalSet) -> set[int]:
    return {x for lo, hi in s for x in range(lo, hi + 1)}


@settings(max_examples=300)
@given(spans, spans)
def test_set_algebra_matches_python_sets(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> None:
    x, y = IntervalSet.union_of(a), IntervalSet.union_of(b)
    px, py = _points(x), _points(y)
    assert _points(x | y) == px | py
    assert _points(x & y) == px & py
    assert _points(x - y) == px - py
    assert x.size() == len(px)
    assert all(hi + 1 < lo2 for (_, hi), (lo2, _) in zip((x - y).spans, (x - y).spans[1:], strict=False))


@settings(max_examples=200)
@given(spans, spans, spans, spans)
def test_box_minus_is_exact_and_disjoint(a: list, b: list, c: list, d: list) -> None:
    one = Box(IntervalSet.union_of(a), IntervalSet.union_of(b))
    two = Box(IntervalSet.union_of(c), IntervalSet.union_of(d))
    pts = {(s, p) for s in _points(one.src) for p in _points(one.ports)}
    cut = {(s, p) for s in _points(two.src) for p in _points(two.ports)}
    parts = one.minus(two)
    got = [{(s, p) for s in _points(b.src) for p in _points(b.ports)} for b in parts]
    assert set().union(*got) == pts - cut
    assert sum(len(g) for g in got) == len(pts - cut)


def test_cidrs_round_trip_both_families() -> None:
    s = IntervalSet.of(cidr_span("0.0.0.0/0")) - IntervalSet.of(cidr_span("10.0.0.0/8"))
    assert to_cidrs(s)[0] == "0.0.0.0/5" and "10.0.0.0/8" not in to_cidrs(s)
    assert to_cidrs(IntervalSet.of(cidr_span("2600:1f18::/32"))) == ["2600:1f18::/32"]
    assert cidr_span("::/0")[0] == V6_BASE and cidr_span("0.0.0.0/0") == V4_ALL


def test_summarize_reads_as_a_family_minus_exceptions() -> None:
    s = IntervalSet.of(V4_ALL) - IntervalSet.of(cidr_span("10.0.0.0/16"))
    assert summarize(s) == "0.0.0.0/0 except 10.0.0.0/16"
    assert summarize(IntervalSet.of(cidr_span("198.51.100.0/24"))) == "198.51.100.0/24"
    assert summarize(IntervalSet()) == "nothing"
