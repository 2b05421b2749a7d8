"""keyaki.iam.validate: one test per group of Access Analyzer checks, on real-shaped policies."""

from __future__ import annotations

import json
from typing import Any

import pytest

from keyaki.iam.validate import PolicyType, validate_document, validate_text
from keyaki.iam.validate.findings import ISSUES, learn_more_link

IDENTITY = PolicyType.IDENTITY_POLICY
RESOURCE = PolicyType.RESOURCE_POLICY
SCP = PolicyType.SERVICE_CONTROL_POLICY
RCP = PolicyType.RESOURCE_CONTROL_POLICY


def found(policy: Any, kind: PolicyType = IDENTITY) -> set[tuple[str, str]]:
    """(issueCode, "/json/path") of every finding."""
    text = policy if isinstance(policy, str) else json.dumps(policy, indent=2)
    out = set()
    for f in validate_text(text, kind):
        path = "/" + "/".join(str(p) for p in f.locations[0].path)
        out.add((f.issue_code, path))
    return out


def codes(policy: Any, kind: PolicyType = IDENTITY) -> set[str]:
    return {c for c, _ in found(policy, kind)}


def doc(*statements: dict[str, Any], version: str | None = "2012-10-17") -> dict[str, Any]:
    out: dict[str, Any] = {"Statement": list(statements)}
    if version is not None:
        out = {"Version": version, **out}
    return out


def allow(action: Any = "s3:GetObject", resource: Any = "arn:aws:s3:::b/*", **more: Any) -> dict[str, Any]:
    return {"Effect": "Allow", "Action": action, "Resource": resource, **more}


def test_clean_identity_policy_has_no_findings():
    assert found(doc(allow(["s3:GetObject", "s3:PutObject"], "arn:aws:s3:::example-bucket/*"))) == set()


def test_json_syntax_error_is_an_error_finding_with_position():
    findings = validate_text('{\n  "Version": "2012-10-17",\n  "Statement": [\n}')
    assert [f.issue_code for f in findings] == ["JSON_SYNTAX_ERROR"]
    out = findings[0].to_json()
    assert out["findingType"] == "ERROR" and out["locations"][0]["path"] == []
    assert out["locations"][0]["span"]["start"] == {"line": 4, "column": 0, "offset": 46}
    assert codes("") == {"JSON_SYNTAX_ERROR"}
    assert codes('{"a": 1} trailing') == {"JSON_SYNTAX_ERROR"}


def test_duplicate_keys_are_refused_like_the_parser_does():
    text = (
        '{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Effect": "Deny", "Action": "*", "Resource": "*"}}'
    )
    dup = [f for f in validate_text(text) if f.issue_code == "JSON_SYNTAX_ERROR"]
    assert [f.locations[0].path for f in dup] == [("Statement", "Effect")]
    assert "duplicate key `Effect`" in dup[0].details


def test_finding_shape_is_access_analyzers():
    f = validate_text(json.dumps(doc(allow("s3:GetObjekt"))))[0].to_json()
    assert list(f) == ["findingType", "issueCode", "learnMoreLink", "findingDetails", "locations"]
    assert f["issueCode"] == "INVALID_ACTION" and f["findingType"] == "ERROR"
    assert f["learnMoreLink"].endswith("#access-analyzer-reference-policy-checks-error-invalid-action")
    assert f["locations"][0]["path"] == [{"value": "Statement"}, {"index": 0}, {"value": "Action"}]
    span = f["locations"][0]["span"]
    assert span["start"]["offset"] < span["end"]["offset"]


def test_spans_point_at_the_offending_text():
    text = '{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "*"}}'
    (f,) = validate_text(text)
    span = f.locations[0]
    assert text[span.start.offset : span.end.offset] == '"s3:GetObjekt"'
    assert span.start.line == 1 and span.start.column == span.start.offset


def test_learn_more_links_follow_the_reference_anchors():
    assert learn_more_link("PASS_ROLE_WITH_STAR_IN_RESOURCE").endswith(
        "-security-warning-pass-role-with-star-in-resource"
    )
    assert learn_more_link("MISSING_VERSION").endswith("-general-warning-missing-version")
    assert learn_more_link("ALLOW_WITH_NOT_PRINCIPAL").endswith("-security-warning-allow-with-not-principal")
    assert learn_more_link("REDUNDANT_ACTION").endswith("-suggestion-redundant-action")
    assert all(learn_more_link(code).startswith("https://docs.aws.amazon.com/") for code in ISSUES)


def test_get_policy_version_output_is_accepted():
    inner = doc(allow("s3:GetObjekt"))
    wrapped = {"PolicyVersion": {"Document": inner, "VersionId": "v1", "IsDefaultVersion": True}}
    assert found(wrapped) == {("INVALID_ACTION", "/Statement/0/Action")}
    encoded = {"PolicyVersion": {"Document": json.dumps(inner).replace(" ", "%20").replace('"', "%22")}}
    assert found(encoded) == {("INVALID_ACTION", "/Statement/0/Action")}


