"""The answers found before the solver (``keyaki.symbolic.presolve``) agree with the evaluator and the solver.

* containment claims PASS only when the evaluator agrees on every request tried, and the solver,
  asked the same question without the containment test, never finds a FAIL;
* a FAIL found by the candidate requests replays (new allowed, existing not), and the solver alone
  never calls that pair PASS.
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from test_symbolic_equiv import ACTIONS, RESOURCES, policies, requests

from keyaki.iam.parse import parse_policy
from keyaki.iam.wildcard import arn_match as concrete_arn_match
from keyaki.iam.wildcard import glob as concrete_glob
from keyaki.symbolic import Checker, presolve
from keyaki.symbolic.presolve import _actions_cover, _arn_in
from keyaki.symbolic.replay import decide

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def widened(draw: st.DrawFn, policy: dict[str, Any]) -> dict[str, Any]:
    """``policy`` with some Allow statements widened (action, resource or a condition dropped) or
    narrowed, some statements added and some Deny statements dropped: often, not always, more permissive."""
    out = []
    for stmt in policy["Statement"]:
        s = dict(stmt)
        if s["Effect"] == "Deny" and draw(st.integers(0, 3)) == 0:
            continue
        if s["Effect"] == "Allow" and draw(st.integers(0, 4)) == 0:  # narrowed instead
            s["Condition"] = {**s.get("Condition", {}), "Bool": {"aws:SecureTransport": "true"}}
            s["Resource" if "Resource" in s else "NotResource"] = ["arn:aws:s3:::bucket/home/*/x"]
        elif s["Effect"] == "Allow" and draw(st.booleans()):
            change = draw(st.sampled_from(["action", "resource", "condition"]))
            if change == "action" and "Action" in s:
                s["Action"] = [draw(st.sampled_from(["s3:*", "*", "s3:Get*", "s3:GetObject"]))]
            elif change == "resource" and "Resource" in s:
                s["Resource"] = [draw(st.sampled_from(["*", "arn:aws:s3:::bucket/*", "arn:aws:s3:::*"]))]
            elif change == "condition":
                s.pop("Condition", None)
        out.append(s)
    if draw(st.booleans()):
        out.append({"Effect": "Allow", "Action": draw(st.lists(st.sampled_from(ACTIONS), min_size=1, max_size=2)),
                    "Resource": draw(st.lists(st.sampled_from(RESOURCES), min_size=1, max_size=2))})  # fmt: skip
    return {"Version": "2012-10-17", "Statement": out or policy["Statement"]}


@st.composite
def related_pair(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any]]:
    new = draw(policies())
    return new, draw(widened(new))


def solver_only(new: Any, old: Any) -> str:
    """The answer of the solver alone (neither containment nor the candidates)."""
    return Checker(timeout_ms=3_000, presolve=False).verify_no_new_access(new, old, "IDENTITY_POLICY").result


@SETTINGS
@given(related_pair(), st.lists(requests(), min_size=5, max_size=12))
def test_containment_is_sound(pair: tuple[dict[str, Any], dict[str, Any]], reqs: list[dict[str, Any]]) -> None:
    new, old = (parse_policy(p) for p in pair)
    event(f"contained: {presolve.contained(new, old)}")
    if not presolve.contained(new, old):
        return
    for r in reqs:
        if decide(new, r) == "allowed":
            assert decide(old, r) == "allowed", (pair, r)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(related_pair())
@example(  # the search once set `aws:PrincipalIsAWSService` in a user's context (shrunk bug)
    ({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject"],
      "NotResource": ["arn:aws:s3:::bucket/*"],
      "Condition": {"StringEquals": {"aws:PrincipalIsAWSService": ["true"]}}}]},
     {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject"],
      "NotResource": ["arn:aws:s3:::bucket/home/*/x"], "Condition": {
          "StringEquals": {"aws:PrincipalIsAWSService": ["true"]}, "Bool": {"aws:SecureTransport": "true"}}}]}),
)  # fmt: skip
def test_presolve_agrees_with_the_solver(pair: tuple[dict[str, Any], dict[str, Any]]) -> None:
    new, old = (parse_policy(p) for p in pair)
    result = Checker(timeout_ms=3_000).verify_no_new_access(new, old, "IDENTITY_POLICY")
    method = result.details.get("method")
    event(f"{result.result} by {method}")
    if method == "containment":
        assert solver_only(new, old) != "FAIL", pair
    if method == "search":
        w = result.witness["request"]  # type: ignore[index]  # a FAIL has a witness
        assert decide(new, w) == "allowed" and decide(old, w) != "allowed"
        assert solver_only(new, old) != "PASS", pair
    # and the other way round: a FAIL by the solver is never a containment PASS
    if result.result == "FAIL":
        assert not presolve.contained(new, old)


# --- containment of single patterns, against the concrete matchers --------------------------------
# Requests are built from the new pattern itself (each `*` and `?` filled, colons and wildcard
# characters included), so the implication is tested where it can fail, not on random strings.

_FIELD = st.sampled_from(["", "*", "?", "a", "b", "a*", "ab*", "*a", "a?", "?a", "ab", "a*b", "**", "?*", "a:b", "a:*"])
_FILL = st.sampled_from(["", "a", "b", ":", "a:b", "/", "ab", "*", "?", "b:"])


@st.composite
def arn_pattern(draw: st.DrawFn) -> str:
    head = draw(st.sampled_from(["arn", "arn", "*", "a?n", "arn*"]))
    n = draw(st.sampled_from([5, 5, 5, 4, 6, 1]))
    return ":".join([head, *(draw(_FIELD) for _ in range(n))])


@st.composite
def narrowed(draw: st.DrawFn, pattern: str) -> str:
    """``pattern`` with some characters replaced by wildcards or dropped (often a wider pattern)."""
    return "".join(c if draw(st.integers(0, 3)) else draw(st.sampled_from(["*", "?", "", c + "*"])) for c in pattern)


@st.composite
def one_field_changed(draw: st.DrawFn, pattern: str) -> str:
    """``pattern`` with one of its colon-separated fields replaced."""
    fields = pattern.split(":")
    fields[draw(st.integers(0, len(fields) - 1))] = draw(_FIELD)
    return ":".join(fields)


def instance(draw: st.DrawFn, pattern: str) -> str:
    return "".join(draw(_FILL) if c == "*" else draw(st.sampled_from("a:/*")) if c == "?" else c for c in pattern)


@settings(max_examples=800, deadline=None)
@given(st.data())
def test_arn_containment_is_sound(data: st.DataObject) -> None:
    new = data.draw(arn_pattern())
    old = data.draw(arn_pattern() | narrowed(new) | one_field_changed(new))
    event(f"contained: {_arn_in(new, old)}")
    if not _arn_in(new, old):
        return
    for _ in range(10):
        arn = instance(data.draw, new)
        if concrete_arn_match(new, arn):
            assert concrete_arn_match(old, arn), (new, old, arn)


_ACTION_PART = st.sampled_from(["s3", "S3", "ec2", ":", "get", "Get", "*", "?", "o", "bj", "s3:get", "S3:Get*"])
action_pattern = st.lists(_ACTION_PART, min_size=1, max_size=4).map("".join)


@settings(max_examples=800, deadline=None)
@given(st.data())
def test_action_containment_is_sound(data: st.DataObject) -> None:
    olds = tuple(data.draw(st.lists(action_pattern, min_size=1, max_size=4)))
    new = data.draw(action_pattern | st.sampled_from(olds).flatmap(narrowed) | st.sampled_from(olds).map(str.upper))
    covered = _actions_cover(olds).covers(new)
    event(f"covered: {covered}")
    if not covered:
        return
    for _ in range(10):
        action = instance(data.draw, new).lower()
        if concrete_glob(new.lower(), action):
            assert any(concrete_glob(o.lower(), action) for o in olds), (olds, new, action)
