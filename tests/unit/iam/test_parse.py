"""Parser: every AWS form, and located errors for what IAM rejects."""

from __future__ import annotations

import json
import urllib.parse

import pytest

from keyaki.errors import PolicyError
from keyaki.iam import ast
from keyaki.iam.parse import parse_operator, parse_policy
from keyaki.iam.printer import print_policy, to_json

S3_READ = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "ReadReports",
            "Effect": "Allow",
            "Action": ["s3:GetObject", "s3:ListBucket"],
            "Resource": ["arn:aws:s3:::example-bucket", "arn:aws:s3:::example-bucket/*"],
            "Condition": {
                "StringLike": {"s3:prefix": ["reports/*", "home/${aws:username}/*"]},
                "Bool": {"aws:SecureTransport": "true"},
                "NumericLessThan": {"s3:max-keys": 100},
            },
        },
        {"Effect": "Deny", "NotAction": "s3:*", "NotResource": "arn:aws:s3:::example-bucket/*"},
    ],
}


def test_parse_forms_and_locations() -> None:
    text = json.dumps(S3_READ, indent=2)
    p = parse_policy(text, file="p.json")
    s0, s1 = p.statements
    assert p.version == "2012-10-17" and p.allows_variables
    assert s0.sid == "ReadReports" and s0.effect is ast.Effect.ALLOW
    assert s0.action is not None and s0.action.texts() == ("s3:GetObject", "s3:ListBucket")
    assert [c.operator.base for c in s0.conditions] == ["StringLike", "Bool", "NumericLessThan"]
    like = s0.conditions[0]
    assert like.loc.path == "/Statement/0/Condition/StringLike/s3:prefix"
    assert like.loc.line == text.splitlines().index('          "s3:prefix": [') + 1
    assert s0.conditions[2].values[0].value == 100
    assert s1.not_action is not None and s1.not_action.scalar
    assert s1.not_resource is not None and s1.not_resource.items[0].loc.path == "/Statement/1/NotResource"


def test_statement_object_and_principal_forms() -> None:
    p = parse_policy(
        {
            "Statement": {
                "Effect": "Allow",
                "Principal": {
                    "AWS": ["111122223333", "arn:aws:iam::444455556666:role/r"],
                    "Service": "ec2.amazonaws.com",
                },
                "Action": "sts:AssumeRole",
            }
        }
    )
    s = p.statements[0]
    assert p.statement_scalar and p.version is None and not p.allows_variables
    assert s.principal is not None and s.principal.values("AWS") == (
        "111122223333",
        "arn:aws:iam::444455556666:role/r",
    )
    assert s.principal.values("Service") == ("ec2.amazonaws.com",)
    assert s.resource is None and s.loc.path == "/Statement"
    star = parse_policy({"Statement": [{"Effect": "Deny", "NotPrincipal": "*", "Action": "*", "Resource": "*"}]})
    assert star.statements[0].not_principal == ast.PrincipalBlock(True)


def test_wrappers_and_url_encoding() -> None:
    doc = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
    wrapped = json.dumps({"PolicyVersion": {"Document": doc, "VersionId": "v1"}})
    with pytest.raises(PolicyError):  # extra keys beside PolicyVersion are not the get-policy-version shape
        parse_policy(json.dumps({"PolicyVersion": {"Document": doc}, "Other": 1}))
    p = parse_policy(wrapped)
    assert p.statements[0].loc.path == "/PolicyVersion/Document/Statement/0"
    encoded = urllib.parse.quote(json.dumps(doc))
    assert parse_policy(encoded) == parse_policy(doc)
    assert parse_policy({"PolicyVersion": {"Document": encoded}}) == parse_policy(doc)


