"""Symbolic ≡ concrete: the compiled formula holds for a request exactly when ``keyaki.iam`` allows it,
and every witness the solver produces replays through the concrete evaluator.

The formula is evaluated under a concrete request by pinning every symbolic field to the request's
value and asking the solver (all fields fixed: SAT means the formula holds).
"""

from __future__ import annotations

import ipaddress
from decimal import Decimal
from typing import Any

import z3
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from keyaki.iam.conditions import _date as concrete_date
from keyaki.iam.parse import parse_policy
from keyaki.iam.principals import RequestPrincipal
from keyaki.symbolic import Checker
from keyaki.symbolic.actions import ActionDomain
from keyaki.symbolic.compile import Compiler, action_patterns
from keyaki.symbolic.keys import Signature
from keyaki.symbolic.replay import decide
from keyaki.symbolic.solver import Solver, Status
from keyaki.symbolic.term import Key, Kind, Slot, Sort, SymRequest, and_, eq, s

ACTIONS = ["s3:GetObject", "s3:Get*", "s3:*", "*", "s3:PutObject", "ec2:Describe*", "iam:PassRole", "s3:List*"]
RESOURCES = [
    "*", "arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket", "arn:aws:s3:::bucket/${aws:username}/*",
    "arn:aws:s3:::*", "arn:aws:iam::111122223333:role/*", "arn:aws:*:*:*:*", "arn:aws:s3:::bucket/home/*/x",
]  # fmt: skip
PRINCIPALS: list[Any] = [
    "*", {"AWS": "111122223333"}, {"AWS": "arn:aws:iam::111122223333:user/alice"},
    {"AWS": "arn:aws:iam::111122223333:role/admin"}, {"Service": "lambda.amazonaws.com"}, {"AWS": "*"},
    {"AWS": ["arn:aws:iam::444455556666:root", "arn:aws:sts::111122223333:assumed-role/admin/s1"]},
]  # fmt: skip
CONDITIONS = [
    ("StringEquals", "aws:PrincipalTag/team", ["dev", "ops"]),
    ("StringNotEquals", "aws:PrincipalTag/team", ["dev"]),
    ("StringEqualsIgnoreCase", "aws:PrincipalTag/team", ["Dev"]),
    ("StringLike", "s3:prefix", ["home/*", "pub?"]),
    ("StringNotLikeIfExists", "s3:prefix", ["home/*"]),
    ("IpAddress", "aws:SourceIp", ["10.0.0.0/8", "203.0.113.0/24"]),
    ("NotIpAddress", "aws:SourceIp", ["10.1.0.0/16", "2001:db8::/32"]),
    ("NumericLessThan", "s3:max-keys", ["10"]),
    ("NumericGreaterThanEquals", "s3:max-keys", ["2.5"]),
    ("DateGreaterThan", "aws:CurrentTime", ["2026-01-01T00:00:00Z"]),
    ("DateLessThanEquals", "aws:CurrentTime", ["2027-06-01T12:00:00Z"]),
    ("Bool", "aws:SecureTransport", ["true"]),
    ("BoolIfExists", "aws:MultiFactorAuthPresent", ["false"]),
    ("Null", "aws:TokenIssueTime", ["true"]),
    ("Null", "s3:prefix", ["false"]),
    ("ForAllValues:StringEquals", "aws:TagKeys", ["team", "env"]),
    ("ForAnyValue:StringLike", "aws:TagKeys", ["t*"]),
    ("ForAnyValue:StringNotEquals", "aws:TagKeys", ["env"]),
    ("ArnLike", "aws:SourceArn", ["arn:aws:sns:*:111122223333:*"]),
    ("ArnNotEquals", "aws:SourceArn", ["arn:aws:sns:us-east-1:111122223333:topic"]),
    ("ArnLike", "s3:prefix", ["home/*", "arn:aws:s3:::b*", "a:*"]),  # a String key: any text
    ("StringNotEquals", "aws:PrincipalAccount", ["111122223333"]),
    ("StringEquals", "aws:username", ["${aws:PrincipalTag/team}"]),
    ("StringLike", "aws:PrincipalArn", ["arn:aws:iam::*:role/admin*"]),
    ("ArnLike", "aws:PrincipalArn", ["arn:aws:iam::111122223333:*"]),
    ("StringEquals", "aws:PrincipalIsAWSService", ["true"]),
]
REQ_PRINCIPALS = [
    "arn:aws:iam::111122223333:user/alice", "arn:aws:iam::111122223333:user/dev/bob",
    "arn:aws:iam::111122223333:role/admin", "arn:aws:sts::111122223333:assumed-role/admin/s1",
    "arn:aws:sts::444455556666:assumed-role/reader/s2", "arn:aws:iam::444455556666:root",
    "arn:aws:sts::111122223333:federated-user/carol", "lambda.amazonaws.com", "anonymous",
    "arn:aws:iam::111122223333:role/adminx",
]  # fmt: skip
REQ_ACTIONS = [
    "s3:GetObject", "s3:getobject", "s3:PutObject", "ec2:DescribeInstances", "iam:PassRole", "sts:AssumeRole",
]  # fmt: skip
REQ_RESOURCES = [
    "arn:aws:s3:::bucket/key", "arn:aws:s3:::bucket", "arn:aws:s3:::bucket/alice/x", "arn:aws:s3:::other/k",
    "arn:aws:iam::111122223333:role/admin", "arn:aws:s3:::bucket/home/a/b/x", "arn:aws:ec2:us-east-1:1:instance/i-1",
]  # fmt: skip
CONTEXT: dict[str, list[Any]] = {
    "aws:PrincipalTag/team": ["dev", "ops", "DEV", "qa"],
    "s3:prefix": ["home/a", "pub1", "pub", "x", "arn:aws:s3:::bx", "a:b:c", "a:b:c:d:e:f"],
    "aws:SourceIp": ["10.1.2.3", "10.2.0.1", "203.0.113.9", "192.0.2.1", "2001:db8::1", "not-an-ip"],
    "s3:max-keys": ["1", "2.5", "9.99", "10", "11", "abc"],
    "aws:CurrentTime": [
        "2025-12-31T23:59:59Z", "2026-03-01T00:00:00Z", "2027-06-01T12:00:00Z", "2028-01-01T00:00:00Z",
    ],
    "aws:SecureTransport": ["true", "false", "TRUE", "maybe"],
    "aws:MultiFactorAuthPresent": ["true", "false"],
    "aws:TokenIssueTime": ["2026-01-01T00:00:00Z"],
    "aws:TagKeys": [[], ["team"], ["env"], ["team", "env"], ["tx", "env"], ["other"], [""]],
    "aws:SourceArn": ["arn:aws:sns:us-east-1:111122223333:topic", "arn:aws:sns:eu-west-1:444455556666:t"],
}