def test_validate_document_takes_decoded_values():
    assert {f.issue_code for f in validate_document(doc(allow("s3:GetObjekt")))} == {"INVALID_ACTION"}


def test_document_grammar():
    assert found(doc(allow(), version=None)) == {("MISSING_VERSION", "/")}
    assert ("INVALID_VERSION", "/Version") in found(doc(allow(), version="2012-10-18"))
    assert found({"Version": "2012-10-17"}) == {("MISSING_STATEMENT", "/")}
    assert ("MISSING_STATEMENT", "/Statement") in found({"Version": "2012-10-17", "Statement": []})
    assert ("INVALID_POLICY_ELEMENT", "/Extra") in found({**doc(allow()), "Extra": 1})
    assert ("DATA_TYPE_MISMATCH", "/Statement/0") in found({"Version": "2012-10-17", "Statement": ["x"]})
    assert codes("[]") == {"DATA_TYPE_MISMATCH"}


def test_statement_grammar():
    assert ("MISSING_EFFECT", "/Statement/0") in found(doc({"Action": "s3:GetObject", "Resource": "*"}))
    assert ("INVALID_EFFECT", "/Statement/0/Effect") in found(doc(allow(Effect="allow")))
    assert ("MISSING_ACTION", "/Statement/0") in found(doc({"Effect": "Allow", "Resource": "*"}))
    assert ("MISSING_RESOURCE", "/Statement/0") in found(doc({"Effect": "Allow", "Action": "s3:GetObject"}))
    both = doc(allow(NotAction="s3:PutObject"))
    assert ("UNSUPPORTED_ELEMENT_COMBINATION", "/Statement/0/NotAction") in found(both)
    assert ("INVALID_POLICY_ELEMENT", "/Statement/0/Actions") in found(doc(allow(Actions="x")))
    assert ("DATA_TYPE_MISMATCH", "/Statement/0/Action/1") in found(doc(allow(["s3:GetObject", 3])))
    assert ("EMPTY_ARRAY_ACTION", "/Statement/0/Action") in found(doc(allow([])))
    assert ("EMPTY_ARRAY_RESOURCE", "/Statement/0/Resource") in found(doc(allow(resource=[])))


def test_sids():
    two = doc(allow(Sid="Read"), allow("s3:PutObject", Sid="Read"))
    assert ("UNIQUE_SIDS_REQUIRED", "/Statement/1/Sid") in found(two)
    assert ("UNIQUE_SIDS_RECOMMENDED", "/Statement/1/Sid") in found(
        doc(allow(Sid="A", Principal={"AWS": "111122223333"}), allow("s3:PutObject", Sid="A", Principal="*")),
        RESOURCE,
    )
    assert ("UNSUPPORTED_SID", "/Statement/0/Sid") in found(doc(allow(Sid="read-only")))
    assert ("EMPTY_SID_VALUE", "/Statement/0/Sid") in found(doc(allow(Sid="")))
    assert "UNSUPPORTED_SID" not in codes(doc(allow(Sid="read only", Principal="*")), RESOURCE)


def test_actions():
    assert found(doc(allow("nosuchservice:GetThing"))) == {("INVALID_SERVICE_IN_ACTION", "/Statement/0/Action")}
    assert found(doc(allow("s3:GetObjekt"))) == {("INVALID_ACTION", "/Statement/0/Action")}
    assert found(doc(allow("s3:NoSuch*"))) == {("INVALID_ACTION", "/Statement/0/Action")}
    assert found(doc(allow("s3GetObject"))) == {("INVALID_ACTION", "/Statement/0/Action")}
    assert ("WILDCARD_IN_SERVICE_NAME", "/Statement/0/Action") in found(doc(allow("s3*:GetObject")))
    assert codes(doc(allow("*", "*"))) <= {
        "PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE",
        "CREATE_SLR_WITH_STAR_IN_ACTION_AND_RESOURCE",
    }
    assert codes(doc(allow("S3:getobject"))) == set()  # action names are case-insensitive


def test_redundant_actions():
    policy = doc(allow(["iam:Get*", "iam:List*", "iam:GetCredentialReport"], "*"))
    assert found(policy) == {("REDUNDANT_ACTION", "/Statement/0/Action/2")}
    # AWS's own example: iam:*CredentialReport also matches GenerateCredentialReport, so it is not redundant
    assert codes(doc(allow(["iam:Get*", "iam:*CredentialReport"], "*"))) == set()
    assert found(doc(allow(["s3:GetObject", "s3:getobject"]))) == {("REDUNDANT_ACTION", "/Statement/0/Action/1")}