@pytest.mark.parametrize(
    ("doc", "location", "fragment"),
    [
        (
            {"Statement": [{"Effect": "allow", "Action": "*", "Resource": "*"}]},
            "/Statement/0/Effect",
            "`allow`",
        ),
        ({"Statement": [{"Effect": "Allow", "Resource": "*"}]}, "/Statement/0", "needs `Action`"),
        ({"Statement": [{"Effect": "Allow", "Action": "*", "NotAction": "*"}]}, "/Statement/0", "both"),
        ({"Statement": [{"Effect": "Allow", "Action": "s3GetObject"}]}, "/Statement/0/Action", "vendor"),
        ({"Statement": [{"Effect": "Allow", "Action": ["*", 3]}]}, "/Statement/0/Action/1", "strings"),
        (
            {"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "bucket"}]},
            "/Statement/0/Resource",
            "arn",
        ),
        ({"Version": "2012-10-18", "Statement": []}, "/Version", "2012-10-17"),
        ({"Statement": [], "Extra": 1}, "/Extra", "unknown policy element"),
        (
            {"Statement": [{"Effect": "Allow", "Action": "*", "Foo": 1}]},
            "/Statement/0/Foo",
            "unknown statement",
        ),
        (
            {"Statement": [{"Effect": "Allow", "Action": "*", "Principal": "me"}]},
            "/Statement/0/Principal",
            "map",
        ),
        (
            {"Statement": [{"Effect": "Allow", "Action": "*", "Principal": {"User": "x"}}]},
            "/Statement/0/Principal/User",
            "principal type",
        ),
        (
            {"Statement": [{"Effect": "Allow", "Action": "*", "Condition": {"StringEqual": {"a:b": "c"}}}]},
            "/Statement/0/Condition/StringEqual",
            "unknown condition operator",
        ),
        (
            {"Statement": [{"Effect": "Allow", "Action": "*", "Condition": {"NullIfExists": {"a:b": "true"}}}]},
            "/Statement/0/Condition/NullIfExists",
            "operator",
        ),
        (
            {"Statement": [{"Effect": "Allow", "Action": "*", "Condition": {"StringEquals": {"a:b": []}}}]},
            "/Statement/0/Condition/StringEquals/a:b",
            "at least one",
        ),
        (
            {"Statement": [{"Effect": "Allow", "Action": "*", "Condition": {"StringEquals": {"a:b": {"x": 1}}}}]},
            "/Statement/0/Condition/StringEquals/a:b",
            "strings, numbers",
        ),
        ({"Statement": "nope"}, "/Statement", "object or a list"),
        ({"Version": "2012-10-17"}, "/", "needs a `Statement`"),
    ],
)
def test_rejections_are_located(doc: dict, location: str, fragment: str) -> None:
    with pytest.raises(PolicyError) as err:
        parse_policy(doc)
    assert err.value.location == location
    assert fragment in err.value.message


def test_bad_json_has_line_and_column() -> None:
    with pytest.raises(PolicyError) as err:
        parse_policy('{\n  "Statement": [\n    {"Effect": "Allow",, }\n  ]\n}', file="bad.json")
    assert "line 3" in err.value.message and err.value.file == "bad.json"
    with pytest.raises(PolicyError, match="duplicate key `Effect`"):
        parse_policy('{"Statement": {"Effect": "Allow", "Effect": "Deny", "Action": "*"}}')
    with pytest.raises(PolicyError, match="extra data"):
        parse_policy('{"Statement": []} x')
    with pytest.raises(PolicyError, match="json object"):
        parse_policy("[1, 2]")


def test_operator_names() -> None:
    assert parse_operator("ForAnyValue:StringLike") == ast.ConditionOperator("StringLike", "ForAnyValue")
    assert parse_operator("NumericLessThanEqualsIfExists") == ast.ConditionOperator("NumericLessThanEquals", None, True)
    assert parse_operator("ForSomeValues:StringLike") is None
    assert parse_operator("IfExists") is None
    assert parse_operator("Null") == ast.ConditionOperator("Null")
    assert str(parse_operator("ForAllValues:ArnLikeIfExists")) == "ForAllValues:ArnLikeIfExists"


def test_print_round_trip() -> None:
    p = parse_policy(S3_READ)
    assert to_json(p) == S3_READ
    assert parse_policy(print_policy(p)) == p


def test_missing_effect() -> None:
    with pytest.raises(PolicyError, match="needs `Effect`") as err:
        parse_policy({"Statement": [{"Action": "*"}]})
    assert err.value.location == "/Statement/0"


def test_byte_order_mark_and_bytes() -> None:
    doc = '\ufeff{"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}'
    assert parse_policy(doc) == parse_policy(doc.encode("utf-8"))
    with pytest.raises(PolicyError, match="utf-8"):
        parse_policy(b"\xff\xfe")


def test_non_finite_condition_number() -> None:
    doc = {"Statement": [{"Effect": "Allow", "Action": "*", "Condition": {"NumericEquals": {"a:b": float("inf")}}}]}
    with pytest.raises(PolicyError) as err:
        parse_policy(doc)
    assert err.value.location == "/Statement/0/Condition/NumericEquals/a:b"