@st.composite
def statements(draw: st.DrawFn, resource_policy: bool) -> dict[str, Any]:
    stmt: dict[str, Any] = {"Effect": draw(st.sampled_from(["Allow", "Allow", "Deny"]))}
    key = "NotAction" if draw(st.integers(0, 5)) == 0 else "Action"
    stmt[key] = draw(st.lists(st.sampled_from(ACTIONS), min_size=1, max_size=3, unique=True))
    rkey = "NotResource" if draw(st.integers(0, 5)) == 0 else "Resource"
    stmt[rkey] = draw(st.lists(st.sampled_from(RESOURCES), min_size=1, max_size=2, unique=True))
    if resource_policy:
        pkey = "NotPrincipal" if draw(st.integers(0, 6)) == 0 and stmt["Effect"] == "Deny" else "Principal"
        stmt[pkey] = draw(st.sampled_from(PRINCIPALS))
    conds: dict[str, dict[str, list[str]]] = {}
    for op, k, vals in draw(st.lists(st.sampled_from(CONDITIONS), max_size=2, unique_by=lambda c: (c[0], c[1]))):
        conds.setdefault(op, {})[k] = draw(st.lists(st.sampled_from(vals), min_size=1, unique=True))
    if conds:
        stmt["Condition"] = conds
    return stmt


def policies(resource_policy: bool = False) -> st.SearchStrategy[dict[str, Any]]:
    return st.lists(statements(resource_policy), min_size=1, max_size=3).map(
        lambda ss: {"Version": "2012-10-17", "Statement": ss}
    )