def test_redundant_resources_and_statements():
    policy = doc(
        allow(
            "iam:GetRole",
            [
                "arn:aws:iam::111122223333:role/jane-admin",
                "arn:aws:iam::111122223333:role/jane-s3only",
                "arn:aws:iam::111122223333:role/jane*",
            ],
        )
    )
    assert found(policy) == {
        ("REDUNDANT_RESOURCE", "/Statement/0/Resource/0"),
        ("REDUNDANT_RESOURCE", "/Statement/0/Resource/1"),
    }
    twice = doc(allow(Sid="One"), allow(Sid="Two"))
    assert found(twice) == {("REDUNDANT_STATEMENT", "/Statement/1")}
    ((f,),) = [[f for f in validate_text(json.dumps(twice)) if f.issue_code == "REDUNDANT_STATEMENT"]]
    assert [loc.path for loc in f.locations] == [("Statement", 1), ("Statement", 0)]


def test_resource_arns():
    def arn(value: str, action: str = "s3:GetObject") -> set[tuple[str, str]]:
        return found(doc(allow(action, value)))

    assert arn("bucket/*") == {("INVALID_ARN_PREFIX", "/Statement/0/Resource")}
    assert arn("arn:aws:s3") == {("MISSING_ARN_FIELD", "/Statement/0/Resource")}
    assert ("INVALID_PARTITION", "/Statement/0/Resource") in arn("arn:amazon:s3:::b/*")
    assert ("INVALID_ARN_SERVICE_CASE", "/Statement/0/Resource") in arn("arn:aws:S3:::b/*")
    assert arn("arn:aws:nosuch:::b/*") == {("INVALID_SERVICE", "/Statement/0/Resource")}
    assert arn("arn:aws:s3:us-east-1::b/*") == {("ARN_REGION_NOT_ALLOWED", "/Statement/0/Resource")}
    assert arn("arn:aws:s3::111122223333:b/*") == {("ARN_ACCOUNT_NOT_ALLOWED", "/Statement/0/Resource")}
    assert arn("arn:aws:iam::12345:role/x", "iam:GetRole") == {("INVALID_ARN_ACCOUNT", "/Statement/0/Resource")}
    assert arn("arn:aws:logs::111122223333:log-group:x", "logs:CreateLogGroup") == {
        ("MISSING_ARN_REGION", "/Statement/0/Resource")
    }
    assert arn("arn:aws:iam::111122223333:rol/x", "iam:GetRole") == {("INVALID_ARN_RESOURCE", "/Statement/0/Resource")}
    assert arn("arn:aws:*code*:us-east-1:111122223333:*", "s3:GetObject") == {
        ("WILDCARD_IN_SERVICE_NAME", "/Statement/0/Resource")
    }
    # AWS-owned resources use the account "aws"
    assert arn("arn:aws:iam::aws:policy/ReadOnlyAccess", "iam:GetPolicy") == set()


def test_resource_that_fits_none_of_the_actions_is_a_keyaki_warning():
    policy = doc(allow(["s3:GetObject"], ["arn:aws:s3:::b/*", "arn:aws:s3:::b"]))
    findings = [f for f in validate_text(json.dumps(policy)) if f.issue_code == "RESOURCE_NOT_APPLICABLE_TO_ACTIONS"]
    assert [(f.locations[0].path, f.finding_type) for f in findings] == [(("Statement", 0, "Resource", 1), "WARNING")]
    assert codes(doc(allow(["s3:GetObject", "s3:ListBucket"], ["arn:aws:s3:::b/*", "arn:aws:s3:::b"]))) == set()
    assert "RESOURCE_NOT_APPLICABLE_TO_ACTIONS" in codes(doc(allow("s3:ListAllMyBuckets", "arn:aws:s3:::b")))


def test_pass_role_and_service_linked_roles():
    assert found(doc(allow("iam:PassRole", "*"))) == {("PASS_ROLE_WITH_STAR_IN_RESOURCE", "/Statement/0/Resource")}
    assert codes(doc(allow("iam:Pass*", "arn:aws:iam::*:role/*"))) == {"PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE"}
    assert codes(
        doc({"Effect": "Allow", "Action": "iam:PassRole", "NotResource": "arn:aws:iam::111122223333:role/x"})
    ) == {"PASS_ROLE_WITH_NOT_RESOURCE"}
    assert "PASS_ROLE_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION" in codes(
        doc({"Effect": "Allow", "NotAction": "s3:*", "Resource": "*"})
    )
    limited = allow("iam:PassRole", "*", Condition={"StringEquals": {"iam:PassedToService": "lambda.amazonaws.com"}})
    assert codes(doc(limited)) == set()
    assert codes(doc(allow("iam:PassRole", "arn:aws:iam::111122223333:role/app-role"))) == set()
    assert codes(doc({**allow("iam:PassRole", "*"), "Effect": "Deny"})) == set()
    assert codes(doc(allow("iam:CreateServiceLinkedRole", "*"))) == {"CREATE_SLR_WITH_STAR_IN_RESOURCE"}


