"""Request principals and the Principal / NotPrincipal elements."""

from __future__ import annotations

import pytest

from keyaki.errors import BadInput
from keyaki.iam.ast import PrincipalBlock, Value, ValueList
from keyaki.iam.principals import Match, RequestPrincipal, match_principal, not_principal_applies

A = "111122223333"
SESSION = RequestPrincipal.parse(f"arn:aws:sts::{A}:assumed-role/Admin/alice")
USER = RequestPrincipal.parse(f"arn:aws:iam::{A}:user/division/alice")


def block(**entries: list[str]) -> PrincipalBlock:
    return PrincipalBlock(False, tuple((k, ValueList(tuple(Value(v) for v in vs))) for k, vs in entries.items()))


def test_parse_kinds() -> None:
    assert USER.kind == "user" and USER.name == "alice" and USER.account == A
    assert SESSION.kind == "assumed-role" and SESSION.role_name == "Admin" and SESSION.name == "alice"
    assert RequestPrincipal.parse(f"arn:aws:iam::{A}:root").kind == "root"
    assert RequestPrincipal.parse(f"arn:aws:sts::{A}:federated-user/bob").kind == "federated-user"
    assert RequestPrincipal.parse("lambda.amazonaws.com").kind == "service"
    assert RequestPrincipal.parse("anonymous").kind == "anonymous"
    linked = RequestPrincipal.parse(f"arn:aws:iam::{A}:role/aws-service-role/x.amazonaws.com/AWSServiceRoleForX")
    assert linked.service_linked and linked.kind == "role"
    with pytest.raises(BadInput, match="`bob`"):
        RequestPrincipal.parse("bob")
    with pytest.raises(BadInput):
        RequestPrincipal.parse("arn:aws:iam::x")


@pytest.mark.parametrize(
    ("entries", "principal", "expected"),
    [
        ({"AWS": ["*"]}, SESSION, Match.WILDCARD),
        ({"AWS": [A]}, SESSION, Match.ACCOUNT),
        ({"AWS": [f"arn:aws:iam::{A}:root"]}, USER, Match.ACCOUNT),
        ({"AWS": ["444455556666"]}, USER, Match.NONE),
        ({"AWS": [f"arn:aws:iam::{A}:role/ops/Admin"]}, SESSION, Match.ROLE),
        ({"AWS": [f"arn:aws:iam::{A}:role/Other"]}, SESSION, Match.NONE),
        ({"AWS": [f"arn:aws:sts::{A}:assumed-role/Admin/alice"]}, SESSION, Match.EXACT),
        ({"AWS": [f"arn:aws:iam::{A}:user/division/alice"]}, USER, Match.EXACT),
        ({"AWS": [f"arn:aws:iam::{A}:user/alice"]}, USER, Match.NONE),  # the path is part of the ARN
        (
            {"AWS": [A], "Service": ["ec2.amazonaws.com"]},
            RequestPrincipal.parse("ec2.amazonaws.com"),
            Match.EXACT,
        ),
        ({"AWS": [A]}, RequestPrincipal.parse("anonymous"), Match.NONE),
        ({"Federated": ["cognito-identity.amazonaws.com"]}, USER, Match.NONE),
    ],
)
def test_principal_element(entries: dict[str, list[str]], principal: RequestPrincipal, expected: Match) -> None:
    assert match_principal(block(**entries), principal) is expected


def test_star_principal_matches_anonymous() -> None:
    assert match_principal(PrincipalBlock(True), RequestPrincipal.parse("anonymous")) is Match.WILDCARD


def test_not_principal_needs_every_identity_listed() -> None:
    session_arn, role_arn = SESSION.text, f"arn:aws:iam::{A}:role/Admin"
    assert not not_principal_applies(block(AWS=[session_arn, role_arn, f"arn:aws:iam::{A}:root"]), SESSION)
    assert not not_principal_applies(block(AWS=[session_arn, f"arn:aws:iam::{A}:role/ops/Admin", A]), SESSION)
    # NotPrincipal page: without the role ARN "the policy might deny access to the role"
    assert not_principal_applies(block(AWS=[session_arn, A]), SESSION)
    assert not_principal_applies(block(AWS=[role_arn, A]), SESSION)
    assert not_principal_applies(block(AWS=[session_arn]), SESSION)
    assert not_principal_applies(block(AWS=[f"arn:aws:iam::{A}:root"]), SESSION)
    assert not not_principal_applies(block(Service=["EC2.amazonaws.com"]), RequestPrincipal.parse("ec2.amazonaws.com"))
    assert not not_principal_applies(PrincipalBlock(True), SESSION)


def test_not_principal_root_user_is_its_account() -> None:
    root = RequestPrincipal.parse(f"arn:aws:iam::{A}:root")
    assert not not_principal_applies(block(AWS=[f"arn:aws:iam::{A}:root"]), root)
    assert not not_principal_applies(block(AWS=[A]), root)
    assert not_principal_applies(block(AWS=["444455556666"]), root)
    assert not_principal_applies(block(AWS=[USER.text]), root)


def test_not_principal_user_needs_user_and_account() -> None:
    assert not not_principal_applies(block(AWS=[USER.text, A]), USER)
    assert not_principal_applies(block(AWS=[USER.text]), USER)
    assert not_principal_applies(block(AWS=[A]), USER)
    assert not_principal_applies(block(AWS=[USER.text, A]), RequestPrincipal.parse("anonymous"))