@st.composite
def requests(draw: st.DrawFn) -> dict[str, Any]:
    keys = draw(st.lists(st.sampled_from(sorted(CONTEXT)), unique=True, max_size=4))
    return {
        "principal": draw(st.sampled_from(REQ_PRINCIPALS)),
        "action": draw(st.sampled_from(REQ_ACTIONS)),
        "resource": draw(st.sampled_from(REQ_RESOURCES)),
        "context": {k: draw(st.sampled_from(CONTEXT[k])) for k in keys},
    }


# --- pinning a concrete request onto the symbolic one --------------------------------------------


def _pin_principal(req: SymRequest, text: str) -> list[z3.BoolRef]:
    p, rp = req.principal, RequestPrincipal.parse(text)
    kind = {"user": Kind.USER, "role": Kind.ROLE, "assumed-role": Kind.ASSUMED_ROLE, "root": Kind.ROOT,
            "federated-user": Kind.FEDERATED_USER, "service": Kind.SERVICE,
            "anonymous": Kind.ANONYMOUS}[rp.kind]  # fmt: skip
    out = [p.kind == int(kind), p.text_var == text]
    if rp.account:
        out.append(p.account == rp.account)
    res = text.split(":", 5)[5] if text.startswith("arn:") else ""
    if kind in (Kind.USER, Kind.ROLE):
        path, _, name = res.split("/", 1)[1].rpartition("/")
        out += [p.path == (path + "/" if path else ""), p.name == name]
    elif kind is Kind.ASSUMED_ROLE:
        out += [p.name == rp.role_name, p.session == rp.name]
    elif kind is Kind.FEDERATED_USER:
        out.append(p.name == rp.name)
    elif kind is Kind.SERVICE:
        out.append(p.service == text)
    return out


def _pin_slot(key: Key, sl: Slot, value: str) -> list[z3.BoolRef] | None:
    if key.sort is Sort.STRING:
        return [sl.text == value]
    if key.sort is Sort.ARN:
        parts = value.split(":", 5)
        return [f == x for f, x in zip(sl.fields[1:], parts[1:], strict=True)] if len(parts) == 6 else None
    if key.sort is Sort.NUMBER:
        try:
            scaled = Decimal(value) * key.scale
        except ArithmeticError:
            return [sl.ok == False]  # noqa: E712  # a z3 equation, not a Python comparison
        return [sl.ok == True, sl.num == int(scaled)] if scaled == int(scaled) else None  # noqa: E712
    if key.sort is Sort.DATE:
        t = concrete_date(value)
        return [sl.ok == False] if t is None else [sl.ok == True, sl.num == int(t)]  # noqa: E712
    try:
        addr = ipaddress.ip_address(value)
    except ValueError:
        return [sl.ok == False]  # noqa: E712
    return [sl.ok == True, sl.v6 == (addr.version == 6), sl.addr == int(addr)]  # noqa: E712


def _pin_context(req: SymRequest, context: dict[str, Any]) -> list[z3.BoolRef] | None:
    out: list[z3.BoolRef] = []
    ctx = {k.lower(): v for k, v in context.items()}
    for name, key in req.keys.items():
        if key.derived:
            continue
        if name not in ctx:
            out.append(key.present == False)  # noqa: E712
            continue
        vals = ctx[name] if isinstance(ctx[name], list) else [ctx[name]]
        if len(vals) > len(key.slots) or (not key.multi and isinstance(ctx[name], list)):
            return None  # outside the model's request space (see docs/symbolic.md)
        out.append(key.present == True)  # noqa: E712
        if key.count is not None:
            out.append(key.count == len(vals))
        for sl, v in zip(key.slots, vals, strict=False):
            pinned = _pin_slot(key, sl, str(v))
            if pinned is None:
                return None
            out += pinned
    return out