def test_principal_rules_per_policy_type():
    with_principal = doc(allow(Principal={"AWS": "arn:aws:iam::111122223333:root"}))
    assert found(with_principal, IDENTITY) == {("UNSUPPORTED_PRINCIPAL", "/Statement/0/Principal")}
    assert found(with_principal, SCP) == {("SCP_SYNTAX_ERROR_PRINCIPAL", "/Statement/0/Principal")}
    assert found(with_principal, RESOURCE) == set()
    assert found(doc(allow()), RESOURCE) == {("MISSING_PRINCIPAL", "/Statement/0")}
    assert ("INVALID_PRINCIPAL_FORMAT", "/Statement/0/Principal") in found(doc(allow(Principal="alice")), RESOURCE)
    assert ("INVALID_PRINCIPAL_KEY", "/Statement/0/Principal/User") in found(
        doc(allow(Principal={"User": "x"})), RESOURCE
    )
    assert ("EMPTY_OBJECT_PRINCIPAL", "/Statement/0/Principal") in found(doc(allow(Principal={})), RESOURCE)
    assert ("EMPTY_ARRAY_PRINCIPAL", "/Statement/0/Principal/AWS") in found(doc(allow(Principal={"AWS": []})), RESOURCE)
    wildcard = doc(allow(Principal={"AWS": "arn:aws:iam::111122223333:user/*"}))
    assert ("UNSUPPORTED_WILDCARD_IN_PRINCIPAL", "/Statement/0/Principal/AWS") in found(wildcard, RESOURCE)
    role_id = doc(allow(Principal={"AWS": "AROADBQP57FF2AEXAMPLE"}))
    assert ("INVALID_ROLE_REFERENCE", "/Statement/0/Principal/AWS") in found(role_id, RESOURCE)
    not_principal = doc(allow(NotPrincipal={"AWS": "arn:aws:iam::111122223333:root"}))
    assert found(not_principal, RESOURCE) == {("ALLOW_WITH_NOT_PRINCIPAL", "/Statement/0/NotPrincipal")}


def test_scp_rules():
    scp = doc({"Effect": "Deny", "Action": ["iam:*Role", "ec2:Describe*"], "Resource": "*"})
    assert found(scp, SCP) == {("SCP_SYNTAX_ERROR_ACTION_WILDCARD", "/Statement/0/Action/0")}
    # full IAM language in SCPs since 2025: conditions on Allow, NotResource are accepted
    ok = doc(
        {"Effect": "Allow", "Action": "s3:*", "NotResource": "arn:aws:s3:::secret/*",
         "Condition": {"StringEquals": {"aws:RequestedRegion": "eu-west-1"}}}
    )  # fmt: skip
    assert codes(ok, SCP) == set()


def test_rcp_rules():
    good = doc({"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*",
                "Condition": {"Bool": {"aws:SecureTransport": "false"}}})  # fmt: skip
    assert codes(good, RCP) == set()
    bad = doc(
        {"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "ec2:RunInstances",
         "Resource": "arn:aws:s3:::b", "Condition": {"Bool": {"aws:SecureTransport": "true"}}},
        {"Effect": "Deny", "NotPrincipal": {"AWS": "111122223333"}, "NotAction": "s3:GetObject", "Resource": "*"},
    )  # fmt: skip
    assert found(bad, RCP) >= {
        ("RCP_SYNTAX_ERROR_PRINCIPAL", "/Statement/0/Principal"),
        ("RCP_SYNTAX_ERROR_ACTION", "/Statement/0/Action"),
        ("RCP_SYNTAX_ERROR_ALLOW", "/Statement/0"),
        ("RCP_SYNTAX_ERROR_PRINCIPAL", "/Statement/1/NotPrincipal"),
        ("RCP_SYNTAX_ERROR_NOTACTION", "/Statement/1/NotAction"),
    }


def cond(condition: dict[str, Any], action: Any = "s3:GetObject") -> set[tuple[str, str]]:
    return found(doc(allow(action, Condition=condition)))


