"""Services acting for a source outside the zone of trust (the confused deputy): the ``Service:<principal>``
class of external access findings, the zone test on ``aws:SourceAccount``/``aws:SourceArn``/``aws:SourceOrgID``
in the candidate search and in the solver, per zone of trust; CLI JSON."""

from __future__ import annotations

import json
from typing import Any

import pytest

from keyaki.access import search
from keyaki.access.engine import Question
from keyaki.access.estate import Actor, Resource
from keyaki.access.findings import EXTERNAL, external_findings
from keyaki.access.symbolic import Fixed, Policies, solve
from keyaki.access.zone import exclusions
from keyaki.cli.scan import demo_path
from keyaki.findings.model import Finding, Severity
from keyaki.iam.case import simulate
from keyaki.iam.parse import parse_policy
from keyaki.snapshot import open_snapshot
from keyaki.snapshot.load import Status
from keyaki.symbolic.solver import Solver
from keyaki.symbolic.solver import Status as SolverStatus

A, MEMBER, OUTSIDE, R = "111122223333", "444455556666", "999988887777", "us-east-1"
ORG_ID = "o-exampleorgid"
TOPIC = f"arn:aws:sns:{R}:{A}:order-events"
ZONE_BUCKET = "acme-uploads"
S3 = "s3.amazonaws.com"
MANIFEST = {
    "format": "keyaki-snapshot",
    "format_version": 1,
    "created": "2026-11-01T12:00:00Z",
    "accounts": [{"id": A, "regions": [R]}],
}
ORG = {
    "organizations/describe-organization.json": {
        "Organization": {"Id": ORG_ID, "MasterAccountId": A, "FeatureSet": "ALL"}
    },
    "organizations/list-accounts.json": {
        "Accounts": [{"Id": A, "Name": "prod", "Status": "ACTIVE"}, {"Id": MEMBER, "Name": "dev", "Status": "ACTIVE"}]
    },
}
OWNER = {
    "Sid": "__default_statement_ID",
    "Effect": "Allow",
    "Principal": {"AWS": "*"},
    "Action": ["SNS:GetTopicAttributes", "SNS:Publish", "SNS:Subscribe"],
    "Resource": TOPIC,
    "Condition": {"StringEquals": {"AWS:SourceOwner": A}},
}


def _publish(condition: dict[str, Any] | None = None, service: str = S3) -> dict[str, Any]:
    st: dict[str, Any] = {
        "Sid": "AllowS3Notifications",
        "Effect": "Allow",
        "Principal": {"Service": service},
        "Action": "SNS:Publish",
        "Resource": TOPIC,
    }
    if condition is not None:
        st["Condition"] = condition
    return st


def _files(*statements: dict[str, Any]) -> dict[str, Any]:
    policy = {"Version": "2008-10-17", "Id": "__default_policy_ID", "Statement": [OWNER, *statements]}
    return {
        f"accounts/{A}/{R}/sns/list-topics.json": {"Topics": [{"TopicArn": TOPIC}]},
        f"accounts/{A}/{R}/sns/get-topic-attributes/order-events.json": {
            "Attributes": {
                "Policy": json.dumps(policy),
                "Owner": A,
                "TopicArn": TOPIC,
                "DisplayName": "",
                "SubscriptionsConfirmed": "1",
                "SubscriptionsPending": "0",
                "SubscriptionsDeleted": "0",
                "EffectiveDeliveryPolicy": json.dumps({"http": {"defaultHealthyRetryPolicy": {"numRetries": 3}}}),
            }
        },
        f"accounts/{A}/global/s3api/list-buckets.json": {
            "Buckets": [{"Name": ZONE_BUCKET, "CreationDate": "2024-05-02T10:11:12+00:00"}],
            "Owner": {"ID": "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"},
        },
        f"accounts/{A}/global/s3api/get-bucket-policy/{ZONE_BUCKET}.error.json": {
            "Error": {"Code": "NoSuchBucketPolicy", "Message": "The bucket policy does not exist"}
        },
        **ORG,
    }


def _context(witness: dict[str, Any], key: str) -> Any:
    """A context key of a witness, whatever its case (key names are not case sensitive)."""
    (value,) = [v for k, v in witness["request"]["context"].items() if k.lower() == key.lower()]
    return value


def _services(make_snapshot: Any, *statements: dict[str, Any], trust: str = "organization") -> list[Finding]:
    found, problems = external_findings(open_snapshot(make_snapshot(_files(*statements), MANIFEST)), trust)
    assert problems == []
    return [f for f in found if f.evidence.details.get("principal_class", "").startswith("Service:")]


