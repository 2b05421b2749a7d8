"""VPC endpoint policies along ``aws:SourceVpce``: a route through an endpoint of the snapshot must pass its policy."""

from __future__ import annotations

import json
from typing import Any

import pytest

from keyaki.access.endpoints import Endpoints, mentions_vpc
from keyaki.access.engine import ABSENT, ALWAYS, CONDITIONALLY, Engine, Question
from keyaki.access.estate import Actor, Estate, Resource
from keyaki.access.symbolic import Fixed, Policies, solve
from keyaki.iam.case import simulate
from keyaki.iam.parse import parse_policy
from keyaki.snapshot import open_snapshot
from keyaki.snapshot.load import Status
from keyaki.snapshot.views.organizations import Organization
from keyaki.symbolic.solver import Solver
from keyaki.symbolic.solver import Status as SolverStatus

ACCT = "111122223333"
BUCKET = "arn:aws:s3:::example-reports"
X, Y = f"arn:aws:iam::{ACCT}:user/xavier", f"arn:aws:iam::{ACCT}:user/yolanda"
VPCE, VPC = "vpce-0a1b2c3d4e5f60718", "vpc-0123456789abcdef0"
EP_POLICY = {
    "Version": "2012-10-17",
    "Statement": [
        {"Sid": "OnlyYolanda", "Effect": "Allow", "Principal": {"AWS": Y}, "Action": "s3:GetObject", "Resource": "*"}
    ],
}


def _endpoints(policy: dict[str, Any] | None, service: str = "com.amazonaws.us-east-1.s3") -> dict[str, Any]:
    e: dict[str, Any] = {
        "VpcEndpointId": VPCE,
        "VpcEndpointType": "Gateway",
        "VpcId": VPC,
        "ServiceName": service,
        "State": "available",
        "RouteTableIds": ["rtb-0a1b2c3d4e5f60718"],
        "SubnetIds": [],
        "Groups": [],
        "PrivateDnsEnabled": False,
        "RequesterManaged": False,
        "NetworkInterfaceIds": [],
        "DnsEntries": [],
        "CreationTimestamp": "2024-03-01T09:30:00+00:00",
        "Tags": [],
        "OwnerId": ACCT,
    }
    if policy is not None:
        e["PolicyDocument"] = json.dumps(policy)
    return {"VpcEndpoints": [e]}


def _estate(make_snapshot: Any, policy: dict[str, Any] | None = EP_POLICY, **kw: Any) -> Estate:
    files = {
        f"accounts/{ACCT}/us-east-1/ec2/describe-vpc-endpoints.json": _endpoints(policy, **kw),
        f"accounts/{ACCT}/us-east-1/ec2/describe-vpcs.json": {
            "Vpcs": [{"VpcId": VPC, "OwnerId": ACCT, "CidrBlock": "10.0.0.0/16", "State": "available"}]
        },
    }
    return Estate(open_snapshot(make_snapshot(files)), Organization(known=False))


def _user(est: Estate, arn: str) -> Actor:
    allow = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}
    doc = est.doc(allow, "S3Full", "iam.json")
    assert doc is not None
    return Actor(arn, "user", ACCT, arn, identity=(doc,))


