"""The engine on real-shaped policies: always / conditionally / absent, witnesses that replay, conditions in words."""

from __future__ import annotations

from typing import Any

import pytest

from keyaki.access.bounds import Free, bound
from keyaki.access.describe import text
from keyaki.access.engine import ABSENT, ALWAYS, CONDITIONALLY, Engine, Question
from keyaki.access.estate import Actor, Estate, Resource
from keyaki.iam.case import simulate
from keyaki.iam.parse import parse_policy
from keyaki.snapshot import open_snapshot
from keyaki.snapshot.load import Status
from keyaki.snapshot.views.organizations import Organization

ACCT, OTHER = "111122223333", "444455556666"
BUCKET = "arn:aws:s3:::example-reports"


def _estate(make_snapshot: Any) -> Estate:
    return Estate(open_snapshot(make_snapshot({})), Organization(known=False))


def _user(est: Estate, *policies: dict[str, Any], account: str = ACCT) -> Actor:
    docs = tuple(est.doc(p, f"policy{i}", "test.json") for i, p in enumerate(policies))
    arn = f"arn:aws:iam::{account}:user/alice"
    return Actor(arn, "user", account, arn, identity=tuple(d for d in docs if d is not None))


def _bucket(est: Estate, policy: dict[str, Any] | None) -> Resource:
    doc = est.doc(policy, BUCKET, "bucket.json") if policy is not None else None
    status = Status.OK if policy is not None else Status.NOT_FOUND
    return Resource(BUCKET, "AWS::S3::Bucket", ACCT, "global", doc, status)


def _allow(action: str, resource: str, condition: dict[str, Any] | None = None) -> dict[str, Any]:
    st: dict[str, Any] = {"Effect": "Allow", "Action": action, "Resource": resource}
    if condition:
        st["Condition"] = condition
    return {"Version": "2012-10-17", "Statement": [st]}


def _replays(answer: Any) -> bool:
    return simulate(answer.witness).decision == "allowed"


def test_identity_policy_without_condition_is_always(make_snapshot):
    est = _estate(make_snapshot)
    alice = _user(est, _allow("s3:ListBucket", BUCKET))
    ans = Engine(est).decide(Question(alice, "s3:ListBucket", _bucket(est, None)))
    assert ans.level == ALWAYS and _replays(ans)
    assert ans.witness["request"]["principal"] == alice.arn


def test_source_ip_condition_is_conditionally_with_readable_text(make_snapshot):
    est = _estate(make_snapshot)
    alice = _user(est, _allow("s3:ListBucket", BUCKET, {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}))
    ans = Engine(est).decide(Question(alice, "s3:ListBucket", _bucket(est, None)))
    assert ans.level == CONDITIONALLY and _replays(ans)
    assert [g["text"] for g in ans.conditions] == ["aws:SourceIp in 10.0.0.0/8"]
    clause = ans.conditions[0]["clauses"][0]
    assert clause["operator"] == "IpAddress" and clause["location"] == "/Statement/0/Condition/IpAddress/aws:SourceIp"


def test_cross_account_needs_the_resource_policy(make_snapshot):
    est = _estate(make_snapshot)
    bob = _user(est, _allow("s3:*", "*"), account=OTHER)
    engine = Engine(est)
    assert engine.decide(Question(bob, "s3:ListBucket", _bucket(est, None))).level == ABSENT
    shared = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{OTHER}:root"},
                "Action": "s3:ListBucket",
                "Resource": BUCKET,
            }
        ],
    }
    ans = Engine(est).decide(Question(bob, "s3:ListBucket", _bucket(est, shared)))  # one engine per estate
    assert ans.level == ALWAYS and _replays(ans)


def test_conditional_deny_is_reported_as_a_condition_that_must_fail(make_snapshot):
    est = _estate(make_snapshot)
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": BUCKET},
            {
                "Effect": "Deny",
                "Action": "s3:*",
                "Resource": "*",
                "Condition": {"Bool": {"aws:SecureTransport": "false"}},
            },
        ],
    }
    ans = Engine(est).decide(Question(_user(est, policy), "s3:ListBucket", _bucket(est, None)))
    assert ans.level == CONDITIONALLY and _replays(ans)
    assert [(g["effect"], g["text"]) for g in ans.conditions] == [("Deny", "not (aws:SecureTransport is false)")]


