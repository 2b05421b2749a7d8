"""Is a resource policy public? Decided on keyaki's IAM evaluator with concrete outsider requests.

An outsider is the anonymous principal and a role in an account outside the snapshot. Each is asked
every sensitive action of the service, under every combination of the context values an outsider
chooses (``aws:SecureTransport``, ``aws:MultiFactorAuthPresent``), from a source IP outside every range
the policy names, at the snapshot's time. Keys an internet outsider's request does not carry
(``aws:SourceVpce``, ``aws:SourceArn``, ``aws:PrincipalOrgID`` of the anonymous caller...) are absent,
as they are for such a request. An allowed request is the counterexample (FAIL, with the request as
evidence). When the policy consulted other keys the request did not carry (``s3:x-amz-acl``,
``aws:UserAgent``...), statements that can never apply to an outsider (an Allow that also requires a key
the outsider's request never carries) are set aside, and the remaining keys are given every value the
policy compares them with, and one other value. That search is complete for equality operators
(``StringEquals``, ``ArnEquals``, ``Bool``, ``Null`` and their negations): if it finds nothing the policy
is not public; for other operators (``StringLike``, numeric, dates) the result is NOT_EVALUATED, never
PASS. Access Analyzer's notion of public:
https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-concepts.html#what-is-public
"""

from __future__ import annotations

import ipaddress
import itertools
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from keyaki.checks.policy import ask, compile_document
from keyaki.checks.registry import Check, Meta, Result, Scope, Where
from keyaki.iam import CompiledPolicy
from keyaki.snapshot import Snapshot
from keyaki.snapshot.load import Status
from keyaki.snapshot.views import policy_document

OUTSIDER_ACCOUNT = "999999999999"
OUTSIDERS = ("anonymous", f"arn:aws:iam::{OUTSIDER_ACCOUNT}:role/keyaki-outsider")
ABSENT_FOR_OUTSIDERS = frozenset(
    k.lower()
    for k in (
        "aws:SourceVpce",
        "aws:SourceVpc",
        "aws:VpcSourceIp",
        "aws:SourceArn",
        "aws:SourceAccount",
        "aws:SourceOrgID",
        "aws:SourceOrgPaths",
        "aws:CalledVia",
        "aws:CalledViaFirst",
        "aws:CalledViaLast",
        "aws:PrincipalOrgID",
        "aws:PrincipalOrgPaths",
        "aws:PrincipalServiceName",
        "aws:PrincipalServiceNamesList",
        "aws:username",
        "aws:userid",
        "aws:SourceOwner",
        "aws:PrincipalTag",
        "aws:PrincipalType",
        "aws:FederatedProvider",
        "aws:PrincipalIsAWSService",
    )
)
_IP_CANDIDATES = ("198.51.100.77", "203.0.113.77", "192.0.2.77", "100.64.7.7", "8.8.4.4", "2001:db8::77")


@dataclass(frozen=True, slots=True)
class Verdict:
    outcome: str  # "public", "not_public", "unknown", "invalid"
    request: dict[str, Any] | None = None  # the allowed outsider request (public)
    missing: tuple[str, ...] = ()
    error: str = ""
    tried: int = 0
    details: dict[str, Any] = field(default_factory=dict)


def _cidrs(document: Any) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    out = []
    for token in json.dumps(document).replace('"', " ").replace(",", " ").split():
        if "/" in token or token.count(".") == 3 or ":" in token:
            try:
                out.append(ipaddress.ip_network(token.strip("[]"), strict=False))
            except ValueError:
                continue
    return out


def outsider_ip(document: Any) -> str:
    """An address outside every IP range the policy mentions."""
    nets = _cidrs(document)
    for ip in _IP_CANDIDATES:
        addr = ipaddress.ip_address(ip)
        if not any(addr.version == n.version and addr in n for n in nets):
            return ip
    return _IP_CANDIDATES[0]