def test_condition_operators_and_keys():
    assert cond({"StringEqualz": {"aws:username": "x"}}) == {
        ("INVALID_CONDITION_OPERATOR", "/Statement/0/Condition/StringEqualz")
    }
    assert cond({"NullIfExists": {"aws:username": "true"}}) == {
        ("NULL_WITH_IF_EXISTS", "/Statement/0/Condition/NullIfExists")
    }
    assert ("NULL_WITH_QUALIFIER", "/Statement/0/Condition/ForAnyValue:Null") in cond(
        {"ForAnyValue:Null": {"aws:TagKeys": "true"}}
    )
    assert cond({"StringEquals": {"aws:NoSuchKey": "x"}}) == {
        ("INVALID_GLOBAL_CONDITION_KEY", "/Statement/0/Condition/StringEquals/aws:NoSuchKey")
    }
    assert cond({"StringEquals": {"s3:NoSuchKey": "x"}}) == {
        ("INVALID_SERVICE_CONDITION_KEY", "/Statement/0/Condition/StringEquals/s3:NoSuchKey")
    }
    assert cond({"StringEquals": {"nosuch:Key": "x"}}) == {
        ("INVALID_SERVICE", "/Statement/0/Condition/StringEquals/nosuch:Key")
    }
    assert cond({"StringEquals": {"username": "x"}}) == {
        ("INVALID_CONDITION_KEY_FORMAT", "/Statement/0/Condition/StringEquals/username")
    }
    assert cond({"StringEquals": {"aws:ResourceTag": "x"}}) == {
        ("MISSING_TAG_KEY_IN_CONDITION", "/Statement/0/Condition/StringEquals/aws:ResourceTag")
    }
    assert cond({"StringEquals": {"aws:arn": "x"}}) == {
        ("UNSUPPORTED_GLOBAL_CONDITION_KEY", "/Statement/0/Condition/StringEquals/aws:arn")
    }
    dup = cond({"StringEquals": {"aws:username": "a", "AWS:UserName": "b"}})
    assert dup == {("DUPLICATE_KEYS_WITH_DIFFERENT_CASE", "/Statement/0/Condition/StringEquals/AWS:UserName")}
    assert cond({}) == {("EMPTY_OBJECT_CONDITION", "/Statement/0/Condition")}
    assert cond({"StringEquals": {"aws:username": {"a": 1}}}) == {
        ("DATA_TYPE_MISMATCH", "/Statement/0/Condition/StringEquals/aws:username")
    }
    assert ("INVALID_CONDITION_DATA_TYPE", "/Statement/0/Condition/NumericLessThan/aws:MultiFactorAuthAge") in cond(
        {"NumericLessThan": {"aws:MultiFactorAuthAge": ["3600", 7200]}}
    )


def test_condition_empty_arrays():
    assert cond({"StringEquals": {"aws:username": []}}) == {
        ("EMPTY_ARRAY_CONDITION", "/Statement/0/Condition/StringEquals/aws:username")
    }
    assert codes(doc(allow(Condition={"ForAllValues:StringEquals": {"aws:TagKeys": []}}))) == {
        "EMPTY_ARRAY_CONDITION_FORALLVALUES"
    }
    assert codes(doc(allow(Condition={"ForAnyValue:StringEquals": {"aws:TagKeys": []}}))) == {
        "EMPTY_ARRAY_CONDITION_FORANYVALUE"
    }
    assert codes(doc(allow(Condition={"StringEqualsIfExists": {"aws:username": []}}))) == {
        "EMPTY_ARRAY_CONDITION_IFEXISTS"
    }


def test_condition_types():
    path = "/Statement/0/Condition"
    assert cond({"StringEquals": {"aws:MultiFactorAuthPresent": "true"}}) == {
        ("TYPE_MISMATCH", f"{path}/StringEquals/aws:MultiFactorAuthPresent")
    }
    assert cond({"IpAddress": {"aws:username": "203.0.113.0/24"}}) == {
        ("TYPE_MISMATCH", f"{path}/IpAddress/aws:username")
    }
    assert cond({"StringLike": {"aws:CurrentTime": "2026-*"}}) == {
        ("TYPE_MISMATCH", f"{path}/StringLike/aws:CurrentTime")
    }
    assert cond({"NumericLessThan": {"aws:MultiFactorAuthAge": "an hour"}}) == {
        ("TYPE_MISMATCH_NUMBER", f"{path}/NumericLessThan/aws:MultiFactorAuthAge")
    }
    assert cond({"DateGreaterThan": {"aws:CurrentTime": "yesterday"}}) == {
        ("TYPE_MISMATCH_DATE", f"{path}/DateGreaterThan/aws:CurrentTime")
    }
    assert cond({"DateGreaterThan": {"aws:CurrentTime": "1700000000"}}) == {
        ("INVALID_DATE_VALUE", f"{path}/DateGreaterThan/aws:CurrentTime")
    }
    assert cond({"DateGreaterThan": {"aws:CurrentTime": "2026-01-01T00:00:00Z"}}) == set()
    assert cond({"Bool": {"aws:SecureTransport": "yes"}}) == {
        ("TYPE_MISMATCH_BOOLEAN", f"{path}/Bool/aws:SecureTransport")
    }
    assert cond({"Bool": {"aws:SecureTransport": True}}) == set()
    assert cond({"Bool": {"aws:SecureTransport": ["true", "false"]}}) == {
        ("INVALID_CONDITION_MULTIPLE_BOOLEAN", f"{path}/Bool/aws:SecureTransport")
    }
    assert cond({"IpAddress": {"aws:SourceIp": "203.0.113.300/24"}}) == {
        ("TYPE_MISMATCH_IP_RANGE", f"{path}/IpAddress/aws:SourceIp")
    }
    assert cond({"IpAddress": {"aws:SourceIp": "203.0.113.7/24"}}) == {
        ("IMPROVE_IP_RANGE", f"{path}/IpAddress/aws:SourceIp")
    }
    assert cond({"BinaryEquals": {"aws:username": "not base64!"}}) >= {
        ("TYPE_MISMATCH_STRING", f"{path}/BinaryEquals/aws:username")
    }
    assert cond({"ArnLike": {"aws:SourceArn": "arn:aws:sns:*:111122223333:topic"}}) == set()
    # string operators work on ARN keys, but Access Analyzer warns about StringLike there
    assert cond({"StringEquals": {"aws:SourceArn": "arn:aws:sns:us-east-1:111122223333:topic"}}) == set()
    assert cond({"StringLike": {"aws:SourceArn": "arn:aws:sns:*:111122223333:topic"}}) == {
        ("STRING_LIKE_OPERATOR_WITH_ARN_CONDITION_KEYS", f"{path}/StringLike/aws:SourceArn")
    }


