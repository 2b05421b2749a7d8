"""The properties: public access (AWS's definition), access not granted, guardrails, UNKNOWN reasons."""

from __future__ import annotations

import doctest
from typing import Any

import pytest

import keyaki.symbolic
from keyaki.errors import UsageError
from keyaki.iam.parse import parse_policy
from keyaki.symbolic import Checker, actions, compile, condition, keys, patterns, public, replay, solver, term, verify
from keyaki.symbolic.replay import decide, simulate_case

BUCKET = "arn:aws:s3:::amzn-s3-demo-bucket"


def bucket_policy(principal: Any = "*", condition: dict[str, Any] | None = None, action: Any = "s3:GetObject") -> Any:
    stmt: dict[str, Any] = {"Effect": "Allow", "Principal": principal, "Action": action, "Resource": f"{BUCKET}/*"}
    if condition:
        stmt["Condition"] = condition
    return parse_policy({"Version": "2012-10-17", "Statement": [stmt]})


@pytest.mark.parametrize(
    ("principal", "condition", "expected"),
    [
        ("*", None, "FAIL"),
        ({"AWS": "*"}, None, "FAIL"),
        ("*", {"StringEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}}, "PASS"),
        ("*", {"StringLike": {"aws:SourceVpce": "vpce-*"}}, "FAIL"),  # a wildcard is not a fixed value
        ("*", {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}, "PASS"),
        ("*", {"StringEquals": {"aws:PrincipalAccount": "111122223333"}}, "PASS"),
        ("*", {"ArnEquals": {"aws:SourceArn": "arn:aws:cloudfront::111122223333:distribution/E1"}}, "PASS"),
        ("*", {"StringEquals": {"aws:SourceAccount": "111122223333"}}, "PASS"),
        ("*", {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}, "PASS"),
        ("*", {"IpAddress": {"aws:SourceIp": "0.0.0.0/0"}}, "FAIL"),
        ("*", {"Bool": {"aws:SecureTransport": "true"}}, "FAIL"),  # not a restriction of who
        ({"AWS": "arn:aws:iam::111122223333:root"}, None, "PASS"),
        ({"Service": "cloudfront.amazonaws.com"}, None, "PASS"),
    ],
)
def test_no_public_access_s3(principal: Any, condition: dict[str, Any] | None, expected: str) -> None:
    result = Checker().verify_no_public_access(bucket_policy(principal, condition), "AWS::S3::Bucket")
    assert result.result == expected, result.reasons
    if expected == "FAIL":
        assert result.witness is not None
        assert decide(bucket_policy(principal, condition), result.witness["request"]) == "allowed"


def test_s3_counts_only_bad_actions() -> None:
    pol = bucket_policy(action="s3:GetBucketLocation")  # s3:Get* is a bad action
    assert Checker().verify_no_public_access(pol, "AWS::S3::Bucket").result == "FAIL"
    pol = bucket_policy(action="s3:CreateJob")
    assert Checker().verify_no_public_access(pol, "AWS::S3::Bucket").result == "PASS"
    assert Checker().verify_no_public_access(pol, "AWS::SQS::Queue").result == "FAIL"


def test_trust_policy_with_cognito_needs_aud() -> None:
    trust = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"},
                       "Action": "sts:AssumeRoleWithWebIdentity"}],
    }  # fmt: skip
    c = Checker()
    assert c.verify_no_public_access(parse_policy(trust), "AWS::IAM::AssumeRolePolicyDocument").result == "FAIL"
    trust["Statement"][0]["Condition"] = {"StringEquals": {"cognito-identity.amazonaws.com:aud": "us-east-1:abcd"}}
    assert c.verify_no_public_access(parse_policy(trust), "AWS::IAM::AssumeRolePolicyDocument").result == "PASS"


def test_unknown_resource_type_is_usage_error() -> None:
    with pytest.raises(UsageError, match="unknown resource type"):
        Checker().verify_no_public_access(bucket_policy(), "AWS::Nope::Thing")


def test_access_not_granted() -> None:
    pol = parse_policy({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["s3:Get*", "iam:Get*"], "Resource": "*"},
        {"Effect": "Deny", "Action": "s3:GetObject", "Resource": f"{BUCKET}/secret/*"}]})  # fmt: skip
    c = Checker()
    assert c.verify_access_not_granted(pol, ["iam:PassRole", "s3:PutObject"]).result == "PASS"
    failed = c.verify_access_not_granted(pol, ["s3:GetObject"])
    assert failed.result == "FAIL" and failed.witness is not None
    assert failed.witness["request"]["action"] == "s3:getobject"
    assert c.verify_access_not_granted(pol, ["s3:GetObject"], [f"{BUCKET}/secret/x"]).result == "PASS"
    assert c.verify_access_not_granted(pol, ["s3:GetObject"], [f"{BUCKET}/public/x"]).result == "FAIL"


SCP_ALL = parse_policy({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]})


def scp(stmt: dict[str, Any]) -> Any:
    return parse_policy({"Version": "2012-10-17", "Statement": [stmt]})