def contexts(document: Any, now: datetime, extra: dict[str, Any]) -> Iterator[dict[str, Any]]:
    base = {
        "aws:SourceIp": extra.get("aws:SourceIp") or outsider_ip(document),
        "aws:CurrentTime": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "aws:EpochTime": str(int(now.timestamp())),
        "aws:ViaAWSService": "false",
        **extra,
    }
    for tls, mfa in itertools.product(("true", "false"), ("true", "false")):
        yield {**base, "aws:SecureTransport": tls, "aws:MultiFactorAuthPresent": mfa}


def verdict(
    document: Any,
    resources: list[str],
    actions: tuple[str, ...],
    now: datetime,
    extra: dict[str, Any] | None = None,
    principals: tuple[str, ...] = OUTSIDERS,
) -> Verdict:
    """Whether any outsider request for ``actions`` on ``resources`` is allowed by the policy alone."""
    policy = compile_document(document)
    if isinstance(policy, str):
        return Verdict("invalid", error=policy)
    extra = {"aws:SourceIp": outsider_ip(document), **(extra or {})}
    first = _search(policy, document, principals, resources, actions, now, extra, [{}])
    if first.outcome != "unknown":
        return first
    conditions = [c for c in condition_entries(document) if not c.dead]
    keys = sorted({c.key for c in conditions if c.key.lower() in {k.lower() for k in first.missing}})
    if not keys:
        return Verdict("not_public", tried=first.tried)
    assignments, complete = _assignments(conditions, keys)
    second = _search(policy, document, principals, resources, actions, now, extra, assignments)
    if second.outcome == "public":
        return second
    exact = complete and all(c.exact for c in conditions if c.key in keys)
    return Verdict("not_public" if exact else "unknown", missing=tuple(keys), tried=first.tried + second.tried)


def _search(
    policy: CompiledPolicy,
    document: Any,
    principals: tuple[str, ...],
    resources: list[str],
    actions: tuple[str, ...],
    now: datetime,
    extra: dict[str, Any],
    assignments: list[dict[str, str]],
) -> Verdict:
    missing: set[str] = set()
    tried = 0
    for principal, action, resource in itertools.product(principals, actions, resources):
        for assignment in assignments:
            for ctx in contexts(document, now, {**extra, **assignment}):
                tried += 1
                answer = ask(policy, principal, action, resource, ctx)
                if answer.allowed:
                    req = {"principal": principal, "action": action, "resource": resource, "context": ctx}
                    return Verdict("public", request=req, tried=tried)
                missing |= {
                    k
                    for k in answer.missing
                    if k.lower() not in ABSENT_FOR_OUTSIDERS and not k.lower().startswith("aws:principaltag/")
                }
    return Verdict("unknown" if missing else "not_public", missing=tuple(sorted(missing)), tried=tried)


@dataclass(frozen=True, slots=True)
class ConditionEntry:
    """One ``operator: {key: values}`` of a statement, and what the outsider search needs to know of it."""

    effect: str
    operator: str
    key: str
    values: tuple[str, ...]
    dead: bool  # an Allow statement that also requires a key an outsider's request never carries

    @property
    def exact(self) -> bool:
        """Equality-like operators: every value is equivalent to a listed one or to any other value."""
        op = self.operator.split(":")[-1].removesuffix("IfExists")
        return op in (
            "StringEquals",
            "StringNotEquals",
            "StringEqualsIgnoreCase",
            "StringNotEqualsIgnoreCase",
            "ArnEquals",
            "ArnNotEquals",
            "Bool",
            "Null",
        )


def _positive_on_absent(operator: str, key: str) -> bool:
    op = operator.split(":")[-1]
    return (
        key.lower() in ABSENT_FOR_OUTSIDERS
        and "Not" not in op
        and not op.endswith("IfExists")
        and op != "Null"
        and not operator.startswith("ForAllValues:")
    )


