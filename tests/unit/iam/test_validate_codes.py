"""Registry-wide: every issue code the validator declares is produced by a minimal policy, with its type."""

from __future__ import annotations

import json
from typing import Any

import pytest

from keyaki.iam.validate import PolicyType, validate_text
from keyaki.iam.validate.findings import EXTENSIONS, ISSUES, finding_type

ID, RES, SCP, RCP = (
    PolicyType.IDENTITY_POLICY,
    PolicyType.RESOURCE_POLICY,
    PolicyType.SERVICE_CONTROL_POLICY,
    PolicyType.RESOURCE_CONTROL_POLICY,
)
V = "2012-10-17"
BUCKET = "arn:aws:s3:::amzn-s3-demo-bucket/*"


def st(**elements: Any) -> dict[str, Any]:
    return {"Version": V, "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": BUCKET, **elements}]}


def cond(op: str, key: str, value: Any) -> dict[str, Any]:
    return st(Condition={op: {key: value}})


def principal(p: Any) -> dict[str, Any]:
    return st(Principal=p)


NOT_BOTH = {"Version": V, "Statement": [{"Effect": "Allow", "NotAction": "s3:*", "NotResource": BUCKET}]}
STAR_NOT_RESOURCE = {"Version": V, "Statement": [{"Effect": "Allow", "Action": "iam:*", "NotResource": BUCKET}]}
STAR_RESOURCE_NOT_ACTION = {"Version": V, "Statement": [{"Effect": "Allow", "NotAction": "s3:*", "Resource": "*"}]}
MANY = [f"arn:aws:s3:::bucket-{i:05d}/*" for i in range(300)]
ONE = st()["Statement"][0]
PUBLIC = principal("*")["Statement"][0]
DUP_CASE = {"StringEquals": {"aws:username": "a", "AWS:username": "b"}}


def twice(statement: dict[str, Any]) -> dict[str, Any]:
    """Two statements with the same Sid (different actions, so not redundant)."""
    return {"Version": V, "Statement": [{**statement, "Sid": "A"}, {**statement, "Action": "s3:PutObject", "Sid": "A"}]}


OLD_VERSION_VARIABLE = {**st(Resource="arn:aws:s3:::b/${aws:username}/*"), "Version": "2008-10-17"}
TAGGED = {"StringEquals": {"aws:ResourceTag/status": "Confidential"}}
TAG_ACTIONS = ["appmesh:DeleteMesh", "cloudsearch:DeleteDomain"]
GOOGLE = "arn:aws:iam::111122223333:oidc-provider/accounts.google.com"
GITHUB = "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"
GITHUB_AUD = {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}}


def trust(federated: str, condition: dict[str, Any] | None = None) -> dict[str, Any]:
    statement = {"Effect": "Allow", "Principal": {"Federated": federated}, "Action": "sts:AssumeRoleWithWebIdentity"}
    return {"Version": V, "Statement": [{**statement, **({"Condition": condition} if condition else {})}]}


RCP_NOT_ACTION = {"Version": V, "Statement": {"Effect": "Deny", "Principal": "*", "NotAction": "s3:*", "Resource": "*"}}

TRUST_DOC = "AWS::IAM::AssumeRolePolicyDocument"
BUCKET_TYPE = "AWS::S3::Bucket"
ASSUME = {"Effect": "Allow", "Action": "sts:AssumeRole"}
SAML = "arn:aws:iam::111122223333:saml-provider/okta"


def role_trust(**elements: Any) -> dict[str, Any]:
    return {"Version": V, "Statement": [{**ASSUME, **elements}]}