def test_condition_values_and_qualifiers():
    path = "/Statement/0/Condition"
    assert cond({"StringEquals": {"aws:PrincipalTag/team": "dev-*"}}) == {
        ("WILDCARD_WITHOUT_LIKE_OPERATOR", f"{path}/StringEquals/aws:PrincipalTag/team")
    }
    assert cond({"StringEquals": {"aws:TagKeys": "team"}}) == {
        ("MISSING_QUALIFIER", f"{path}/StringEquals/aws:TagKeys")
    }
    assert cond({"ForAllValues:StringEquals": {"aws:username": "alice"}}) == {
        ("FORALLVALUES_WITH_SINGLE_VALUED_KEY", f"{path}/ForAllValues:StringEquals/aws:username")
    }
    assert cond({"ForAllValues:StringEquals": {"aws:TagKeys": ["team", "env"]}}) == set()
    assert cond({"NumericLessThan": {"aws:MultiFactorAuthAge": ["2700", "3600"]}}) == {
        ("REDUNDANT_CONDITION_VALUE_NUM", f"{path}/NumericLessThan/aws:MultiFactorAuthAge")
    }
    assert cond({"NumericLessThan": {"aws:MultiFactorAuthAge": "${aws:username}"}}) == {
        ("INVALID_VARIABLE_FOR_OPERATOR", f"{path}/NumericLessThan/aws:MultiFactorAuthAge")
    }


def test_source_ip_private_ranges():
    path = "/Statement/0/Condition"
    assert cond({"IpAddress": {"aws:SourceIp": ["10.0.0.0/8", "192.168.1.0/24"]}}) == {
        ("PRIVATE_IP_ADDRESS", f"{path}/IpAddress/aws:SourceIp")
    }
    assert cond({"NotIpAddress": {"aws:SourceIp": "172.16.0.0/12"}}) == {
        ("PRIVATE_NOT_IP_ADDRESS", f"{path}/NotIpAddress/aws:SourceIp")
    }
    assert cond({"IpAddress": {"aws:SourceIp": ["10.0.0.0/8", "203.0.113.0/24"]}}) == {
        ("PRIVATE_IP_ADDRESS_SUBSET", f"{path}/IpAddress/aws:SourceIp")
    }
    assert (
        cond({"IpAddress": {"aws:VpcSourceIp": "10.0.0.0/8"}, "StringEquals": {"aws:SourceVpc": "vpc-1a2b3c4d"}})
        == set()
    )
    assert cond({"IpAddress": {"aws:VpcSourceIp": "10.0.0.0/8"}}) == {
        ("MISSING_PAIRED_CONDITION_KEYS", f"{path}/IpAddress/aws:VpcSourceIp")
    }


def test_policy_variables():
    assert found(doc(allow("s3:GetObject", "arn:aws:s3:::home/${aws:username}/*"))) == set()
    assert found(doc(allow("s3:GetObject", "arn:aws:s3:::home/${aws:username}/*"), version="2008-10-17")) == {
        ("VARIABLE_UNSUPPORTED_IN_VERSION", "/Statement/0/Resource")
    }
    assert ("VARIABLE_UNSUPPORTED_IN_ELEMENT", "/Statement/0/Action") in found(doc(allow("s3:${aws:username}")))
    assert found(doc(allow("s3:GetObject", "arn:aws:s3:::home/${aws:username/*"))) >= {
        ("MISSING_BRACE_IN_VARIABLE", "/Statement/0/Resource")
    }
    assert ("EMPTY_VARIABLE", "/Statement/0/Resource") in found(doc(allow("s3:GetObject", "arn:aws:s3:::home/${}/*")))
    assert ("UNSUPPORTED_SPACE_IN_VARIABLE", "/Statement/0/Resource") in found(
        doc(allow("s3:GetObject", "arn:aws:s3:::home/${aws:user name}/*"))
    )
    assert found(doc(allow("s3:GetObject", "arn:aws:s3:::b-${aws:PrincipalTag/team, 'shared'}/*"))) == set()
    assert ("MISSING_QUOTE_IN_VARIABLE", "/Statement/0/Resource") in found(
        doc(allow("s3:GetObject", "arn:aws:s3:::b-${aws:PrincipalTag/team, shared}/*"))
    )