def condition_entries(document: Any) -> list[ConditionEntry]:
    """Every condition entry of every statement of a policy document (as parsed JSON)."""
    statements = document.get("Statement", []) if isinstance(document, dict) else []
    out: list[ConditionEntry] = []
    for st in statements if isinstance(statements, list) else [statements]:
        if not isinstance(st, dict):
            continue
        pairs = [
            (op, k, v)
            for op, block in (st.get("Condition") or {}).items()
            if isinstance(block, dict)
            for k, v in block.items()
        ]
        dead = st.get("Effect") == "Allow" and any(_positive_on_absent(op, k) for op, k, _ in pairs)
        for op, k, v in pairs:
            vals = tuple(str(x) for x in (v if isinstance(v, list) else [v]))
            out.append(ConditionEntry(str(st.get("Effect")), op, k, vals, dead))
    return out


def _assignments(
    conditions: list[ConditionEntry], keys: list[str], limit: int = 64
) -> tuple[list[dict[str, str]], bool]:
    """Context values to try for ``keys`` (each value the policy compares them with, or another one), and
    whether the list is every combination (False when cut at ``limit``)."""
    options = []
    for key in keys:
        vals = {v.replace("*", "keyaki-probe").replace("?", "k") for c in conditions if c.key == key for v in c.values}
        options.append([*sorted(vals), "keyaki-other"])
    combos = list(itertools.islice(itertools.product(*options), limit + 1))
    return [dict(zip(keys, combo, strict=True)) for combo in combos[:limit]], len(combos) <= limit


# (resource ARN, "ok" / "none" / reason it is unknown, policy document, context values fixed by the resource)
Item = tuple[str, str, Any, dict[str, str]]


def public_check(
    meta: Meta,
    load: Callable[[Snapshot, str, str], list[Item]],
    actions: tuple[str, ...],
    resources: Callable[[str], list[str]] = lambda arn: [arn],
    extra: Callable[[Where], dict[str, Any]] = lambda w: {},
) -> Check[list[Item]]:
    """No resource's policy allows an outsider any of ``actions``."""

    def run(where: Where, items: list[Item]) -> Iterator[Result]:
        for arn, state, document, fixed in items:
            if state == "none":
                yield where.result(True, arn, f"`{arn}` has no resource policy")
                continue
            if state != "ok":
                yield where.not_evaluated(arn, f"the policy of `{arn}` {state}")
                continue
            context = {**extra(where), **fixed}
            yield from judge(where, arn, document, verdict(document, resources(arn), actions, where.now, context))

    return Check(meta, Scope.REGION, load, run)


def judge(where: Where, arn: str, document: Any, v: Verdict) -> Iterator[Result]:
    """The result for one resource from its verdict."""
    if v.outcome == "invalid":
        yield where.not_evaluated(arn, f"the policy of `{arn}` does not parse: {v.error}")
    elif v.outcome == "unknown":
        yield where.not_evaluated(
            arn,
            f"the policy of `{arn}` depends on context keys {list(v.missing)} an outsider may control",
            missing_context_keys=list(v.missing),
        )
    elif v.outcome == "public" and v.request:
        r = v.request
        yield where.result(
            False,
            arn,
            f"the policy of `{arn}` allows `{r['action']}` to `{r['principal']}`",
            allowed_request=r,
            decision="allowed",
            policy=document,
        )
    else:
        yield where.result(True, arn, f"no outsider request is allowed by the policy of `{arn}` ({v.tried} tried)")


def per_resource_policy(
    snap: Snapshot, account: str, region: str, service: str, op: str, key: str, arn: str, field_name: str
) -> Item:
    """An :data:`Item` from a per-resource policy call (``NOT_FOUND`` = no policy)."""
    r = snap.call(account, region, service, op, key)
    if r.status is Status.NOT_FOUND:
        return arn, "none", None, {}
    if not r.ok:
        return arn, "was not collected" if r.status is Status.NOT_COLLECTED else "could not be read", None, {}
    doc = r.get(field_name)
    return (arn, "ok", policy_document(doc), {}) if doc else (arn, "none", None, {})