EXAMPLES: dict[str, tuple[Any, PolicyType] | tuple[Any, PolicyType, str]] = {
    "ARN_ACCOUNT_NOT_ALLOWED": (st(Resource="arn:aws:s3::111122223333:b/*"), ID),
    "ARN_REGION_NOT_ALLOWED": (st(Resource="arn:aws:s3:us-east-1::b/*"), ID),
    "DATA_TYPE_MISMATCH": (st(Action=7), ID),
    "DUPLICATE_KEYS_WITH_DIFFERENT_CASE": (st(Condition=DUP_CASE), ID),
    "EMPTY_VARIABLE": (st(Resource="arn:aws:s3:::b/${}"), ID),
    "INVALID_ACTION": (st(Action="s3:GetObjekt"), ID),
    "INVALID_ARN_ACCOUNT": (st(Action="iam:GetRole", Resource="arn:aws:iam::12345:role/x"), ID),
    "INVALID_ARN_PREFIX": (st(Resource="b/*"), ID),
    "INVALID_ARN_RESOURCE": (st(Action="iam:GetRole", Resource="arn:aws:iam::111122223333:rol/x"), ID),
    "INVALID_ARN_SERVICE_CASE": (st(Resource="arn:aws:S3:::b/*"), ID),
    "INVALID_CONDITION_DATA_TYPE": (cond("StringEquals", "aws:username", ["a", 1]), ID),
    "INVALID_CONDITION_KEY_FORMAT": (cond("StringEquals", "username", "a"), ID),
    "INVALID_CONDITION_MULTIPLE_BOOLEAN": (cond("Bool", "aws:SecureTransport", ["true", "false"]), ID),
    "INVALID_CONDITION_OPERATOR": (cond("StringEqualz", "aws:username", "a"), ID),
    "INVALID_EFFECT": (st(Effect="Permit"), ID),
    "INVALID_GLOBAL_CONDITION_KEY": (cond("StringEquals", "aws:NoSuchKey", "a"), ID),
    "INVALID_PARTITION": (st(Resource="arn:amazon:s3:::b/*"), ID),
    "INVALID_POLICY_ELEMENT": (st(Extra="x"), ID),
    "INVALID_PRINCIPAL_FORMAT": (principal("alice"), RES),
    "INVALID_PRINCIPAL_KEY": (principal({"User": "alice"}), RES),
    "INVALID_SERVICE": (cond("StringEquals", "nosuch:Key", "a"), ID),
    "INVALID_SERVICE_CONDITION_KEY": (cond("StringEquals", "s3:NoSuchKey", "a"), ID),
    "INVALID_SERVICE_IN_ACTION": (st(Action="nosuch:GetThing"), ID),
    "INVALID_VARIABLE_FOR_OPERATOR": (cond("NumericEquals", "aws:MultiFactorAuthAge", "${aws:username}"), ID),
    "INVALID_VERSION": ({**st(), "Version": "2012-10-18"}, ID),
    "JSON_SYNTAX_ERROR": ('{"Version": "2012-10-17",', ID),
    "MISSING_ACTION": ({"Version": V, "Statement": {"Effect": "Allow", "Resource": "*"}}, ID),
    "MISSING_ARN_FIELD": (st(Resource="arn:aws:s3"), ID),
    "MISSING_ARN_REGION": (st(Action="logs:CreateLogGroup", Resource="arn:aws:logs::111122223333:log-group:x"), ID),
    "MISSING_BRACE_IN_VARIABLE": (st(Resource="arn:aws:s3:::b/${aws:username/*"), ID),
    "MISSING_EFFECT": ({"Version": V, "Statement": {"Action": "s3:GetObject", "Resource": "*"}}, ID),
    "MISSING_PRINCIPAL": (st(), RES),
    "MISSING_QUALIFIER": (cond("StringEquals", "aws:TagKeys", "team"), ID),
    "MISSING_QUOTE_IN_VARIABLE": (st(Resource="arn:aws:s3:::b/${aws:username, anonymous}/*"), ID),
    "MISSING_RESOURCE": ({"Version": V, "Statement": {"Effect": "Allow", "Action": "s3:GetObject"}}, ID),
    "MISSING_STATEMENT": ({"Version": V}, ID),
    "MISSING_TAG_KEY_IN_CONDITION": (cond("StringEquals", "aws:ResourceTag", "a"), ID),
    "NULL_WITH_IF_EXISTS": (cond("NullIfExists", "aws:username", "true"), ID),
    "POLICY_SIZE_EXCEEDS_RCP_QUOTA": (st(Principal="*", Effect="Deny", Resource=MANY), RCP),
    "POLICY_SIZE_EXCEEDS_SCP_QUOTA": (st(Effect="Deny", Resource=MANY), SCP),
    "PRIVATE_IP_ADDRESS": (cond("IpAddress", "aws:SourceIp", "10.1.0.0/16"), ID),
    "PRIVATE_NOT_IP_ADDRESS": (cond("NotIpAddress", "aws:SourceIp", "10.1.0.0/16"), ID),
    "RCP_SYNTAX_ERROR_ACTION": (st(Principal="*", Effect="Deny", Action="ec2:RunInstances"), RCP),
    "RCP_SYNTAX_ERROR_ALLOW": (st(Principal="*"), RCP),
    "RCP_SYNTAX_ERROR_NOTACTION": (RCP_NOT_ACTION, RCP),
    "RCP_SYNTAX_ERROR_PRINCIPAL": (st(Principal={"AWS": "111122223333"}, Effect="Deny"), RCP),
    "SCP_SYNTAX_ERROR_ACTION_WILDCARD": (st(Action="s3:*Object", Resource="*"), SCP),
    "SCP_SYNTAX_ERROR_PRINCIPAL": (principal("*"), SCP),
    "TYPE_MISMATCH_IP_RANGE": (cond("IpAddress", "aws:SourceIp", "not-an-ip"), ID),
    "UNIQUE_SIDS_REQUIRED": (twice(ONE), ID),
    "UNSUPPORTED_ELEMENT_COMBINATION": (st(NotAction="s3:PutObject"), ID),
    "UNSUPPORTED_GLOBAL_CONDITION_KEY": (cond("ArnEquals", "aws:ARN", "arn:aws:iam::111122223333:role/x"), ID),
    "UNSUPPORTED_PRINCIPAL": (principal("*"), ID),
    "UNSUPPORTED_SID": (st(Sid="my sid"), ID),
    "UNSUPPORTED_SPACE_IN_VARIABLE": (st(Resource="arn:aws:s3:::b/${aws:user name}/*"), ID),
    "UNSUPPORTED_WILDCARD_IN_PRINCIPAL": (principal({"AWS": "arn:aws:iam::111122223333:user/*"}), RES),
    "VARIABLE_UNSUPPORTED_IN_ELEMENT": (st(Action="s3:${aws:username}"), ID),
    "VARIABLE_UNSUPPORTED_IN_VERSION": (OLD_VERSION_VARIABLE, ID),
    "CREATE_SLR_WITH_NOT_RESOURCE": (st(Action="iam:CreateServiceLinkedRole", Resource=None, NotResource=BUCKET), ID),
    "CREATE_SLR_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE": (STAR_NOT_RESOURCE, ID),
    "CREATE_SLR_WITH_NOT_ACTION_AND_NOT_RESOURCE": (NOT_BOTH, ID),
    "CREATE_SLR_WITH_STAR_IN_RESOURCE": (st(Action="iam:CreateServiceLinkedRole", Resource="*"), ID),
    "CREATE_SLR_WITH_STAR_IN_ACTION_AND_RESOURCE": (st(Action="iam:Create*", Resource="*"), ID),
    "CREATE_SLR_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION": (STAR_RESOURCE_NOT_ACTION, ID),
    "INVALID_DATE_VALUE": (cond("DateGreaterThan", "aws:CurrentTime", "1700000000"), ID),
    "INVALID_ROLE_REFERENCE": (principal({"AWS": "AROADBQP57FF2AEXAMPLE"}), RES),
    "INVALID_USER_REFERENCE": (principal({"AWS": "AIDACKCEVSQ6C2EXAMPLE"}), RES),
    "MISSING_VERSION": ({"Statement": st()["Statement"]}, ID),
    "POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA": (st(Resource=MANY), ID),
    "TYPE_MISMATCH": (cond("StringEquals", "aws:MultiFactorAuthPresent", "true"), ID),
    "TYPE_MISMATCH_BOOLEAN": (cond("Bool", "aws:SecureTransport", "yes"), ID),
    "TYPE_MISMATCH_DATE": (cond("DateLessThan", "aws:CurrentTime", "tomorrow"), ID),
    "TYPE_MISMATCH_NUMBER": (cond("NumericLessThan", "aws:MultiFactorAuthAge", "an hour"), ID),
    "TYPE_MISMATCH_STRING": (cond("BinaryEquals", "aws:username", "not base64!"), ID),
    "UNIQUE_SIDS_RECOMMENDED": (twice(PUBLIC), RES),
    "WILDCARD_WITHOUT_LIKE_OPERATOR": (cond("StringEquals", "aws:username", "a*"), ID),
    "ALLOW_WITH_NOT_PRINCIPAL": (st(NotPrincipal={"AWS": "arn:aws:iam::111122223333:root"}), RES),
    "FORALLVALUES_WITH_SINGLE_VALUED_KEY": (cond("ForAllValues:StringEquals", "aws:username", "a"), ID),
    "PASS_ROLE_WITH_NOT_RESOURCE": (st(Action="iam:PassRole", Resource=None, NotResource=BUCKET), ID),
    "PASS_ROLE_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE": (STAR_NOT_RESOURCE, ID),
    "PASS_ROLE_WITH_NOT_ACTION_AND_NOT_RESOURCE": (NOT_BOTH, ID),
    "PASS_ROLE_WITH_STAR_IN_RESOURCE": (st(Action="iam:PassRole", Resource="*"), ID),
    "PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE": (st(Action="iam:Pass*", Resource="*"), ID),
    "PASS_ROLE_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION": (STAR_RESOURCE_NOT_ACTION, ID),
    "EMPTY_ARRAY_ACTION": (st(Action=[]), ID),
    "EMPTY_ARRAY_CONDITION": (cond("StringEquals", "aws:username", []), ID),
    "EMPTY_ARRAY_CONDITION_FORALLVALUES": (cond("ForAllValues:StringEquals", "aws:TagKeys", []), ID),
    "EMPTY_ARRAY_CONDITION_FORANYVALUE": (cond("ForAnyValue:StringEquals", "aws:TagKeys", []), ID),
    "EMPTY_ARRAY_CONDITION_IFEXISTS": (cond("StringEqualsIfExists", "aws:username", []), ID),
    "EMPTY_ARRAY_PRINCIPAL": (principal({"AWS": []}), RES),
    "EMPTY_ARRAY_RESOURCE": (st(Resource=[]), ID),
    "EMPTY_OBJECT_CONDITION": (st(Condition={}), ID),
    "EMPTY_OBJECT_PRINCIPAL": (principal({}), RES),
    "EMPTY_SID_VALUE": (st(Sid=""), ID),
    "IMPROVE_IP_RANGE": (cond("IpAddress", "aws:SourceIp", "203.0.113.9/24"), ID),
    "NULL_WITH_QUALIFIER": (cond("ForAnyValue:Null", "aws:TagKeys", "true"), ID),
    "PRIVATE_IP_ADDRESS_SUBSET": (cond("IpAddress", "aws:SourceIp", ["10.0.0.0/8", "203.0.113.0/24"]), ID),
    "PRIVATE_NOT_IP_ADDRESS_SUBSET": (cond("NotIpAddress", "aws:SourceIp", ["10.0.0.0/8", "203.0.113.0/24"]), ID),
    "REDUNDANT_ACTION": (st(Action=["s3:Get*", "s3:GetObject"]), ID),
    "REDUNDANT_CONDITION_VALUE_NUM": (cond("NumericLessThan", "aws:MultiFactorAuthAge", ["2700", "3600"]), ID),
    "REDUNDANT_RESOURCE": (st(Resource=["arn:aws:s3:::b/*", "arn:aws:s3:::b/x"]), ID),
    "REDUNDANT_STATEMENT": ({"Version": V, "Statement": [ONE, ONE]}, ID),
    "WILDCARD_IN_SERVICE_NAME": (st(Action="s3*:GetObject"), ID),
    "RESOURCE_NOT_APPLICABLE_TO_ACTIONS": (st(Resource="arn:aws:s3:::amzn-s3-demo-bucket"), ID),
    "UNSUPPORTED_ACTION_FOR_CONDITION_KEY": (
        st(Action=["s3:GetObject", "iam:PassRole"], Condition={"StringEquals": {"iam:PassedToService": "ec2.a.com"}}),
        ID,
    ),
    "DENY_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE": (
        st(Effect="Deny", Action=TAG_ACTIONS, Resource="*", Condition=TAGGED),
        ID,
    ),
    "ALLOW_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE": (
        st(Action=TAG_ACTIONS, Resource="*", Condition=TAGGED),
        ID,
    ),
    "DENY_NOTACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE": (
        st(Effect="Deny", Action=None, NotAction="iam:*", Resource="*", Condition=TAGGED),
        ID,
    ),
    "ALLOW_NOTACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE": (
        st(Action=None, NotAction="iam:*", Resource="*", Condition=TAGGED),
        ID,
    ),
    "MISSING_PAIRED_CONDITION_KEYS": (cond("IpAddress", "aws:VpcSourceIp", "10.0.0.0/16"), ID),
    "RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL": (
        st(Principal={"Service": "sns.amazonaws.com"}, Action="sqs:SendMessage", Resource="*"),
        RES,
    ),
    "MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL": (trust(GOOGLE), RES),
    "MISSING_GITHUB_REPO_CONDITION_KEY": (trust(GITHUB, GITHUB_AUD), RES),
    "STRING_LIKE_OPERATOR_WITH_ARN_CONDITION_KEYS": (cond("StringLike", "aws:SourceArn", "arn:aws:sns:*:*:topic"), ID),
    "S3_PREFIX_IN_NEGATIVE_CONTEXT": (
        st(Effect="Deny", Action="s3:ListBucket", Resource="*", Condition={"StringLike": {"s3:prefix": "private/*"}}),
        ID,
    ),
    "FORANYVALUE_WITH_AUDIENCE_CLAIM_TYPE": (
        trust(GOOGLE, {"ForAnyValue:StringEquals": {"accounts.google.com:aud": "my-app.apps.googleusercontent.com"}}),
        RES,
    ),
    "DYNAMODB_ATTRIBUTES_WITHOUT_SELECT": (
        st(
            Action="dynamodb:GetItem",
            Resource="*",
            Condition={"ForAllValues:StringEquals": {"dynamodb:Attributes": ["id", "name"]}},
        ),
        ID,
    ),
    "INVALID_VPC_FORMAT": (cond("StringEquals", "aws:SourceVpc", "vpc-123"), ID),
    "INVALID_VPCE_FORMAT": (cond("StringNotEquals", "aws:SourceVpce", "vpc-1a2b3c4d"), ID),
    "INVALID_SERVICE_PRINCIPAL_FORMAT": (
        st(Action="iam:PassRole", Resource="*", Condition={"StringEquals": {"iam:PassedToService": "Lambda"}}),
        ID,
    ),
    "UNSUPPORTED_ACTION_IN_POLICY": (principal({"AWS": "111122223333"}) | {}, RES, "AWS::DynamoDB::Table"),
    "UNSUPPORTED_RESOURCE_ARN_IN_POLICY": (
        st(Principal={"AWS": "111122223333"}, Resource="arn:aws:kms:us-east-1:111122223333:key/x"),
        RES,
        BUCKET_TYPE,
    ),
    "FEDERATED_PRINCIPAL_NOT_SUPPORTED": (principal({"Federated": SAML}), RES, BUCKET_TYPE),
    "ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL": (
        role_trust(NotPrincipal={"AWS": "111122223333"}, Effect="Deny"),
        RES,
        TRUST_DOC,
    ),
    "ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL": (role_trust(Principal="*"), RES, TRUST_DOC),
    "ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE": (
        role_trust(Principal={"Service": "ec2.amazonaws.com"}, Resource="*"),
        RES,
        TRUST_DOC,
    ),
    "INVALID_FEDERATED_PRINCIPAL_SYNTAX_IN_ROLE_TRUST_POLICY": (
        role_trust(Principal={"Federated": "not a provider"}, Action="sts:AssumeRoleWithWebIdentity"),
        RES,
        TRUST_DOC,
    ),
    "MISMATCHED_ACTION_FOR_PRINCIPAL": (
        role_trust(Principal={"Federated": SAML}, Action="sts:AssumeRoleWithWebIdentity"),
        RES,
        TRUST_DOC,
    ),
    "MISSING_ACTION_FOR_ROLES_ANYWHERE_TRUST_POLICY": (
        role_trust(Principal={"Service": "rolesanywhere.amazonaws.com"}, Action=["sts:AssumeRole", "sts:TagSession"]),
        RES,
        TRUST_DOC,
    ),
}  # fmt: skip


def _clean(value: Any) -> Any:
    """Drop elements set to None in the examples above (e.g. Resource=None with NotResource)."""
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


def test_every_declared_code_has_an_example():
    assert set(EXAMPLES) == set(ISSUES) | set(EXTENSIONS)


@pytest.mark.parametrize("code", sorted(EXAMPLES))
def test_code_is_produced_with_its_type(code: str):
    policy, kind, *resource_type = EXAMPLES[code]
    text = policy if isinstance(policy, str) else json.dumps(_clean(policy), indent=2)
    findings = validate_text(text, kind, resource_type=resource_type[0] if resource_type else None)
    matching = [f for f in findings if f.issue_code == code]
    assert matching, f"{code} not produced; got {[f.issue_code for f in findings]}"
    assert all(f.finding_type == finding_type(code) for f in matching)