def _only_via(endpoint: str) -> dict[str, Any]:
    """A bucket policy that denies every request not sent through ``endpoint`` (AWS's documented example)."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "AccessViaEndpointOnly",
                "Effect": "Deny",
                "Principal": "*",
                "Action": "s3:*",
                "Resource": [BUCKET, f"{BUCKET}/*"],
                "Condition": {"StringNotEquals": {"aws:SourceVpce": endpoint}},
            }
        ],
    }


def _bucket(est: Estate, policy: dict[str, Any]) -> Resource:
    doc = est.doc(json.dumps(policy), BUCKET, "accounts/111122223333/global/s3api/get-bucket-policy/b.json")
    return Resource(BUCKET, "AWS::S3::Bucket", ACCT, "global", doc, Status.OK)


def _ask(est: Estate, who: str, policy: dict[str, Any]) -> Any:
    q = Question(_user(est, who), "s3:GetObject", _bucket(est, policy), object_space=True)
    return Engine(est).decide(q)


def test_the_endpoint_policy_denies_x_so_x_is_absent(make_snapshot):
    assert _ask(_estate(make_snapshot), X, _only_via(VPCE)).level == ABSENT


def test_the_endpoint_policy_allows_y_so_y_is_conditional_on_the_endpoint(make_snapshot):
    ans = _ask(_estate(make_snapshot), Y, _only_via(VPCE))
    assert ans.level == CONDITIONALLY
    assert ans.witness["vpc_endpoint_policies"] == [json.dumps(EP_POLICY)]
    assert ans.witness["request"]["context"]["aws:SourceVpce"] == VPCE
    assert ans.witness["request"]["context"]["aws:SourceVpc"] == VPC
    assert simulate(ans.witness).decision == "allowed"
    texts = [g["text"] for g in ans.conditions]
    assert f'not (aws:SourceVpce != "{VPCE}")' in texts
    through = next(g for g in ans.conditions if "endpoint" in g)
    assert through["effect"] == "Allow" and through["policy"] == "vpc_endpoint_policies[0]"
    assert through["endpoint"] == {"id": VPCE, "vpc": VPC, "service": "com.amazonaws.us-east-1.s3", "account": ACCT}
    assert through["statement"] == 0 and through["file"].endswith("describe-vpc-endpoints.json")


def test_without_the_endpoint_policy_the_replay_would_differ(make_snapshot):
    """The endpoint policy is what denies X: the same request without it is allowed."""
    ans = _ask(_estate(make_snapshot), Y, _only_via(VPCE))
    case = {**ans.witness, "request": {**ans.witness["request"], "principal": X}}
    assert simulate(case).decision == "implicitDeny"
    assert simulate({**case, "vpc_endpoint_policies": []}).decision == "allowed"


def test_an_endpoint_the_snapshot_does_not_hold_stays_unconstrained(make_snapshot):
    ans = _ask(_estate(make_snapshot), X, _only_via("vpce-0ffffffffffffffff"))
    assert ans.level == CONDITIONALLY
    assert ans.witness["request"]["context"]["aws:SourceVpce"] == "vpce-0ffffffffffffffff"
    assert "vpc_endpoint_policies" not in ans.witness
    assert simulate(ans.witness).decision == "allowed"
    assert [g["text"] for g in ans.conditions] == ['not (aws:SourceVpce != "vpce-0ffffffffffffffff")']


def test_an_endpoint_of_another_service_is_not_a_route_for_s3(make_snapshot):
    """``aws:SourceVpce`` of an SQS endpoint cannot be set on an S3 request: nobody reaches the bucket."""
    est = _estate(make_snapshot, service="com.amazonaws.us-east-1.sqs")
    assert _ask(est, Y, _only_via(VPCE)).level == ABSENT


def test_an_endpoint_without_a_policy_has_the_default_full_access(make_snapshot):
    ans = _ask(_estate(make_snapshot, policy=None), X, _only_via(VPCE))
    assert ans.level == CONDITIONALLY and ans.witness["vpc_endpoint_policies"] == []
    assert simulate(ans.witness).decision == "allowed"


def test_a_denied_route_is_a_condition_when_the_rest_is_allowed(make_snapshot):
    """Allowed from anywhere but through the endpoint (whose policy denies X): conditionally, not always."""
    allow_unless_other = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Deny",
                "Principal": "*",
                "Action": "s3:*",
                "Resource": f"{BUCKET}/*",
                "Condition": {"StringEquals": {"aws:SourceVpce": "vpce-0eeeeeeeeeeeeeeee"}},
            }
        ],
    }
    ans = _ask(_estate(make_snapshot), X, allow_unless_other)
    assert ans.level == CONDITIONALLY and simulate(ans.witness).decision == "allowed"
    assert "vpc_endpoint_policies" not in ans.witness
    assert any(g["text"].startswith(f'not (aws:SourceVpce = "{VPCE}")') for g in ans.conditions)


def test_policies_without_source_vpce_keys_keep_their_answer(make_snapshot):
    ans = _ask(_estate(make_snapshot), X, {"Version": "2012-10-17", "Statement": []})
    assert ans.level == ALWAYS and "vpc_endpoint_policies" not in ans.witness


def test_endpoints_view_reads_the_snapshot(make_snapshot):
    eps = Endpoints.load(_estate(make_snapshot))
    assert [e.id for e in eps.serving("s3")] == [VPCE] and eps.serving("sqs") == ()
    assert eps.vpcs == frozenset({VPC})
    assert mentions_vpc(parse_policy(_only_via(VPCE))) and not mentions_vpc(parse_policy(EP_POLICY))


@pytest.mark.parametrize(("who", "allowed"), [(Y, True), (X, False)])
def test_the_solver_combines_the_endpoint_policy(who, allowed):
    bucket = parse_policy(_only_via(VPCE))
    identity = parse_policy({"Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]})
    pols = Policies(
        identity=[("identity_policies[0]", identity)],
        resource=("resource_policy", bucket),
        vpc_endpoints=[("vpc_endpoint_policies[0]", parse_policy(EP_POLICY))],
    )
    ctx = {"aws:SourceVpce": VPCE, "aws:SourceVpc": VPC, "aws:ResourceAccount": ACCT}
    out = solve(Solver(5_000), pols, Fixed(who, "s3:GetObject", f"{BUCKET}/k", ACCT, ctx))
    assert out.allow.status is (SolverStatus.SAT if allowed else SolverStatus.UNSAT)


def test_a_statement_needing_an_excluded_value_never_applies_in_the_bounds():
    """``StringEquals`` on values the question rules out (an organisation id an external principal cannot
    send): the statement is dropped from both bounds, so the upper bound already proves absent."""
    from keyaki.access.bounds import Free, bound, clause_impossible

    pol = parse_policy(_only_via(VPCE))
    allow = parse_policy(
        {
            "Statement": [
                {
                    "Effect": "Allow",
                    "Action": "s3:*",
                    "Resource": "*",
                    "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}},
                }
            ]
        }
    )
    free = Free(frozenset(), None, frozenset({("aws:principalorgid", "o-a1b2c3d4e5")}))
    assert clause_impossible(allow.statements[0].conditions[0], free)
    assert bound(allow, free, upper=True).statements == ()
    assert len(bound(allow, Free(frozenset()), upper=True).statements) == 1
    assert not clause_impossible(pol.statements[0].conditions[0], free)  # StringNotEquals: not an equality
