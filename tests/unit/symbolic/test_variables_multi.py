"""A policy variable of a key that another clause reads with a set operator: AWS sends a principal tag
as one string (it is single-valued; ``ForAnyValue`` reads it as a set of one), and then the variable
has that value. The solver modelled such a key as a list only, where a variable has no value, and
proved PASS for a new policy that grants ``b/${aws:PrincipalTag/team}``."""

from __future__ import annotations

from typing import Any

from keyaki.iam.parse import parse_policy
from keyaki.symbolic import Checker
from keyaki.symbolic.replay import decide


def pol(*statements: dict[str, Any]) -> Any:
    return parse_policy({"Version": "2012-10-17", "Statement": list(statements)})


COMMON = [f"arn:aws:s3:::b{i}/k" for i in range(12)]  # the search tries 12 requests per statement
TEAM = "arn:aws:s3:::b/${aws:PrincipalTag/team}"
NEW = pol({"Effect": "Allow", "Action": "s3:GetObject", "Resource": [*COMMON, TEAM]})
OLD = pol(
    {"Effect": "Allow", "Action": "s3:GetObject", "Resource": COMMON},
    {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
     "Condition": {"ForAnyValue:StringEquals": {"aws:PrincipalTag/team": "zzz"}}},
)  # fmt: skip


def test_the_request_exists() -> None:
    request = {"principal": "arn:aws:iam::111122223333:user/u", "action": "s3:GetObject",
               "resource": "arn:aws:s3:::b/dev", "context": {"aws:PrincipalTag/team": "dev"}}  # fmt: skip
    assert decide(NEW, request) == "allowed" and decide(OLD, request) == "implicitDeny"


def test_a_variable_of_a_key_read_as_a_set_is_never_a_pass() -> None:
    for presolve in (True, False):
        result = Checker(timeout_ms=10_000, presolve=presolve).verify_no_new_access(NEW, OLD, "IDENTITY_POLICY")
        assert result.result != "PASS", result
        if result.result == "FAIL":
            request = result.witness["request"]  # type: ignore[index]  # a FAIL has a witness
            assert decide(NEW, request) == "allowed" and decide(OLD, request) != "allowed"


def test_a_variable_of_a_listed_key_still_has_no_value() -> None:
    """``aws:TagKeys`` is ``ArrayOfString``: AWS sends a list, and a list gives a variable no value."""
    new = pol({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/${aws:TagKeys}"})
    result = Checker(presolve=False).verify_no_new_access(new, OLD, "IDENTITY_POLICY")
    assert (result.result, result.reasons) == ("PASS", ())
