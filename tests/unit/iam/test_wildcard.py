"""Wildcards, ARN matching and policy variables."""

from __future__ import annotations

import pytest

from keyaki.iam.wildcard import STAR, Var, arn_match, compile_arn, glob, substitute, tokenize


@pytest.mark.parametrize(
    ("pattern", "value", "expected"),
    [
        ("*", "", True),
        ("", "", True),
        ("", "a", False),
        ("abc", "abc", True),
        ("abc", "abcd", False),
        ("a*", "a", True),
        ("*c", "abc", True),
        ("a?c", "abc", True),
        ("a?c", "ac", False),
        ("a*b*c", "aXbYc", True),
        ("a*b*c", "aXcYb", False),
        ("*ab*ab*", "ab", False),
        ("*ab*ab*", "abab", True),
        ("a*a", "a", False),
        ("??", "ab", True),
        ("?*?", "a", False),
        ("*?", "", False),
        ("a*?*b", "ab", False),
        ("a*?*b", "axb", True),
    ],
)
def test_glob(pattern: str, value: str, expected: bool) -> None:
    assert glob(pattern, value) is expected


def test_glob_ignore_case() -> None:
    assert glob("S3:Get*", "s3:getobject", ignore_case=True)
    assert glob("s3:*OBJECT", "S3:GetObject", ignore_case=True)
    assert not glob("S3:Get*", "s3:getobject")


def test_pathological_pattern_is_linear() -> None:
    # the example: a backtracking matcher would never finish this
    long = "arn:aws:s3:::" + "a" * 10_000
    assert not glob("*a*a*a*a*a*a*a*a*b", "a" * 10_000)
    assert not arn_match("arn:aws:s3:::*a*a*a*a*a*a*a*a*b", long)
    assert glob("*a*a*a*a*a*a*a*a*?", "a" * 10_000)
    assert not glob("*?a?*?a?*?a?*?b", "a" * 10_000)


@pytest.mark.parametrize(
    ("pattern", "arn", "expected"),
    [
        ("arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/a/b:c", True),
        ("arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket2/a", False),
        ("arn:aws:iam::*:role/x", "arn:aws:iam::111122223333:role/x", True),
        ("arn:aws:iam::1*:role/x", "arn:aws:iam::111122223333:role/x", True),
        ("arn:aws:iam::2*:role/x", "arn:aws:iam::111122223333:role/x", False),
        ("arn:aws:ec2:*:*:instance/*", "arn:aws:ec2:us-east-1:111122223333:instance/i-1", True),
        ("arn:aws:ec2:*:*:instance/*", "arn:aws:ec2:us-east-1:111122223333:volume/v-1", False),
        # a `*` inside an early segment stays inside it
        ("arn:aws:ec2:us-*:instance/*", "arn:aws:ec2:us-east-1:111122223333:instance/i-1", False),
        # a pattern with fewer segments whose last one ends in `*` runs across the remaining colons
        ("arn:aws:iam::*", "arn:aws:iam::111122223333:user/alice", True),
        ("arn:aws:iam::1*", "arn:aws:iam::111122223333:user/alice", True),
        ("arn:aws:iam::2*", "arn:aws:iam::111122223333:user/alice", False),
        ("arn:aws:sns:us-east-1:111122223333:topic", "arn:aws:sns:us-east-1:111122223333:topic", True),
        ("arn:aws:sns:us-east-1:111122223333:topic", "arn:aws:sns:us-east-1:111122223333:topic:sub", False),
        ("*", "anything", True),
        ("arn:aws:s3:::b", "*", False),
    ],
)
def test_arn_match(pattern: str, arn: str, expected: bool) -> None:
    assert arn_match(pattern, arn) is expected


def test_variables() -> None:
    toks = tokenize("arn:aws:s3:::b/${aws:username}/${aws:PrincipalTag/team, 'none'}/*", variables=True)
    assert Var("aws:username") in toks and Var("aws:PrincipalTag/team", "none") in toks
    values = {"aws:username": "alice"}
    sub = substitute(toks, values.get)
    assert sub is not None and compile_arn(sub)("arn:aws:s3:::b/alice/none/x")
    assert substitute(tokenize("${aws:userid}", variables=True), values.get) is None
    assert tokenize("${aws:username}", variables=False) == ("${aws:username}",)
    assert tokenize("a${*}b${?}${$}", variables=True) == ("a", "*", "b", "?", "$")
    assert tokenize("a*", variables=True) == ("a", STAR)


def test_substituted_value_is_literal() -> None:
    sub = substitute(tokenize("arn:aws:s3:::b/${aws:username}", variables=True), {"aws:username": "*"}.get)
    assert sub is not None
    match = compile_arn(sub)
    assert match("arn:aws:s3:::b/*") and not match("arn:aws:s3:::b/alice")
