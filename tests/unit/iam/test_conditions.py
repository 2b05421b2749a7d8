"""The operator table: every family, missing keys, IfExists, set operators, NOR, variables."""

from __future__ import annotations

from typing import Any

import pytest

from keyaki.iam.ast import CONDITION_OPERATORS
from keyaki.iam.conditions import OPERATORS, Context, compile_condition
from keyaki.iam.parse import parse_operator


def check(op: str, key: str, values: list[str], context: dict[str, Any], variables: bool = True) -> bool:
    parsed = parse_operator(op)
    assert parsed is not None, op
    return compile_condition(parsed, key, values, variables)(Context.from_json(context))


def test_every_operator_has_a_family() -> None:
    assert set(OPERATORS) | {"Null"} == set(CONDITION_OPERATORS)


@pytest.mark.parametrize(
    ("op", "values", "request_value", "expected"),
    [
        ("StringEquals", ["a", "b"], "b", True),
        ("StringEquals", ["a"], "A", False),
        ("StringNotEquals", ["a", "b"], "b", False),
        ("StringNotEquals", ["a", "b"], "c", True),
        ("StringEqualsIgnoreCase", ["Blue"], "bLUE", True),
        ("StringNotEqualsIgnoreCase", ["Blue"], "bLUE", False),
        ("StringLike", ["home/*"], "home/x/y", True),
        ("StringLike", ["h?me"], "home", True),
        ("StringNotLike", ["home/*", "tmp/*"], "etc/x", True),
        ("StringNotLike", ["home/*", "tmp/*"], "tmp/x", False),
        ("NumericEquals", ["10"], "10.0", True),
        ("NumericNotEquals", ["10"], "11", True),
        ("NumericLessThan", ["10"], "9", True),
        ("NumericLessThan", ["10"], "10", False),
        ("NumericLessThanEquals", ["10"], "10", True),
        ("NumericGreaterThan", ["10"], "10.5", True),
        ("NumericGreaterThanEquals", ["10"], "9", False),
        ("NumericEquals", ["10"], "ten", False),
        ("DateEquals", ["2026-01-01T00:00:00Z"], "1767225600", True),
        ("DateNotEquals", ["2026-01-01T00:00:00Z"], "2026-01-02T00:00:00Z", True),
        ("DateLessThan", ["2026-01-01T00:00:00Z"], "2025-12-31T23:59:59Z", True),
        ("DateLessThanEquals", ["2026-01-01"], "2026-01-01T00:00:00Z", True),
        ("DateGreaterThan", ["2026-01-01T00:00:00Z"], "2026-01-01T00:00:00+01:00", False),
        ("DateGreaterThanEquals", ["2026-01-01T00:00:00Z"], "2026-01-01T00:00:00Z", True),
        ("DateLessThan", ["2026-01-01T00:00:00Z"], "not a date", False),
        ("Bool", ["true"], "TRUE", True),
        ("Bool", ["false"], "true", False),
        ("BinaryEquals", ["QmluYXJ5"], "QmluYXJ5", True),
        ("BinaryEquals", ["QmluYXJ5"], "QmluYXJ6", False),
        ("IpAddress", ["10.0.0.0/8"], "10.1.2.3", True),
        ("IpAddress", ["10.0.0.0/8"], "11.1.2.3", False),
        ("IpAddress", ["2001:db8::/32"], "2001:db8::1", True),
        ("IpAddress", ["10.0.0.0/8"], "2001:db8::1", False),
        ("IpAddress", ["10.0.0.0/8"], "garbage", False),
        ("NotIpAddress", ["10.0.0.0/8", "192.168.0.0/16"], "192.168.1.1", False),
        ("NotIpAddress", ["10.0.0.0/8"], "11.0.0.1", True),
        ("ArnEquals", ["arn:aws:sns:us-east-1:111122223333:t"], "arn:aws:sns:us-east-1:111122223333:t", True),
        ("ArnLike", ["arn:aws:sns:*:111122223333:*"], "arn:aws:sns:eu-west-1:111122223333:t", True),
        ("ArnLike", ["arn:aws:sns:*:111122223333:*"], "arn:aws:sns:eu-west-1:444455556666:t", False),
        ("ArnNotLike", ["arn:aws:sns:*:111122223333:*"], "arn:aws:sns:eu-west-1:444455556666:t", True),
        (
            "ArnNotEquals",
            ["arn:aws:sns:us-east-1:111122223333:t"],
            "arn:aws:sns:us-east-1:111122223333:t",
            False,
        ),
    ],
)
def test_operator_families(op: str, values: list[str], request_value: str, expected: bool) -> None:
    assert check(op, "k:v", values, {"k:v": request_value}) is expected


