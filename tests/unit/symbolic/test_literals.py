"""Policy text reaches z3 literally: z3 reads ``\\u{41}`` and ``\\u0041`` in a string constant as ``A``,
so a policy's backslash must not be handed to it as is (a resource ``b/\\u{41}`` is not ``b/A``)."""

from __future__ import annotations

from typing import Any

import pytest
import z3
from hypothesis import given
from hypothesis import strategies as st

from keyaki.errors import BadInput
from keyaki.iam.parse import parse_policy
from keyaki.symbolic import Checker
from keyaki.symbolic.patterns import regex, tokenize
from keyaki.symbolic.replay import decide
from keyaki.symbolic.term import concat, py_str, s


def pol(resource: Any, condition: dict[str, Any] | None = None) -> Any:
    stmt: dict[str, Any] = {"Effect": "Allow", "Action": "s3:GetObject", "Resource": resource}
    if condition:
        stmt["Condition"] = condition
    return parse_policy({"Version": "2012-10-17", "Statement": [stmt]})


def _fails_with_a_replayed_witness(new: Any, old: Any, *, presolve: bool) -> None:
    result = Checker(timeout_ms=10_000, presolve=presolve).verify_no_new_access(new, old, "IDENTITY_POLICY")
    assert result.result == "FAIL", result
    request = result.witness["request"]  # type: ignore[index]  # a FAIL has a witness
    assert decide(new, request) == "allowed" and decide(old, request) != "allowed"


def test_an_escape_sequence_in_a_resource_is_literal_for_the_solver() -> None:
    new, old = pol("arn:aws:s3:::b/\\u{41}"), pol("arn:aws:s3:::b/A")
    _fails_with_a_replayed_witness(new, old, presolve=False)


def test_an_escape_sequence_past_the_candidates_is_no_pass() -> None:
    """The candidate requests try 12 per statement; the 13th resource is the solver's alone."""
    common = [f"arn:aws:s3:::b{i}/k" for i in range(12)]
    new, old = pol([*common, "arn:aws:s3:::b/\\u{41}"]), pol([*common, "arn:aws:s3:::b/A"])
    _fails_with_a_replayed_witness(new, old, presolve=True)


def test_an_escape_sequence_in_a_condition_value_is_literal() -> None:
    def tagged(value: str) -> Any:
        return pol("*", {"StringEquals": {"aws:PrincipalTag/team": value}})

    _fails_with_a_replayed_witness(tagged("\\u0041"), tagged("A"), presolve=False)
    _fails_with_a_replayed_witness(
        pol("*", {"StringLike": {"s3:prefix": ["\\u{61}*", "c*"]}}),
        pol("*", {"StringLike": {"s3:prefix": ["a*", "c*"]}}),
        presolve=False,
    )


@given(st.text(alphabet=st.sampled_from(["\\", "u", "{", "}", "4", "1", "0", "a", "é", "\x01", "\U0001f600"])))
def test_strings_round_trip_through_z3(value: str) -> None:
    assert py_str(s(value)) == value
    assert z3.simplify(z3.Length(s(value))).as_long() == len(value)
    assert py_str(concat(value, "x", value)) == value + "x" + value
    solver = z3.Solver()
    x = z3.String("x")
    solver.add(z3.InRe(x, regex(list(tokenize(value.replace("*", ""), variables=False)))))
    assert solver.check() == z3.sat
    assert py_str(solver.model().eval(x)) == value


def test_a_character_beyond_the_solvers_alphabet_is_never_a_pass() -> None:
    """z3's characters stop at U+2FFFF: it read U+30000 as the nine characters ``\\u{30000}``, so two
    different resources were one to the solver (PASS both ways). Such a statement is not modelled."""
    common = [f"arn:aws:s3:::b{i}/k" for i in range(12)]
    a, b = pol([*common, "arn:aws:s3:::b/\U00030000"]), pol([*common, "arn:aws:s3:::b/\\u{30000}"])
    for new, old in ((a, b), (b, a)):
        result = Checker(timeout_ms=10_000).verify_no_new_access(new, old, "IDENTITY_POLICY")
        assert result.result != "PASS", result
        if result.result == "FAIL":
            request = result.witness["request"]  # type: ignore[index]  # a FAIL has a witness
            assert decide(new, request) == "allowed" and decide(old, request) != "allowed"
    reasons = Checker().verify_no_new_access(a, b, "IDENTITY_POLICY").reasons
    assert any("U+2FFFF" in r for r in reasons), reasons
    with pytest.raises(BadInput, match="U\\+2FFFF"):
        s("\U00030000")
