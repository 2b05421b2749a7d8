"""Property: the engine's level agrees with the concrete evaluator over every class of context.

Policies are drawn from statements whose conditions read three keys; the contexts below hold one value
of every equivalence class those conditions can tell apart (absent, inside/outside each CIDR, each
literal and a value matching only the wildcard), so "always" must mean every context is allowed,
"absent" none, and "conditionally" some but not all.
"""

from __future__ import annotations

import itertools
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from keyaki.access.engine import ABSENT, ALWAYS, CONDITIONALLY, Engine, Question
from keyaki.access.estate import Actor, Estate, Resource
from keyaki.iam.case import simulate
from keyaki.snapshot import open_snapshot
from keyaki.snapshot.load import Snapshot, Status
from keyaki.snapshot.views.organizations import Organization

ACCT = "111122223333"
BUCKET = "arn:aws:s3:::example-reports"
USER = f"arn:aws:iam::{ACCT}:user/alice"
CONDITIONS: list[dict[str, Any] | None] = [
    None,
    {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}},
    {"NotIpAddress": {"aws:SourceIp": "10.1.0.0/16"}},
    {"Bool": {"aws:SecureTransport": "true"}},
    {"Bool": {"aws:SecureTransport": "false"}},
    {"BoolIfExists": {"aws:SecureTransport": "false"}},
    {"StringEquals": {"aws:SourceVpce": "vpce-1"}},
    {"StringNotEquals": {"aws:SourceVpce": "vpce-1"}},
    {"StringLike": {"aws:SourceVpce": "vpce-*"}},
    {"Null": {"aws:SourceVpce": "true"}},
    {"Null": {"aws:SourceVpce": "false"}},
]
VALUES = {
    "aws:SourceIp": [None, "10.1.2.3", "10.2.3.4", "192.0.2.1"],
    "aws:SecureTransport": [None, "true", "false"],
    "aws:SourceVpce": [None, "vpce-1", "vpce-2", "other"],
}
CONTEXTS = [
    {k: v for k, v in zip(VALUES, combo, strict=True) if v is not None} for combo in itertools.product(*VALUES.values())
]


def _statement(effect: str, cond: dict[str, Any] | None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "Effect": effect,
        "Action": "s3:ListBucket" if effect == "Allow" else "s3:*",
        "Resource": "*",
    }
    if cond:
        out["Condition"] = cond
    return out


statements = st.lists(
    st.tuples(st.sampled_from(["Allow", "Deny"]), st.sampled_from(CONDITIONS), st.sampled_from(CONDITIONS)),
    min_size=1,
    max_size=4,
)


def _merge(a: dict[str, Any] | None, b: dict[str, Any] | None) -> dict[str, Any] | None:
    if a is None or b is None or set(a) & set(b):
        return a or b
    return {**a, **b}


@pytest.fixture(scope="module")
def empty_snapshot(tmp_path_factory: pytest.TempPathFactory) -> Snapshot:
    root = tmp_path_factory.mktemp("empty")
    manifest = {"format": "keyaki-snapshot", "format_version": 1, "created": "2026-11-01T12:00:00Z", "accounts": []}
    (root / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return open_snapshot(root)


@settings(max_examples=40, deadline=None)
@given(drawn=statements)
def test_level_agrees_with_every_context(empty_snapshot, drawn):
    policy = {"Version": "2012-10-17", "Statement": [_statement(e, _merge(a, b)) for e, a, b in drawn]}
    est = Estate(empty_snapshot, Organization(known=False))
    doc = est.doc(policy, "generated", "generated.json")
    assert doc is not None
    alice = Actor(USER, "user", ACCT, USER, identity=(doc,))
    bucket = Resource(BUCKET, "AWS::S3::Bucket", ACCT, "global", None, Status.NOT_FOUND)
    ans = Engine(est).decide(Question(alice, "s3:ListBucket", bucket))
    base = {"principal": USER, "action": "s3:ListBucket", "resource": BUCKET}
    allowed = [
        simulate({"request": {**base, "context": c}, "identity_policies": [policy]}).decision == "allowed"
        for c in CONTEXTS
    ]
    expected = ALWAYS if all(allowed) else ABSENT if not any(allowed) else CONDITIONALLY
    assert ans.level == expected, (policy, ans.reasons)
    if ans.witness is not None:
        assert simulate(ans.witness).decision == "allowed"