@pytest.mark.parametrize(
    ("op", "expected"),
    [
        ("StringEquals", False),
        ("StringNotEquals", True),  # negated operators are true on a missing key
        ("StringNotLike", True),
        ("ArnNotLike", True),
        ("NotIpAddress", True),
        ("NumericLessThan", False),
        ("StringEqualsIfExists", True),
        ("StringNotEqualsIfExists", True),
        ("ForAllValues:StringEquals", True),
        ("ForAllValues:StringNotEquals", True),
        ("ForAnyValue:StringEquals", False),
        ("ForAnyValue:StringNotEquals", False),
        ("ForAnyValue:StringEqualsIfExists", True),
    ],
)
def test_missing_key(op: str, expected: bool) -> None:
    ctx = Context.from_json({})
    parsed = parse_operator(op)
    assert parsed is not None
    assert compile_condition(parsed, "aws:TagKeys", ["a"], True)(ctx) is expected
    assert "aws:tagkeys" in ctx.missing


@pytest.mark.parametrize(
    ("op", "request_values", "expected"),
    [
        ("ForAllValues:StringEquals", ["a", "b"], True),
        ("ForAllValues:StringEquals", ["a", "z"], False),
        ("ForAllValues:StringEquals", [], True),
        ("ForAnyValue:StringEquals", ["z", "b"], True),
        ("ForAnyValue:StringEquals", ["y", "z"], False),
        ("ForAnyValue:StringEquals", [], False),
        ("ForAllValues:StringNotEquals", ["y", "z"], True),
        ("ForAllValues:StringNotEquals", ["a", "z"], False),
        ("ForAnyValue:StringNotEquals", ["a", "z"], True),
        ("ForAnyValue:StringNotEquals", ["a", "b"], False),
        ("ForAllValues:StringLike", ["a1", "b2"], True),
        # no set operator on a multivalued key: any value matches (negated: none does)
        ("StringEquals", ["z", "a"], True),
        ("StringNotEquals", ["z", "a"], False),
        ("StringNotEquals", ["y", "z"], True),
    ],
)
def test_set_operators(op: str, request_values: list[str], expected: bool) -> None:
    values = ["a*", "b*"] if "Like" in op else ["a", "b"]
    assert check(op, "aws:TagKeys", values, {"aws:TagKeys": request_values}) is expected


def test_null() -> None:
    assert check("Null", "aws:TokenIssueTime", ["true"], {})
    assert not check("Null", "aws:TokenIssueTime", ["false"], {})
    assert check("Null", "aws:TokenIssueTime", ["false"], {"aws:tokenissuetime": "2026-01-01T00:00:00Z"})
    assert not check("Null", "aws:TokenIssueTime", ["true"], {"aws:TokenIssueTime": "x"})


def test_context_values_as_aws_sends_them() -> None:
    assert check("Bool", "aws:SecureTransport", ["true"], {"aws:SecureTransport": True})
    assert check("Bool", "aws:SecureTransport", ["false"], {"aws:SecureTransport": "false"})
    assert check("NumericLessThan", "s3:max-keys", ["100"], {"s3:max-keys": 5})
    assert check("StringEquals", "AWS:USERNAME", ["alice"], {"aws:username": "alice"})


def test_policy_variables_in_values() -> None:
    ctx = {"aws:username": "alice", "s3:prefix": "home/alice/x"}
    assert check("StringLike", "s3:prefix", ["home/${aws:username}/*"], ctx)
    assert not check("StringLike", "s3:prefix", ["home/${aws:username}/*"], ctx, variables=False)
    assert not check("StringLike", "s3:prefix", ["home/${aws:userid}/*"], ctx)
    assert check("StringLike", "s3:prefix", ["home/${aws:userid, 'alice'}/*"], ctx)
    # the substituted value is literal: a `*` in it does not act as a wildcard
    assert not check("StringLike", "s3:prefix", ["home/${aws:username}/*"], {**ctx, "aws:username": "*"})
    # numeric operators do not take policy variables
    assert not check("NumericEquals", "k:n", ["${k:m}"], {"k:n": "1", "k:m": "1"})


def test_unresolved_variable_in_a_negated_operator_is_false() -> None:
    ctx = {"s3:prefix": "home/alice"}
    assert not check("StringNotEquals", "s3:prefix", ["home/${aws:username}"], ctx)
    assert check("StringNotEquals", "s3:prefix", ["home/${aws:username}"], {**ctx, "aws:username": "bob"})
    # a positive operator keeps its other values
    assert check("StringEquals", "s3:prefix", ["home/${aws:username}", "home/alice"], ctx)