def test_size_quotas():
    many = [f"arn:aws:s3:::bucket-{i:05d}/*" for i in range(300)]
    big = doc(allow("s3:GetObject", many))
    assert ("POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA", "/") in found(big)
    scp = doc({"Effect": "Deny", "Action": "s3:GetObject", "Resource": many})
    assert ("POLICY_SIZE_EXCEEDS_SCP_QUOTA", "/") in found(scp, SCP)
    rcp = doc({"Effect": "Deny", "Principal": "*", "Action": "s3:GetObject", "Resource": many})
    assert ("POLICY_SIZE_EXCEEDS_RCP_QUOTA", "/") in found(rcp, RCP)
    # white space does not count
    assert "POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA" not in codes(json.dumps(doc(allow()), indent=4000))


@pytest.mark.parametrize("kind", list(PolicyType))
def test_findings_are_sorted_and_stable(kind: PolicyType):
    text = json.dumps(doc(allow(["s3:GetObjekt", "nosuch:X"], "bucket"), allow(Sid="x-y")), indent=1)
    first = [f.to_json() for f in validate_text(text, kind)]
    assert first == [f.to_json() for f in validate_text(text, kind)]
    offsets = [f["locations"][0]["span"]["start"]["offset"] for f in first]
    assert offsets == sorted(offsets)


def test_condition_key_support_per_action():
    passed = {"StringEquals": {"iam:PassedToService": "ec2.amazonaws.com"}}
    findings = found(doc(allow(["iam:PassRole", "s3:GetObject"], "*", Condition=passed)))
    assert (
        "UNSUPPORTED_ACTION_FOR_CONDITION_KEY",
        "/Statement/0/Condition/StringEquals/iam:PassedToService",
    ) in findings
    assert "UNSUPPORTED_ACTION_FOR_CONDITION_KEY" not in codes(doc(allow("iam:PassRole", "*", Condition=passed)))
    # wildcard actions are not evaluated (as Access Analyzer), role-session keys apply to every action
    assert "UNSUPPORTED_ACTION_FOR_CONDITION_KEY" not in codes(
        doc(allow(["iam:Pass*", "s3:Get*"], "*", Condition=passed))
    )
    session = {"ArnLike": {"ec2:SourceInstanceARN": "arn:aws:ec2:*:111122223333:instance/*"}}
    assert "UNSUPPORTED_ACTION_FOR_CONDITION_KEY" not in codes(doc(allow("s3:GetObject", Condition=session)))
    # a key documented as `.../tag-key`
    owning = {"StringEquals": {"secretsmanager:ResourceTag/aws:secretsmanager:owningService": "datasync"}}
    assert codes(doc(allow("secretsmanager:GetSecretValue", "*", Condition=owning))) == set()


def test_tag_condition_keys_per_service():
    tagged = {"StringEquals": {"aws:ResourceTag/status": "Confidential"}}
    supported = doc({"Effect": "Deny", "Action": ["appmesh:DeleteMesh", "backup:DeleteBackupPlan"], "Resource": "*",
                     "Condition": tagged})  # fmt: skip
    assert codes(supported) == set()
    mixed = doc({"Effect": "Deny", "Action": ["appmesh:DeleteMesh", "cloudsearch:DeleteDomain"], "Resource": "*",
                 "Condition": tagged})  # fmt: skip
    (f,) = [f for f in validate_text(json.dumps(mixed)) if f.issue_code.startswith("DENY_WITH")]
    assert f.finding_type == "SECURITY_WARNING" and "cloudsearch" in f.details and "appmesh" not in f.details


def test_trust_policy_checks():
    lambda_trust = doc(
        {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}
    )
    assert codes(lambda_trust, RESOURCE) == set()
    queue = {"Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"}, "Action": "sqs:SendMessage",
             "Resource": "arn:aws:sqs:us-east-1:111122223333:q"}  # fmt: skip
    assert codes(doc(queue), RESOURCE) == {"RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL"}
    source = {"ArnEquals": {"aws:SourceArn": "arn:aws:sns:us-east-1:111122223333:t"}}
    assert codes(doc({**queue, "Condition": source}), RESOURCE) == set()
    github = "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"
    web = {"Effect": "Allow", "Principal": {"Federated": github}, "Action": "sts:AssumeRoleWithWebIdentity"}
    assert codes(doc(web), RESOURCE) == {"MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL"}
    pinned = {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"},
              "StringLike": {"token.actions.githubusercontent.com:sub": "repo:octo-org/octo-repo:*"}}  # fmt: skip
    assert codes(doc({**web, "Condition": pinned}), RESOURCE) == set()
    saml = {"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:saml-provider/okta"},
            "Action": "sts:AssumeRoleWithSAML",
            "Condition": {"StringEquals": {"SAML:aud": "https://signin.aws.amazon.com/saml"}}}  # fmt: skip
    assert codes(doc(saml), RESOURCE) == set()