def test_tautological_conditions_are_proved_always_by_the_solver(make_snapshot):
    est = _estate(make_snapshot)
    cover = [
        {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": BUCKET, "Condition": c}
        for c in (
            {"Bool": {"aws:SecureTransport": "true"}},
            {"Bool": {"aws:SecureTransport": "false"}},
            {"Null": {"aws:SecureTransport": "true"}},
            {"StringNotEqualsIgnoreCase": {"aws:SecureTransport": ["true", "false"]}},
        )
    ]
    engine = Engine(est)
    ans = engine.decide(
        Question(_user(est, {"Version": "2012-10-17", "Statement": cover}), "s3:ListBucket", _bucket(est, None))
    )
    assert ans.level == ALWAYS and _replays(ans)
    assert engine.solver_calls == 1


def test_contradictory_conditions_are_proved_absent_by_the_solver(make_snapshot):
    est = _estate(make_snapshot)
    cond = {"StringEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}, "StringNotEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}}
    engine = Engine(est)
    ans = engine.decide(
        Question(_user(est, _allow("s3:ListBucket", BUCKET, cond)), "s3:ListBucket", _bucket(est, None))
    )
    assert ans.level == ABSENT
    assert engine.solver_calls == 1


def test_object_prefix_grant_is_conditional_on_the_key(make_snapshot):
    est = _estate(make_snapshot)
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": f"{BUCKET}/public/*"}
        ],
    }
    anon = Actor("anonymous", "anonymous", None, "anonymous", internal=False)
    ans = Engine(est).decide(Question(anon, "s3:GetObject", _bucket(est, policy), object_space=True))
    assert ans.level == CONDITIONALLY and _replays(ans)
    assert ans.witness["request"]["resource"].startswith(f"{BUCKET}/public/")
    assert [g["text"] for g in ans.conditions] == [f'resource like "{BUCKET}/public/*"']


def test_object_grant_on_every_key_is_always(make_snapshot):
    est = _estate(make_snapshot)
    policy = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": f"{BUCKET}/*"}],
    }
    anon = Actor("anonymous", "anonymous", None, "anonymous", internal=False)
    ans = Engine(est).decide(Question(anon, "s3:GetObject", _bucket(est, policy), object_space=True))
    assert ans.level == ALWAYS and _replays(ans)


@pytest.mark.parametrize(
    ("operator", "values", "expected"),
    [
        ("StringEquals", ["a"], 'k = "a"'),
        ("StringNotEquals", ["a", "b"], 'k not in "a", "b"'),
        ("StringLike", ["repo:acme/*"], 'k like "repo:acme/*"'),
        ("Bool", [True], "k is true"),
        ("Null", ["true"], "k is absent"),
        ("ForAnyValue:StringEquals", ["x"], 'some value of k = "x"'),
        ("NumericLessThanIfExists", ["3600"], 'k < "3600" (when present)'),
    ],
)
def test_condition_text(operator, values, expected):
    pol = parse_policy(
        {"Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {operator: {"k": values}}}}
    )
    assert text(pol.statements[0].conditions[0]) == expected


TLS_OFF = {"Bool": {"aws:SecureTransport": "false"}}
ORG = {"StringEquals": {"aws:PrincipalOrgID": "o-1"}}


def test_bounds_resolve_free_parts_in_opposite_directions():
    pol = parse_policy({
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Action": "s3:GetObject", "Resource": f"{BUCKET}/public/*"},
            {"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": TLS_OFF},
            {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": BUCKET, "Condition": ORG},
        ],
    })  # fmt: skip
    free = Free(frozenset({"aws:principalorgid"}), f"{BUCKET}/")
    upper, lower = bound(pol, free, upper=True), bound(pol, free, upper=False)
    assert [(s.effect.value, s.resource.texts() if s.resource else None) for s in upper.statements] == [
        ("Allow", ("*",))
    ]
    assert [s.effect.value for s in lower.statements] == ["Deny"]
    assert lower.statements[0].conditions == ()


def test_role_with_boundary_skips_the_bounds_where_authorization_is_not_monotone(make_snapshot):
    """Naming the role ARN joins the boundary-limited identity side; naming `*` does not (the reference's
    rule): here the request is allowed only when the role-naming statement does *not* apply."""
    est = _estate(make_snapshot)
    role_arn = f"arn:aws:iam::{ACCT}:role/reporter"
    boundary = est.doc(_allow("ec2:*", "*"), "boundary", "test.json")
    assert boundary is not None
    role = Actor(role_arn, "role", ACCT, role_arn, boundaries=(boundary,))
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": "*", "Action": "s3:ListBucket", "Resource": BUCKET},
            {
                "Effect": "Allow",
                "Principal": {"AWS": role_arn},
                "Action": "s3:ListBucket",
                "Resource": BUCKET,
                "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}},
            },
        ],
    }
    ans = Engine(est).decide(Question(role, "s3:ListBucket", _bucket(est, policy)))
    assert ans.level == CONDITIONALLY and _replays(ans)
    assert "aws:SourceIp" not in ans.witness["request"]["context"]