def test_an_unpinned_service_grant_is_a_finding_with_a_replayed_witness(make_snapshot: Any) -> None:
    (f,) = _services(make_snapshot, _publish())
    d = f.evidence.details
    assert f.type == EXTERNAL and f.severity is Severity.HIGH and f.resource == TOPIC
    assert d["principal_class"] == f"Service:{S3}" and d["access"] == "always"
    assert d["principals"] == [S3] and d["witness"]["request"]["principal"] == S3
    assert simulate(d["witness"]).decision == "allowed"
    assert "on behalf of a source outside the zone of trust" in f.title
    assert "aws:SourceArn" in f.remediation and "confused-deputy.html" in f.remediation
    # the id is stable: the same snapshot gives the same finding id
    assert _services(make_snapshot, _publish())[0].id == f.id


@pytest.mark.parametrize(
    "condition",
    [
        {"StringEquals": {"aws:SourceAccount": A}},
        {"StringEquals": {"aws:SourceOrgID": ORG_ID}},
        {"ArnLike": {"aws:SourceArn": f"arn:aws:s3:*:{A}:*"}},
        {"ArnEquals": {"aws:SourceArn": f"arn:aws:s3:::{ZONE_BUCKET}"}},
        {"StringEquals": {"aws:SourceArn": f"arn:aws:s3:::{ZONE_BUCKET}"}},
        {"ArnLike": {"aws:SourceArn": [f"arn:aws:s3:::{ZONE_BUCKET}", f"arn:aws:sqs:{R}:{A}:*"]}},
    ],
    ids=["account", "org", "arn-account", "arn-bucket", "text-bucket", "both"],
)
def test_a_service_pinned_to_the_zone_is_no_finding(make_snapshot: Any, condition: dict[str, Any]) -> None:
    assert _services(make_snapshot, _publish(condition)) == []


@pytest.mark.parametrize(
    "condition, key, value",
    [
        ({"StringEquals": {"aws:SourceAccount": OUTSIDE}}, "aws:SourceAccount", OUTSIDE),
        ({"ArnLike": {"aws:SourceArn": f"arn:aws:s3:*:{OUTSIDE}:*"}}, "aws:SourceArn", None),
        ({"ArnEquals": {"aws:SourceArn": "arn:aws:s3:::someone-elses-bucket"}}, "aws:SourceArn", None),
        # a bucket ARN that only looks like the zone's bucket: another name
        ({"StringLike": {"aws:SourceArn": f"arn:aws:s3:::{ZONE_BUCKET}*"}}, "aws:SourceArn", None),
        # `*` of StringLike matches colons: `arn:aws:logs:REGION:OUTSIDE:log-group:111122223333:...` matches
        ({"StringLike": {"aws:SourceArn": f"arn:aws:*:*:{A}:*"}}, "aws:SourceArn", None),
    ],
    ids=["account", "arn-account", "arn-bucket", "bucket-prefix", "text-pattern-crosses-colons"],
)
def test_a_service_pinned_outside_the_zone_is_a_finding(
    make_snapshot: Any, condition: dict[str, Any], key: str, value: str | None
) -> None:
    (f,) = _services(make_snapshot, _publish(condition))
    d = f.evidence.details
    assert f.severity is Severity.MEDIUM and d["access"] == "conditionally"
    got = _context(d["witness"], key)
    assert simulate(d["witness"]).decision == "allowed"
    if value is not None:
        assert got == value
    else:  # the witness's source is outside the zone: another account, or not the zone's bucket
        parts = got.split(":", 5)
        assert parts[4] != A and parts[5] != ZONE_BUCKET


@pytest.mark.parametrize(
    "condition",
    [{"StringEquals": {"aws:SourceAccount": MEMBER}}, {"ArnLike": {"aws:SourceArn": f"arn:aws:s3:*:{MEMBER}:*"}}],
    ids=["account", "arn"],
)
def test_the_zone_of_trust_decides_for_a_member_account(make_snapshot: Any, condition: dict[str, Any]) -> None:
    assert _services(make_snapshot, _publish(condition), trust="organization") == []
    (f,) = _services(make_snapshot, _publish(condition), trust="account")
    assert f.severity is Severity.MEDIUM and MEMBER in json.dumps(f.evidence.details["witness"]["request"])


def test_an_unpinned_grant_beside_a_pinned_one_is_still_a_finding(make_snapshot: Any) -> None:
    pinned = _publish({"StringEquals": {"aws:SourceAccount": A}})
    other = _publish(service="events.amazonaws.com")
    found = _services(make_snapshot, pinned, other)
    assert [f.evidence.details["principal_class"] for f in found] == ["Service:events.amazonaws.com"]


