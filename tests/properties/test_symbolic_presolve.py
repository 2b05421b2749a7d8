"""The answers found before the solver (``keyaki.symbolic.presolve``) agree with the evaluator and the solver.

* containment claims PASS only when the evaluator agrees on every request tried, and the solver,
  asked the same question without the containment test, never finds a FAIL;
* a FAIL found by the candidate requests replays (new allowed, existing not), and the solver alone
  never calls that pair PASS.
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from test_symbolic_equiv import ACTIONS, RESOURCES, policies, requests

from keyaki.iam.parse import parse_policy
from keyaki.symbolic import Checker, presolve
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
