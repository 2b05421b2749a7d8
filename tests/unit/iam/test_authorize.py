"""Authorizer details beyond the corpus: statement records, missing keys, principal kinds."""

from __future__ import annotations

from typing import Any

import pytest

from keyaki.iam import simulate

A, B = "111122223333", "444455556666"
OBJ = "arn:aws:s3:::example-bucket/k"
FULL = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}


def run(principal: str, action: str = "s3:GetObject", resource: str = OBJ, **case: Any) -> dict[str, Any]:
    request = {"principal": principal, "action": action, "resource": resource, **case.pop("request", {})}
    return simulate({"request": request, **case}).to_json()


def test_matched_statements_record_every_policy_in_order() -> None:
    deny_put = {"Statement": [{"Effect": "Deny", "Action": "s3:Put*", "Resource": "*"}]}
    out = run(
        f"arn:aws:iam::{A}:user/alice",
        identity_policies=[FULL, deny_put],
        permissions_boundaries=[FULL],
        scps=[{"target": "r-abcd", "policies": [FULL]}, {"target": A, "policies": [FULL]}],
    )
    assert out["decision"] == "allowed"
    assert [m["policy"] for m in out["matched_statements"]] == [
        "identity_policies[0]",
        "permissions_boundaries[0]",
        "scps[0].policies[0]",
        "scps[1].policies[0]",
    ]


def test_explicit_deny_in_a_boundary_or_endpoint_policy_wins() -> None:
    deny = {"Statement": [FULL["Statement"][0], {"Effect": "Deny", "Action": "s3:GetObject", "Resource": "*"}]}
    user = f"arn:aws:iam::{A}:user/alice"
    assert run(user, identity_policies=[FULL], permissions_boundaries=[deny])["decision"] == "explicitDeny"
    assert run(user, identity_policies=[FULL], vpc_endpoint_policies=[deny])["decision"] == "explicitDeny"


def test_missing_keys_of_every_condition_are_reported() -> None:
    cond = {"StringEquals": {"aws:PrincipalTag/team": "blue"}, "Bool": {"aws:SecureTransport": "true"}}
    pol = {"Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": cond}]}
    out = run(f"arn:aws:iam::{A}:user/alice", identity_policies=[pol])
    assert out == {
        "decision": "implicitDeny",
        "matched_statements": [],
        "missing_context_keys": ["aws:PrincipalTag/team", "aws:SecureTransport"],
    }


def test_principal_derived_context_keys() -> None:
    pol = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Action": "s3:*",
                "Resource": "arn:aws:s3:::example-bucket/${aws:username}",
                "Condition": {
                    "StringEquals": {"aws:PrincipalAccount": A},
                    "Bool": {"aws:PrincipalIsAWSService": "false"},
                },
            }
        ],
    }
    ok = run(f"arn:aws:iam::{A}:user/team/alice", resource="arn:aws:s3:::example-bucket/alice", identity_policies=[pol])
    assert ok["decision"] == "allowed"
    given = run(
        f"arn:aws:iam::{A}:user/alice",
        resource="arn:aws:s3:::example-bucket/alice",
        identity_policies=[pol],
        request={"context": {"aws:username": "bob"}},
    )
    assert given["decision"] == "implicitDeny"  # the case's own value wins


@pytest.mark.parametrize(
    ("principal", "expected"),
    [
        (f"arn:aws:iam::{A}:root", "allowed"),  # the root user needs no identity policy
        (f"arn:aws:sts::{A}:federated-user/carol", "implicitDeny"),
        (f"arn:aws:iam::{B}:root", "implicitDeny"),  # another account's root: cross-account
    ],
)
def test_root_and_federated_users(principal: str, expected: str) -> None:
    assert run(principal, request={"resource_account": A})["decision"] == expected


def test_resource_account_defaults() -> None:
    queue = f"arn:aws:sqs:us-east-1:{B}:q"
    user = f"arn:aws:iam::{A}:user/alice"
    # account from the ARN: cross-account, the identity policy alone is not enough
    assert run(user, action="sqs:SendMessage", resource=queue, identity_policies=[FULL])["decision"] == "implicitDeny"
    # S3 ARNs carry no account: the principal's account is assumed
    assert run(user, identity_policies=[FULL])["decision"] == "allowed"