def test_role_trust_of_a_service_is_no_finding(make_snapshot: Any) -> None:
    trust = {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}
        ],
    }
    role = {
        "Path": "/service-role/",
        "RoleName": "orders-handler",
        "RoleId": "AROAEXAMPLEID1234567",
        "Arn": f"arn:aws:iam::{A}:role/service-role/orders-handler",
        "CreateDate": "2025-01-01T00:00:00+00:00",
        "AssumeRolePolicyDocument": trust,
        "RolePolicyList": [],
        "AttachedManagedPolicies": [],
        "InstanceProfileList": [],
        "Tags": [],
        "RoleLastUsed": {},
    }
    files = {
        **_files(),
        f"accounts/{A}/global/iam/get-account-authorization-details.json": {
            "UserDetailList": [], "GroupDetailList": [], "RoleDetailList": [role], "Policies": [],
        },
    }  # fmt: skip
    found, _ = external_findings(open_snapshot(make_snapshot(files, MANIFEST)), "organization")
    assert [f for f in found if "Service:" in str(f.evidence.details.get("principal_class"))] == []


# --- each exclusion path on its own ------------------------------------------------------------------


ZONE = exclusions("aws:SourceArn", frozenset({A}), frozenset({ZONE_BUCKET}))


@pytest.mark.parametrize(
    "value, excluded",
    [
        (f"arn:aws:sns:{R}:{A}:alerts", True),
        (f"arn:aws:s3:::{ZONE_BUCKET}", True),
        ([f"arn:aws:s3:::{ZONE_BUCKET}"], True),
        (f"arn:aws:sns:{R}:{OUTSIDE}:alerts", False),
        (f"arn:aws:s3:::{ZONE_BUCKET}-copy", False),
        (f"arn:aws:sqs:{R}:{OUTSIDE}:{A}", False),  # the account in the resource part is not the account field
        ("keyaki-other-value", False),
    ],
)
def test_the_search_rules_out_sources_of_the_zone(value: Any, excluded: bool) -> None:
    res_q = Question(Actor(S3, "service", None, S3, internal=False), "sns:Publish", _topic(), exclude=ZONE)
    assert search._excluded(res_q, {"aws:SourceArn": value}) is excluded
    assert search._excluded(res_q, {"aws:SourceAccount": value}) is False  # only the key excluded by ARN


def _topic() -> Resource:
    return Resource(TOPIC, "AWS::SNS::Topic", A, R, None, Status.NOT_FOUND)


@pytest.mark.parametrize(
    "condition, sat",
    [
        ({"ArnLike": {"aws:SourceArn": f"arn:aws:sns:*:{A}:*"}}, False),  # ARN sort: the account field
        ({"StringEquals": {"aws:SourceArn": f"arn:aws:sns:{R}:{A}:alerts"}}, False),  # text: a regular language
        ({"StringLike": {"aws:SourceArn": f"arn:aws:sns:{R}:{A}:alert?"}}, False),
        ({"ArnLike": {"aws:SourceArn": f"arn:aws:s3:::{ZONE_BUCKET}"}}, False),
        ({"StringEquals": {"aws:SourceArn": f"arn:aws:s3:::{ZONE_BUCKET}"}}, False),
        ({"ArnLike": {"aws:SourceArn": "arn:aws:sns:*:*:*"}}, True),
        ({"StringLike": {"aws:SourceArn": f"arn:aws:s3:::{ZONE_BUCKET}*"}}, True),
        ({"StringLike": {"aws:SourceArn": f"*:{A}:*"}}, True),  # e.g. the account in the resource part
        ({"StringLike": {"aws:SourceArn": f"arn:aws:sns:*:{A}:*"}}, True),  # `*` matches colons too
    ],
)
def test_the_solver_rules_out_sources_of_the_zone(condition: dict[str, Any], sat: bool) -> None:
    pol = parse_policy({"Version": "2012-10-17", "Statement": [{**_publish(condition), "Resource": "*"}]})
    fixed = Fixed(S3, "sns:Publish", TOPIC, A, {}, exclude=ZONE)
    out = solve(Solver(5_000), Policies(resource=("resource_policy", pol)), fixed)
    assert out.reasons == []
    if not sat:
        assert out.allow.status is SolverStatus.UNSAT
        # without the exclusion the same question is satisfiable: the constraint is what rules it out
        free = solve(Solver(5_000), Policies(resource=("resource_policy", pol)), Fixed(S3, "sns:Publish", TOPIC, A, {}))
        assert free.allow.status is SolverStatus.SAT
        return
    assert out.allow.status is SolverStatus.SAT and out.allow.model is not None
    value = _context({"request": out.witness(out.allow.model, fixed)}, "aws:SourceArn")
    parts = value.split(":", 5)
    assert not (len(parts) == 6 and (parts[4] == A or (parts[2] == "s3" and parts[5] == ZONE_BUCKET)))


