"""Containment (PASS before the solver) and candidate requests (FAIL before the solver), on real-shaped policies."""

from __future__ import annotations

from typing import Any

import pytest

from keyaki.iam.parse import parse_policy
from keyaki.symbolic import Checker, presolve
from keyaki.symbolic.replay import decide


def pol(*statements: dict[str, Any], version: str = "2012-10-17") -> Any:
    return parse_policy({"Version": version, "Statement": list(statements)})


def allow(action: Any, resource: Any = "*", **extra: Any) -> dict[str, Any]:
    return {"Effect": "Allow", "Action": action, "Resource": resource, **extra}


READ_ONLY = pol(allow(["s3:Get*", "s3:List*", "ec2:Describe*", "iam:GetRole"]))
TLS = {"Bool": {"aws:SecureTransport": "true"}}


@pytest.mark.parametrize(
    ("new", "old", "expected"),
    [
        (pol(allow("s3:GetObject", "arn:aws:s3:::b/*")), READ_ONLY, True),
        (pol(allow("S3:getobject")), READ_ONLY, True),  # action names are case-insensitive
        (pol(allow("s3:GetObjectAcl*")), READ_ONLY, True),  # a pattern with the literal prefix `s3:Get`
        (pol(allow("s3:G?tObject")), READ_ONLY, False),  # not plainly contained: the solver decides
        (pol(allow("s3:PutObject")), READ_ONLY, False),
        (pol(allow("s3:GetObject", Condition=TLS)), pol(allow("s3:*")), True),  # more conditions: narrower
        (pol(allow("s3:GetObject")), pol(allow("s3:*", Condition=TLS)), False),
        (pol(allow("s3:GetObject", "arn:aws:s3:::b/k")), pol(allow("s3:*", "arn:aws:s3:::b/*")), True),
        (pol(allow("s3:GetObject", "arn:aws:s3:::b/a*")), pol(allow("s3:*", "arn:aws:s3:::b/*")), True),
        (pol(allow("s3:GetObject", "arn:aws:s3:::b*")), pol(allow("s3:*", "arn:aws:s3:::b/*")), False),
        (pol(allow("s3:GetObject", "arn:aws:s3:::b/x:y")), pol(allow("s3:*", "arn:aws:s3:::b/x:*")), True),
        (pol(allow("s3:*", "arn:aws:s3:::b/${aws:username}/*")),
         pol(allow("s3:*", "arn:aws:s3:::b/${aws:username}/*")), True),
        # the same text means something else when one policy predates policy variables
        (pol(allow("s3:*", "arn:aws:s3:::b/${aws:username}/*")),
         pol(allow("s3:*", "arn:aws:s3:::b/${aws:username}/*"), version="2008-10-17"), False),
        (pol({"Effect": "Allow", "NotAction": ["iam:*", "s3:*"], "Resource": "*"}),
         pol({"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}), True),
        (pol({"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}),
         pol({"Effect": "Allow", "NotAction": ["iam:*", "s3:*"], "Resource": "*"}), False),
        # a Deny of the existing policy must be in the new one too
        (pol(allow("s3:GetObject")), pol(allow("s3:*"), {"Effect": "Deny", "Action": "s3:GetObject", "Resource": "*"}),
         False),
        (pol(allow("s3:GetObject"), {"Effect": "Deny", "Action": "s3:GetObject", "Resource": "*", "Sid": "x"}),
         pol(allow("s3:*"), {"Effect": "Deny", "Action": "s3:GetObject", "Resource": "*"}), True),
    ],
)
def test_containment(new: Any, old: Any, expected: bool) -> None:
    assert presolve.contained(new, old) is expected
    result = Checker(timeout_ms=5_000).verify_no_new_access(new, old, "IDENTITY_POLICY")
    if expected:
        assert result.result == "PASS" and result.details["method"] == "containment"
    else:
        assert result.details.get("method") != "containment"


def test_search_fills_variables_conditions_and_wildcards() -> None:
    new = pol(allow(["s3:PutObject"], "arn:aws:s3:::diag-*/actions/*/${aws:PrincipalAccount}/*",
                    Condition={"StringEquals": {"aws:ResourceAccount": "${aws:PrincipalAccount}"},
                               "StringLike": {"kms:ViaService": "s3.*.amazonaws.com"}}))  # fmt: skip
    result = Checker().verify_no_new_access(new, READ_ONLY, "IDENTITY_POLICY")
    assert result.result == "FAIL" and result.details["method"] == "search"
    request = result.witness["request"]  # type: ignore[index]  # a FAIL has a witness
    assert request == {
        "principal": "arn:aws:iam::111122223333:user/witness",
        "action": "s3:putobject",
        "resource": "arn:aws:s3:::diag-x/actions/x/111122223333/x",
        "context": {"aws:ResourceAccount": "111122223333", "kms:ViaService": "s3.x.amazonaws.com"},
    }
    assert decide(new, request) == "allowed" and decide(READ_ONLY, request) == "implicitDeny"


def test_search_fills_lone_wildcard_fields_and_reads_documented_actions() -> None:
    new = pol(allow("lambda:Invoke*", "arn:aws:lambda:*:*:*"))
    request = next(presolve.candidates(new))
    assert request["action"].startswith("lambda:invoke")
    assert request["resource"] == "arn:aws:lambda:us-east-1:111122223333:keyaki-witness"


def test_search_skips_what_it_cannot_value() -> None:
    """Statements with a principal, or a condition with no obvious value, are left to the solver."""
    new = pol(allow("s3:PutObject", Condition={"NumericLessThan": {"s3:max-keys": "5"}}),
              {**allow("s3:PutObject"), "Principal": {"AWS": "111122223333"}})  # fmt: skip
    assert list(presolve.candidates(new)) == []
    result = Checker().verify_no_new_access(new, READ_ONLY, "IDENTITY_POLICY")
    assert result.result == "FAIL" and result.details["method"] == "solver"


def test_search_never_sets_a_key_the_principal_determines() -> None:
    """`aws:PrincipalIsAWSService` is `false` for an IAM user: a context claiming `true` would override
    it in the evaluator, a request no caller can send (found by the property test)."""
    new = pol(allow("s3:GetObject", Condition={"StringEquals": {"aws:PrincipalIsAWSService": "true"}}))
    old = pol(allow("s3:GetObject", Condition={"StringEquals": {"aws:PrincipalIsAWSService": "true"},
                                               "Bool": {"aws:SecureTransport": "true"}}))  # fmt: skip
    assert list(presolve.candidates(new)) == []
    assert Checker().verify_no_new_access(new, old, "IDENTITY_POLICY").result == "PASS"
    typed = pol(allow("s3:GetObject", Condition={"StringEquals": {"aws:PrincipalType": "User"}}))
    assert [c["context"] for c in presolve.candidates(typed)] == [{}]


@pytest.mark.parametrize(
    "condition",
    [{"Bool": {"aws:PrincipalIsAWSService": "true"}}, {"StringEquals": {"aws:principalisawsservice": "true"}}],
)
def test_search_never_gives_a_principal_a_key_it_cannot_have(condition: dict[str, Any]) -> None:
    """AWS sets ``aws:PrincipalIsAWSService`` from the principal (the solver derives it too): the
    search's IAM user cannot claim to be a service, so an identity policy granting only services
    grants nothing new."""
    new = pol(allow("s3:GetObject", Condition=condition))
    old = pol(allow("s3:PutObject"))
    assert list(presolve.candidates(new)) == []
    result = Checker().verify_no_new_access(new, old, "IDENTITY_POLICY")
    assert (result.result, result.details["method"]) == ("PASS", "solver")


@pytest.mark.parametrize(
    "condition",
    [None, {"StringEquals": {"aws:TagKeys": "team"}}],  # the second: the key then has a value, a list
)
def test_search_sends_a_listed_key_as_a_list(condition: dict[str, Any] | None) -> None:
    """``aws:TagKeys`` is ``ArrayOfString``: AWS sends a list, which gives a policy variable no value
    (the solver's model); the search must not send a string instead and call that a FAIL."""
    extra = {"Condition": condition} if condition else {}
    new = pol(allow("ec2:DescribeInstances", "arn:aws:s3:::b/${aws:TagKeys}", **extra))
    assert all(decide(new, w) != "allowed" for w in presolve.candidates(new))
    result = Checker().verify_no_new_access(new, pol(allow("s3:PutObject")), "IDENTITY_POLICY")
    assert (result.result, result.details["method"]) == ("PASS", "solver")