def test_s3_prefix_and_dynamodb_attributes():
    listing = allow("s3:ListBucket", "arn:aws:s3:::amzn-s3-demo-bucket")
    assert codes(doc({**listing, "Condition": {"StringLike": {"s3:prefix": ["home/*"]}}})) == set()
    assert codes(doc({**listing, "Effect": "Deny", "Condition": {"StringNotLike": {"s3:prefix": ["home/*"]}}})) == set()
    assert codes(doc({**listing, "Effect": "Deny", "Condition": {"StringLike": {"s3:prefix": ["private/*"]}}})) == {
        "S3_PREFIX_IN_NEGATIVE_CONTEXT"
    }
    attributes = {"ForAllValues:StringEquals": {"dynamodb:Attributes": ["id", "name"]}}
    select = {**attributes, "StringEquals": {"dynamodb:Select": "SPECIFIC_ATTRIBUTES"}}
    table = "arn:aws:dynamodb:us-east-1:111122223333:table/users"
    assert codes(doc(allow("dynamodb:GetItem", table, Condition=attributes))) == {"DYNAMODB_ATTRIBUTES_WITHOUT_SELECT"}
    assert codes(doc(allow("dynamodb:GetItem", table, Condition=select))) == set()


def test_resource_types_of_resource_policies():
    trust_type = "AWS::IAM::AssumeRolePolicyDocument"
    github = "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"
    good_trust = doc(
        {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"},
        {"Effect": "Allow", "Principal": {"Federated": github}, "Action": "sts:AssumeRoleWithWebIdentity",
         "Condition": {"StringLike": {"token.actions.githubusercontent.com:sub": "repo:octo-org/*"}}},
        {"Effect": "Allow", "Principal": {"Service": "rolesanywhere.amazonaws.com"},
         "Action": ["sts:AssumeRole", "sts:SetSourceIdentity", "sts:TagSession"]},
    )  # fmt: skip
    assert validate_text(json.dumps(good_trust), RESOURCE, resource_type=trust_type) == []
    public = doc({"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole", "Resource": "*"})
    kinds = {(f.issue_code, "/".join(map(str, f.locations[0].path))) for f in
             validate_text(json.dumps(public), RESOURCE, resource_type=trust_type)}  # fmt: skip
    assert kinds == {
        ("ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL", "Statement/0/Principal/AWS"),
        ("ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE", "Statement/0/Resource"),
    }
    key = "arn:aws:kms:us-east-1:111122223333:key/k"
    other = {"AWS": "arn:aws:iam::444455556666:root"}
    bucket = doc(allow(["s3:GetObject", "kms:Decrypt"], ["arn:aws:s3:::b/*", key], Principal=other))
    codes_found = {f.issue_code for f in validate_text(json.dumps(bucket), RESOURCE, resource_type="AWS::S3::Bucket")}
    assert {"UNSUPPORTED_ACTION_IN_POLICY", "UNSUPPORTED_RESOURCE_ARN_IN_POLICY"} <= codes_found
    # without a resource type, none of these checks apply
    assert "UNSUPPORTED_ACTION_IN_POLICY" not in codes(bucket, RESOURCE)


def test_resource_type_arguments_are_checked():
    from keyaki.errors import UsageError

    with pytest.raises(UsageError, match="unknown resource type"):
        validate_text("{}", RESOURCE, resource_type="AWS::S3::Buckets")
    with pytest.raises(UsageError, match="only to `RESOURCE_POLICY`"):
        validate_text("{}", IDENTITY, resource_type="AWS::S3::Bucket")


def test_value_formats_of_vpc_and_service_keys():
    path = "/Statement/0/Condition"
    assert cond({"StringEquals": {"aws:SourceVpc": ["vpc-1a2b3c4d", "vpc-0123456789abcdef0"]}}) == set()
    assert cond({"StringEquals": {"aws:SourceVpc": "vpc-1a2b"}}) == {
        ("INVALID_VPC_FORMAT", f"{path}/StringEquals/aws:SourceVpc")
    }
    assert cond({"StringEquals": {"aws:SourceVpc": ["vpc-1a2b3c4d", "vpc-xyz"]}}) == {
        ("INVALID_VPC_FORMAT", f"{path}/StringEquals/aws:SourceVpc/1")
    }
    assert cond({"StringLike": {"aws:SourceVpce": "vpce-*"}}) == set()
    assert cond({"StringEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}}) == set()
    passed = {"StringEquals": {"iam:PassedToService": "lambda.amazonaws.com"}}
    assert codes(doc(allow("iam:PassRole", "*", Condition=passed))) == set()
    bad = {"StringEquals": {"iam:PassedToService": "Lambda.amazonaws.com"}}
    assert codes(doc(allow("iam:PassRole", "*", Condition=bad))) == {"INVALID_SERVICE_PRINCIPAL_FORMAT"}
