"""Key policies give ``kms:*`` or ``kms:Decrypt`` directly only to the account's administrators.

For every IAM user and role of the account that is not an administrator (an identity policy that
grants ``*:*``, asked of the evaluator), the key policy alone is asked for ``kms:Decrypt`` and
``kms:PutKeyPolicy`` (only ``kms:*`` or an explicit grant allows the latter). Only statements that name
the principal, its role, or everyone count: the usual ``arn:aws:iam::<account>:root`` statement
delegates to IAM policies and is not a direct grant. ``aws:PrincipalOrgID`` is the organisation's id;
other context keys the policy consults are given the values it compares them with (see
:mod:`keyaki.checks.public`); when no grant is found and a condition uses a non-equality operator, the
result is NOT_EVALUATED.
https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from keyaki.checks.iam._gaad import gaad
from keyaki.checks.iam.iam_no_admin_policies import PROBE_ACTION, PROBE_RESOURCE
from keyaki.checks.policy import ask, compile_document
from keyaki.checks.public import _assignments, condition_entries
from keyaki.checks.registry import Check, Meta, Result, Scope, Where
from keyaki.findings.model import Severity
from keyaki.iam import CompiledPolicy, Request
from keyaki.iam.ast import Effect
from keyaki.iam.principals import Match
from keyaki.snapshot import Snapshot
from keyaki.snapshot.views import kms, policy_document
from keyaki.snapshot.views.kms import Key

ACTIONS = ("kms:Decrypt", "kms:PutKeyPolicy")

META = Meta(
    id="kms_key_policy_grants",
    title="Key policies grant kms:* or decrypt directly only to administrators",
    severity=Severity.LOW,
    service="kms",
    resource_type="AWS::KMS::Key",
    rationale="A key-policy grant bypasses IAM: it cannot be reviewed or revoked with the principal's policies.",
    remediation="Grant key use through IAM policies (the key policy delegating to the account), or narrow the "
    "statement: `aws kms put-key-policy --key-id KEY --policy-name default --policy file://policy.json`",
    doc="https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html",
    needs=("kms list-keys", "kms describe-key", "kms get-key-policy", "iam get-account-authorization-details"),
)


@dataclass(frozen=True, slots=True)
class Data:
    keys: tuple[Key, ...]
    principals: tuple[str, ...]  # non-administrator users and roles
    org_id: str | None


def load(snap: Snapshot, account: str, region: str) -> Data:
    view = gaad(snap, account, region)
    others = []
    for p in (*view.users, *view.roles):
        if p.path.startswith("/aws-service-role/"):
            continue
        docs = [compile_document(d.document) for d in view.identity_policies(p)]
        admin = any(not isinstance(c, str) and ask(c, p.arn, PROBE_ACTION, PROBE_RESOURCE).allowed for c in docs)
        if not admin:
            others.append(p.arn)
    org = snap.manifest.organization
    return Data(kms.load(snap, account, region), tuple(others), org.id if org else None)


def direct(policy: CompiledPolicy, principal: str, action: str, resource: str, context: dict[str, str]) -> bool:
    """The key policy alone allows the request through a statement naming the principal (not the account)."""
    req = Request.make(principal, action, resource, context=context)
    matched = policy.evaluate(req, req.new_context())
    if any(m.effect is Effect.DENY for m in matched):
        return False
    return any(m.how >= Match.ROLE for m in matched)


def tries(document: object, org_id: str | None) -> list[dict[str, str]]:
    """The contexts to ask with: the organisation id, and the values the policy's conditions compare with."""
    base = {"aws:PrincipalOrgID": org_id} if org_id else {}
    entries = condition_entries(document)
    keys = sorted({c.key for c in entries if not c.key.lower().startswith("aws:principalorg")})
    assignments, _ = _assignments(entries, keys, limit=32) if keys else ([], True)
    return [base, *({**base, **a} for a in assignments)]


def grants(policy: CompiledPolicy, key: Key, principal: str, contexts: list[dict[str, str]]) -> list[str]:
    """The actions the key policy grants ``principal`` directly under one of ``contexts``."""
    return [a for a in ACTIONS if any(direct(policy, principal, a, key.arn, c) for c in contexts)]


def decided(document: object) -> bool:
    """The search is complete: only equality conditions, few enough combinations."""
    entries = [c for c in condition_entries(document) if not c.key.lower().startswith("aws:principalorg")]
    _, complete = _assignments(entries, sorted({c.key for c in entries}), limit=32)
    return complete and all(c.exact for c in entries)


def run(where: Where, data: Data) -> Iterator[Result]:
    for k in data.keys:
        if not k.customer_managed:
            continue
        if k.policy is None:
            yield where.not_evaluated(k.arn, f"the key policy of `{k.id}` was not collected")
            continue
        document = policy_document(k.policy)
        policy = compile_document(document)
        if isinstance(policy, str):
            yield where.not_evaluated(k.arn, f"the key policy of `{k.id}` does not parse: {policy}")
            continue
        contexts = tries(document, data.org_id)
        found = {p: g for p in data.principals if (g := grants(policy, k, p, contexts))}
        if not found and not decided(document):
            yield where.not_evaluated(k.arn, f"the key policy of `{k.id}` has conditions the search cannot exhaust")
            continue
        shown = "; ".join(f"`{p}` {g}" for p, g in list(found.items())[:5])
        summary = (
            f"key `{k.id}` policy grants directly to non-administrators: {shown}"
            if found
            else (f"key `{k.id}` policy grants kms:* / decrypt directly to no non-administrator of the account")
        )
        yield where.result(not found, k.arn, summary, grants={p: g for p, g in found.items()})


CHECK = Check(META, Scope.REGION, load, run)