def test_guardrails_deny() -> None:
    deny = scp({"Effect": "Deny", "Action": "iam:CreateAccessKey", "Resource": "*"})
    c = Checker()
    assert c.verify_guardrails_deny([[SCP_ALL], [SCP_ALL, deny]], [], ["iam:CreateAccessKey"]).result == "PASS"
    # an exception for one role: the guarantee fails, and the witness is that role
    excepted = scp({"Effect": "Deny", "Action": "iam:CreateAccessKey", "Resource": "*",
                    "Condition": {"ArnNotLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/break-glass"}}})  # fmt: skip
    result = c.verify_guardrails_deny([[SCP_ALL], [SCP_ALL, excepted]], [], ["iam:CreateAccessKey"])
    assert result.result == "FAIL", result.reasons
    assert result.witness is not None and result.witness["request"]["principal"].endswith(":role/break-glass")
    assert simulate_case(result.witness) == "allowed"
    # an allow-list SCP at the OU level that does not list iam: nothing under it can call it
    allow_list = scp({"Effect": "Allow", "Action": ["s3:*", "ec2:*"], "Resource": "*"})
    assert c.verify_guardrails_deny([[SCP_ALL], [allow_list]], [], ["iam:CreateAccessKey"]).result == "PASS"
    assert c.verify_guardrails_deny([[SCP_ALL], [allow_list]], [], ["s3:PutObject"]).result == "FAIL"


def test_rcp_level_denies() -> None:
    rcp = scp({"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*",
               "Condition": {"StringNotEqualsIfExists": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}})  # fmt: skip
    result = Checker().verify_guardrails_deny([], [[SCP_ALL, rcp]], ["s3:GetObject"])
    assert result.result == "FAIL" and result.witness is not None
    assert result.witness["request"]["context"].get("aws:principalorgid") == "o-a1b2c3d4e5"


def test_unmodelled_is_unknown_never_pass() -> None:
    pol = parse_policy({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
         "Condition": {"BinaryEquals": {"s3:x-amz-content-sha256": "QmluYXJ5"}}}]})  # fmt: skip
    # the same policy is no more permissive than itself: proven without modelling the condition
    assert Checker().verify_no_new_access(pol, pol, "IDENTITY_POLICY").to_json()["method"] == "containment"
    # an extra Deny in the existing policy defeats the containment test: the solver cannot model
    # BinaryEquals, so the (true) PASS is UNKNOWN, never PASS
    result = Checker().verify_no_new_access(pol, _with_deny(pol), "IDENTITY_POLICY")
    assert result.result == "UNKNOWN"
    assert any("BinaryEquals" in r for r in result.reasons)
    mixed = parse_policy({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
         "Condition": {"StringEquals": {"s3:max-keys": "1"}, "NumericLessThan": {"s3:max-keys": "5"}}}]})  # fmt: skip
    assert Checker().verify_access_not_granted(mixed, ["s3:PutObject"]).result == "UNKNOWN"


def test_bad_policy_type() -> None:
    with pytest.raises(UsageError, match="unknown policy type"):
        Checker().verify_no_new_access(SCP_ALL, SCP_ALL, "BOUNDARY")


def test_compiled_policies_are_cached() -> None:
    c = Checker()
    a = scp({"Effect": "Allow", "Action": "s3:Get*", "Resource": "*"})
    # containment and the candidate requests cannot decide this one: only the solver finds
    # `aws:SecureTransport` = false
    guarded = _with_deny(SCP_ALL, {"Bool": {"aws:SecureTransport": "false"}})
    first = c.verify_no_new_access(a, guarded, "IDENTITY_POLICY")
    assert first.result == "FAIL" and first.to_json()["method"] == "solver"
    c.verify_no_new_access(a, guarded, "IDENTITY_POLICY")
    assert c.cache.hits >= 2


def _with_deny(pol: Any, condition: dict[str, Any] | None = None) -> Any:
    """``pol`` plus a Deny statement (of ``s3:PutObject``, or of ``s3:*`` under ``condition``)."""
    from keyaki.iam.printer import to_json

    doc = to_json(pol)
    deny: dict[str, Any] = {"Effect": "Deny", "Action": "s3:PutObject", "Resource": "*"}
    if condition:
        deny = {"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": condition}
    statements = doc["Statement"] if isinstance(doc["Statement"], list) else [doc["Statement"]]
    return parse_policy({**doc, "Statement": [*statements, deny]})


@pytest.mark.parametrize(
    "module",
    [keyaki.symbolic, actions, compile, condition, keys, patterns, public, replay, solver, term, verify],
)
def test_doctests(module: Any) -> None:
    failures, _ = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert failures == 0