def formula_holds(policy: dict[str, Any], request: dict[str, Any], *, finite: bool) -> bool | None:
    pol = parse_policy(policy)
    req = SymRequest()
    action = request["action"].lower()
    if finite:
        req.actions = ActionDomain.build([*action_patterns([pol]), action], None)
    comp = Compiler(req, Signature.scan([pol]))
    term = comp.policy(pol)
    assert not comp.reasons, comp.reasons
    pins = _pin_context(req, request["context"])
    if pins is None:
        return None
    if req.actions is not None:
        pins.append(req.actions.var == req.actions.names.index(action))
    else:
        svc, _, name = action.partition(":")
        pins += [req.service == svc, req.action == name]
    parts = request["resource"].split(":", 5)
    pins += [eq(f, s(x)) for f, x in zip(req.resource[1:], parts[1:], strict=True)]
    req.uses_principal = True
    pins += _pin_principal(req, request["principal"])
    answer = Solver(timeout_ms=20_000).check([req.domain(), and_(pins), term.allowed])
    assert answer.status is not Status.UNKNOWN, answer.reason
    return answer.status is Status.SAT


SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(policies(), requests())
@example(
    {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "s3:Get*", "Resource": "arn:aws:s3:::bucket/${aws:username}/*"}]},
    {"principal": "arn:aws:iam::111122223333:user/alice", "action": "s3:GetObject",
     "resource": "arn:aws:s3:::bucket/alice/x", "context": {}},
)  # fmt: skip
def test_identity_policy_formula_matches_evaluator(policy: dict[str, Any], request: dict[str, Any]) -> None:
    concrete = decide(parse_policy(policy), request) == "allowed"
    for finite in (True, False):
        got = formula_holds(policy, request, finite=finite)
        if got is not None:
            assert got == concrete, (finite, policy, request)


@SETTINGS
@given(policies(resource_policy=True), requests())
@example(
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Principal": {"AWS": "arn:aws:iam::111122223333:role/admin"}, "Action": "*", "Resource": "*"}]},
    {"principal": "arn:aws:sts::111122223333:assumed-role/admin/s1", "action": "s3:GetObject",
     "resource": "arn:aws:s3:::bucket", "context": {}},
)  # fmt: skip
def test_resource_policy_formula_matches_evaluator(policy: dict[str, Any], request: dict[str, Any]) -> None:
    concrete = decide(parse_policy(policy), request) == "allowed"
    got = formula_holds(policy, request, finite=True)
    if got is not None:
        assert got == concrete, (policy, request)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(policies(resource_policy=True), policies(resource_policy=True))
@example(  # NotResource with an unresolved variable: the statement does not apply (shrunk bug)
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "NotAction": ["s3:GetObject"],
        "NotResource": ["arn:aws:s3:::bucket/${aws:username}/*"], "Principal": "*"}]},
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "NotAction": ["s3:GetObject"],
        "NotResource": ["*"], "Principal": "*"}]},
)  # fmt: skip
@example(  # a witness string with a NUL: z3 prints it as an escape (shrunk bug)
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "NotAction": ["s3:GetObject"], "Resource": ["*"],
        "Principal": "*", "Condition": {"StringLike": {"s3:prefix": ["pub?"]}}}]},
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "NotAction": ["s3:GetObject"],
        "NotResource": ["*"], "Principal": "*"}]},
)  # fmt: skip
@example(  # a set operator on [""]: an empty set for the evaluator (shrunk bug)
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "NotAction": ["s3:GetObject"],
        "NotResource": ["arn:aws:s3:::bucket/*"], "Principal": "*",
        "Condition": {"ForAnyValue:StringNotEquals": {"aws:TagKeys": ["env"]}}}]},
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "NotAction": ["s3:GetObject"],
        "NotResource": ["*"], "Principal": "*"}]},
)  # fmt: skip
def test_every_witness_replays(new: dict[str, Any], old: dict[str, Any]) -> None:
    """``_run`` raises ReplayMismatch if a witness does not replay; FAIL must carry a witness; an
    UNKNOWN may only come from the solver's timeout (every construct generated here is modelled)."""
    checker = Checker(timeout_ms=3_000)
    result = checker.verify_no_new_access(parse_policy(new), parse_policy(old), "RESOURCE_POLICY")
    assert result.result in ("PASS", "FAIL") or result.reasons == ("solver: timeout",), result.reasons
    if result.result == "FAIL":
        assert result.witness is not None
        w = result.witness["request"]
        assert decide(parse_policy(new), w) == "allowed" and decide(parse_policy(old), w) != "allowed"