def test_the_engine_replays_a_witness_outside_the_zone(make_snapshot: Any) -> None:
    """Search and solver together on a policy whose literal values are all inside the zone but whose
    pattern admits other sources: the answer is conditional and its witness is outside."""
    condition = {"StringLike": {"aws:SourceArn": [f"arn:aws:s3:::{ZONE_BUCKET}", "arn:aws:s3:::acme-*"]}}
    (f,) = _services(make_snapshot, _publish(condition))
    value = _context(f.evidence.details["witness"], "aws:SourceArn")
    assert value.startswith("arn:aws:s3:::acme-") and value != f"arn:aws:s3:::{ZONE_BUCKET}"


def test_cli_json_lists_the_service_finding(make_snapshot: Any, cli: Any) -> None:
    snap = make_snapshot(_files(_publish()), MANIFEST)
    code, out, _ = cli("access", "external", "--snapshot", str(snap), "--format", "json")
    assert code == 1
    doc = json.loads(out)
    (f,) = [f for f in doc["findings"] if f["evidence"]["details"].get("principal_class") == f"Service:{S3}"]
    assert f["type"] == EXTERNAL and f["severity"] == "HIGH" and f["resource"] == TOPIC
    assert simulate(f["evidence"]["details"]["witness"]).decision == "allowed"
    pinned = make_snapshot(_files(_publish({"StringEquals": {"aws:SourceAccount": A}})), MANIFEST)
    code, out, _ = cli("access", "external", "--snapshot", str(pinned), "--format", "json")
    assert code == 0 and json.loads(out)["findings"] == []


def test_a_service_carries_no_organisation_id(make_snapshot: Any) -> None:
    """With the account as zone, `*` limited by aws:PrincipalOrgID is external access by the other member
    accounts, but never a way in for a service: a service principal belongs to no organisation."""
    org_wide = {
        "Sid": "OrganizationPublish",
        "Effect": "Allow",
        "Principal": {"AWS": "*"},
        "Action": "SNS:Publish",
        "Resource": TOPIC,
        "Condition": {"StringEquals": {"aws:PrincipalOrgID": ORG_ID}},
    }
    pinned = _publish({"StringEquals": {"aws:SourceAccount": A}})
    assert _services(make_snapshot, pinned, org_wide, trust="account") == []


# --- the demo organisation (docs/demo.md #21) ---------------------------------------------------------

DEMO_TOPIC = "arn:aws:sns:us-east-1:333333333333:order-events"
ALB_LOGS = "arn:aws:s3:::acme-prod-access-logs"


@pytest.fixture(scope="module")
def demo() -> dict[str, list[Finding]]:
    snap = open_snapshot(demo_path())
    return {trust: external_findings(snap, trust)[0] for trust in ("organization", "account")}


def _service_findings(found: list[Finding]) -> dict[tuple[str, str], Finding]:
    return {
        (f.resource, f.evidence.details["principal_class"]): f
        for f in found
        if str(f.evidence.details.get("principal_class", "")).startswith("Service:")
    }


def test_the_demo_reports_exactly_its_unpinned_service_grants(demo: dict[str, list[Finding]]) -> None:
    found = _service_findings(demo["organization"])
    assert sorted(found) == [
        (ALB_LOGS, "Service:logdelivery.elasticloadbalancing.amazonaws.com"),
        (DEMO_TOPIC, "Service:s3.amazonaws.com"),
    ]
    topic = found[(DEMO_TOPIC, "Service:s3.amazonaws.com")]
    assert topic.severity is Severity.HIGH and topic.evidence.details["access"] == "always"
    assert simulate(topic.evidence.details["witness"]).decision == "allowed"
    assert found[(ALB_LOGS, "Service:logdelivery.elasticloadbalancing.amazonaws.com")].severity is Severity.MEDIUM


def test_the_demo_decoy_topic_is_pinned_for_either_zone(demo: dict[str, list[Finding]]) -> None:
    for trust in ("organization", "account"):
        assert not [r for r, _ in _service_findings(demo[trust]) if r.endswith(":security-alerts")]


def test_the_account_zone_reports_organisation_wide_service_grants(demo: dict[str, list[Finding]]) -> None:
    """The org trail (management account) writing to the security account's bucket is from another
    account: outside a one-account zone, inside the organisation."""
    found = _service_findings(demo["account"])
    assert ("arn:aws:s3:::acme-org-cloudtrail-222222222222", "Service:cloudtrail.amazonaws.com") in found
    assert all(f.severity is Severity.MEDIUM for (r, _), f in found.items() if r != DEMO_TOPIC)