def test_inner_wildcard_regions_get_a_name_each() -> None:
    """Patterns of a service the reference data does not know: every combination of them that a
    name can match has a representative, found by the solver (no documented names to start from)."""
    from keyaki.iam.wildcard import glob
    from keyaki.symbolic.actions import ActionDomain

    pats = ["keyakitest:*abc", "keyakitest:get*", "keyakitest:g?t*c"]
    d = ActionDomain.build(pats, frozenset({"keyakitest"}))
    assert d is not None and not d.approximate
    regions = {tuple(glob(p, n) for p in pats) for n in d.names}
    # every combination a name can realise: e.g. `getabc` (all three), `xabc` (first only), `getx`
    # (second only), `gotc` (third only), `getc` (second and third), `x` (none)
    assert {(True, True, True), (True, False, False), (False, True, False), (False, False, True),
            (False, True, True), (False, False, False)} <= regions  # fmt: skip
    # a policy with such patterns is now proven without the string encoding
    inner = scp({"Effect": "Allow", "Action": pats[:2], "Resource": "*"})
    wider = scp({"Effect": "Allow", "Action": ["keyakitest:*abc", "keyakitest:g*"], "Resource": "*"})
    assert Checker(presolve=False).verify_no_new_access(inner, wider, "IDENTITY_POLICY").result == "PASS"


def test_inner_wildcard_actions() -> None:
    """`*Stack*` leaves the exact finite action domain: FAIL still found, PASS proved by the string encoding."""
    inner = scp({"Effect": "Allow", "Action": "cloudformation:*Stack*", "Resource": "*"})
    describe = scp({"Effect": "Allow", "Action": "cloudformation:Describe*", "Resource": "*"})
    c = Checker()
    assert c.verify_no_new_access(inner, inner, "IDENTITY_POLICY").result == "PASS"
    failed = c.verify_no_new_access(inner, describe, "IDENTITY_POLICY")
    assert failed.result == "FAIL" and failed.witness is not None
    assert "stack" in failed.witness["request"]["action"]


@pytest.mark.parametrize("action", ["a{b}:x", "s3:", "my_svc:get"])
def test_an_action_outside_the_modelled_names_is_never_a_pass(action: str) -> None:
    """The string encoding of actions covers `[a-z0-9-]` services and non-empty `[a-z0-9]` names; a
    pattern that names others gets a reason (a `*:*` in the existing policy forces that encoding)."""
    new = parse_policy({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": action, "Resource": "*"}]})
    old = parse_policy({"Version": "2012-10-17", "Statement": [
        {"Effect": "Deny", "NotAction": ["*:*", "sts:AssumeRole"], "Resource": "arn:aws:s3:::b"}]})  # fmt: skip
    result = Checker(presolve=False).verify_no_new_access(new, old, "IDENTITY_POLICY")
    assert result.result != "PASS", result
    if result.result == "FAIL":
        request = result.witness["request"]  # type: ignore[index]  # a FAIL has a witness
        assert decide(new, request) == "allowed" and decide(old, request) != "allowed"


def test_principal_type_is_the_principals() -> None:
    """AWS sets ``aws:PrincipalType`` from the principal (User, AssumedRole, FederatedUser, Account,
    Anonymous; none for a service), as the evaluator does: an identity policy granting only anonymous
    callers grants an IAM principal nothing, and an ``IfExists`` on it always reads the value."""
    def pol(*statements: dict[str, Any]) -> Any:
        return parse_policy({"Version": "2012-10-17", "Statement": list(statements)})

    anonymous = {"StringEquals": {"aws:PrincipalType": "Anonymous"}}
    new = pol({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": anonymous})
    old = pol({"Effect": "Allow", "Action": "s3:PutObject", "Resource": "*"})
    for presolve in (True, False):
        assert Checker(presolve=presolve).verify_no_new_access(new, old, "IDENTITY_POLICY").result == "PASS"
    if_exists = {"StringNotLikeIfExists": {"aws:PrincipalType": ["User", "AssumedRole", "FederatedUser", "Account"]}}
    new = pol({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": if_exists})
    for presolve in (True, False):
        assert Checker(presolve=presolve).verify_no_new_access(new, old, "IDENTITY_POLICY").result == "PASS"
    result = Checker().verify_no_new_access(new, old, "RESOURCE_POLICY")  # a service or anonymous caller
    assert result.result == "FAIL"
    request = result.witness["request"]  # type: ignore[index]  # a FAIL has a witness
    assert decide(new, request) == "allowed" and decide(old, request) != "allowed"


@pytest.mark.parametrize("value", ["true", "a:b", "arn:aws:s3:::x"])
def test_arn_operators_on_a_key_that_is_not_an_arn(value: str) -> None:
    """`s3:prefix` is a String: under `ArnLike` AWS compares any text, six colon-separated fields
    field by field and anything else as a whole (found by the review: the solver assumed an ARN and
    proved PASS where the evaluator allows `true`)."""
    def listing(pattern: str) -> Any:
        return scp({"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*",
                    "Condition": {"ArnLike": {"s3:prefix": pattern}}})  # fmt: skip

    other = "arn:aws:s3:::other" if value.startswith("arn:") else "arn:aws:s3:::x"
    result = Checker(presolve=False).verify_no_new_access(listing(value), listing(other), "IDENTITY_POLICY")
    assert result.result == "FAIL", result.reasons
    assert result.witness is not None and result.witness["request"]["context"]["s3:prefix"] == value
    same = Checker(presolve=False).verify_no_new_access(listing(value), listing(value), "IDENTITY_POLICY")
    assert same.result == "PASS"
