"""Is a resource policy public? Decided on keyaki's IAM evaluator with concrete outsider requests.

An outsider is the anonymous principal and a role in an account outside the snapshot. Each is asked
every sensitive action of the service, under every combination of the context values an outsider
chooses (``aws:SecureTransport``, ``aws:MultiFactorAuthPresent``), from a source IP outside every range
the policy names, at the snapshot's time. Keys an internet outsider's request does not carry
(``aws:SourceVpce``, ``aws:SourceArn``, ``aws:PrincipalOrgID`` of the anonymous caller...) are absent,
as they are for such a request. An allowed request is the counterexample (FAIL, with the request as
evidence); when the policy consulted any other key the request did not carry, the answer could
depend on it and the result is NOT_EVALUATED — never PASS. Access Analyzer's notion of public:
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
from keyaki.snapshot import Snapshot

OUTSIDER_ACCOUNT = "999999999999"
OUTSIDERS = ("anonymous", f"arn:aws:iam::{OUTSIDER_ACCOUNT}:role/keyaki-outsider")
ABSENT_FOR_OUTSIDERS = frozenset(k.lower() for k in (
    "aws:SourceVpce", "aws:SourceVpc", "aws:VpcSourceIp", "aws:SourceArn", "aws:SourceAccount", "aws:SourceOrgID",
    "aws:SourceOrgPaths", "aws:CalledVia", "aws:CalledViaFirst", "aws:CalledViaLast", "aws:PrincipalOrgID",
    "aws:PrincipalOrgPaths", "aws:PrincipalServiceName", "aws:PrincipalServiceNamesList", "aws:username",
    "aws:userid", "aws:SourceOwner", "aws:PrincipalTag", "aws:PrincipalType", "aws:FederatedProvider", "aws:PrincipalIsAWSService",
))
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
    base = {"aws:SourceIp": outsider_ip(document), "aws:CurrentTime": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "aws:EpochTime": str(int(now.timestamp())), "aws:ViaAWSService": "false", **extra}
    for tls, mfa in itertools.product(("true", "false"), ("true", "false")):
        yield {**base, "aws:SecureTransport": tls, "aws:MultiFactorAuthPresent": mfa}


def verdict(document: Any, resources: list[str], actions: tuple[str, ...], now: datetime,
            extra: dict[str, Any] | None = None) -> Verdict:
    """Whether any outsider request for ``actions`` on ``resources`` is allowed by the policy alone."""
    policy = compile_document(document)
    if isinstance(policy, str):
        return Verdict("invalid", error=policy)
    missing: set[str] = set()
    tried = 0
    for principal, action, resource in itertools.product(OUTSIDERS, actions, resources):
        for ctx in contexts(document, now, dict(extra or {})):
            tried += 1
            answer = ask(policy, principal, action, resource, ctx)
            if answer.allowed:
                req = {"principal": principal, "action": action, "resource": resource, "context": ctx}
                return Verdict("public", request=req, tried=tried)
            missing |= {k for k in answer.missing if k.lower() not in ABSENT_FOR_OUTSIDERS
                        and not k.lower().startswith("aws:principaltag/")}
    return Verdict("unknown" if missing else "not_public", missing=tuple(sorted(missing)), tried=tried)


Item = tuple[str, str, Any]  # (resource ARN, "ok" / "none" / reason it is unknown, policy document)


def public_check(meta: Meta, load: Callable[[Snapshot, str, str], list[Item]], actions: tuple[str, ...],
                 resources: Callable[[str], list[str]] = lambda arn: [arn],
                 extra: Callable[[Where], dict[str, Any]] = lambda w: {}) -> Check[list[Item]]:
    """No resource's policy allows an outsider any of ``actions``."""

    def run(where: Where, items: list[Item]) -> Iterator[Result]:
        for arn, state, document in items:
            if state == "none":
                yield where.result(True, arn, f"`{arn}` has no resource policy")
                continue
            if state != "ok":
                yield where.not_evaluated(arn, f"the policy of `{arn}` {state}")
                continue
            yield from judge(where, arn, document, verdict(document, resources(arn), actions, where.now, extra(where)))

    return Check(meta, Scope.REGION, load, run)


def judge(where: Where, arn: str, document: Any, v: Verdict) -> Iterator[Result]:
    """The result for one resource from its verdict."""
    if v.outcome == "invalid":
        yield where.not_evaluated(arn, f"the policy of `{arn}` does not parse: {v.error}")
    elif v.outcome == "unknown":
        yield where.not_evaluated(arn, f"the policy of `{arn}` depends on context keys {list(v.missing)} an "
                                  "outsider may control", missing_context_keys=list(v.missing))
    elif v.outcome == "public" and v.request:
        r = v.request
        yield where.result(False, arn, f"the policy of `{arn}` allows `{r['action']}` to `{r['principal']}`",
                           allowed_request=r, decision="allowed", policy=document)
    else:
        yield where.result(True, arn, f"no outsider request is allowed by the policy of `{arn}` ({v.tried} tried)")


def per_resource_policy(snap: Snapshot, account: str, region: str, service: str, op: str, key: str, arn: str,
                        field_name: str) -> Item:
    """An :data:`Item` from a per-resource policy call (``NOT_FOUND`` = no policy)."""
    from keyaki.snapshot.load import Status
    from keyaki.snapshot.views import policy_document

    r = snap.call(account, region, service, op, key)
    if r.status is Status.NOT_FOUND:
        return arn, "none", None
    if not r.ok:
        return arn, "was not collected" if r.status is Status.NOT_COLLECTED else "could not be read", None
    doc = r.get(field_name)
    return (arn, "ok", policy_document(doc)) if doc else (arn, "none", None)
