"""Who can access a resource, and what a principal can reach: ``keyaki access who-can`` / ``what-can``.

The principals asked about are every IAM user and role of the snapshot (with their identity-based
policies, permissions boundary and the SCPs of their account) and every principal the resource's
policy names that the snapshot does not hold ("AWS JSON policy elements: Principal",
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html): another
account (asked as its root, ``arn:aws:iam::ID:root``: what the policy names), a user or role of
another account (its identity side assumed to allow everything, as Access Analyzer does), a service,
a federated provider, and for ``"*"`` both an anonymous caller and an IAM principal of an account
nobody names. Each answer is ``always``/``conditionally``/``unknown`` with a replayed witness;
``absent`` answers are left out.

>>> from keyaki.snapshot import open_snapshot
>>> from keyaki.cli.scan import demo_path
>>> out = who_can(Engine(Estate.load(open_snapshot(demo_path()))),
...               "arn:aws:s3:::acme-prod-data-exports", ["s3:GetObject"])
>>> [p["principal"] for p in out["principals"] if p["kind"] == "anonymous"]
['anonymous']
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from keyaki.access.actions import Target, parse_actions
from keyaki.access.engine import ABSENT, UNKNOWN, Engine
from keyaki.access.estate import Actor, Estate, Resource
from keyaki.access.grants import relabel, used_by
from keyaki.errors import BadInput
from keyaki.iam import ast

__all__ = ["Engine", "Estate", "external_actors", "what_can", "who_can"]


def fresh_account(estate: Estate, named: Iterable[str]) -> str:
    """An account id no one in the question names (stands for "any other account")."""
    taken = {*estate.snapshot.accounts(), *estate.org.accounts, *named}
    return next(a for a in ("000000000000", "000000000001", "000000000002") if a not in taken)


def _entries(pol: ast.Policy) -> tuple[list[tuple[str, str]], bool]:
    """(kind, value) of every principal an Allow statement names; True when one names everyone."""
    out: list[tuple[str, str]] = []
    everyone = False
    for st in pol.statements:
        if st.effect is not ast.Effect.ALLOW:
            continue
        if st.not_principal is not None or (st.principal is not None and st.principal.wildcard):
            everyone = True
            continue
        for kind, vl in st.principal.entries if st.principal else ():
            for v in vl.texts():
                everyone |= v == "*"
                if v != "*":
                    out.append((kind, v))
    return out, everyone


def external_actors(estate: Estate, res: Resource, zone: Iterable[str] | None = None) -> list[Actor]:
    """The principals a resource policy names outside ``zone`` (default: the snapshot's accounts,
    whose users and roles are asked about as themselves)."""
    if res.policy is None:
        return []
    entries, everyone = _entries(res.policy.policy)
    own = set(estate.snapshot.accounts() if zone is None else zone)
    out: dict[str, Actor] = {}
    for kind, value in entries:
        actor = _actor(kind, value, own, estate)
        if actor is not None:
            out.setdefault(actor.arn, actor)
    if everyone:
        acct = fresh_account(estate, (v for _, v in entries))
        out["anonymous"] = Actor("anonymous", "anonymous", None, "anonymous", internal=False)
        out["*"] = Actor("*", "public", acct, f"arn:aws:iam::{acct}:root", internal=False)
    return [out[k] for k in sorted(out)]


def _actor(kind: str, value: str, own: set[str], estate: Estate) -> Actor | None:
    if kind == "Service":
        return Actor(value, "service", None, value.lower(), internal=False)
    if kind == "Federated":
        return Actor(value, "federated", _account_of(value), value, internal=False)
    if kind != "AWS":
        return None  # CanonicalUser: S3 ACL identities, not modelled by the evaluator
    account = value if value.isdigit() and len(value) == 12 else _account_of(value)
    if account is None or account in own:
        return None  # principals of the snapshot are asked about as themselves
    parts = value.split(":", 5)
    if value == account or (len(parts) == 6 and parts[5] == "root"):
        return Actor(account, "account", account, f"arn:aws:iam::{account}:root", internal=False)
    head = parts[5].split("/", 1)[0] if len(parts) == 6 else ""
    if parts[2:3] == ["iam"] and head in ("user", "role"):
        return Actor(value, head, account, value, internal=False)
    return Actor(value, "other", account, value, internal=False)


def _account_of(arn: str) -> str | None:
    parts = arn.split(":", 5)
    return parts[4] if len(parts) == 6 and parts[4].isdigit() else None


def _exclusions(estate: Estate, actor: Actor) -> dict[str, frozenset[str]]:
    """An external principal is not in the organisation: it cannot send its organisation id. A request
    through an S3 access point of the snapshot is asked about on the access point (``access_points``),
    so on a bucket ``s3:DataAccessPointAccount`` is none of the snapshot's accounts."""
    out = {"s3:dataaccesspointaccount": frozenset(estate.snapshot.accounts())}
    if not actor.internal and estate.org_id is not None:
        out["aws:principalorgid"] = frozenset({estate.org_id})
    return out


def ask(
    engine: Engine,
    actor: Actor,
    res: Resource,
    acts: Sequence[Target],
    exclude: dict[str, frozenset[str]] | None = None,
) -> list[dict[str, Any]]:
    """The non-absent answers of one principal on one resource."""
    out = []
    excl = exclude if exclude is not None else _exclusions(engine.estate, actor)
    for t, ans in engine.decide_many(actor, res, acts, excl):
        if ans.level != ABSENT:
            entry = {"action": t.action, "object": t.object_space, **ans.to_json()}
            if res.grants:  # KMS grants read as statements: point their conditions at the grant
                entry["conditions"] = relabel(ans.conditions, res.grants)
                entry["grants"] = [g.grant_id for g in used_by(ans.decision, res.grants)]
            out.append(entry)
    return out


def _principal_json(actor: Actor, access: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "principal": actor.arn,
        "kind": actor.kind,
        "account": actor.account,
        "in_snapshot": actor.internal,
        "request_principal": actor.request_principal,
        "access": access,
    }


def who_can(engine: Engine, arn: str, actions: Sequence[str] | None = None) -> dict[str, Any]:
    """Every principal's access to one resource (see the module docstring)."""
    est = engine.estate
    res = est.resource(arn)
    if res is None:
        raise BadInput(f"resource `{arn}` is not a resource with a policy in the snapshot (see `docs/access.md`)")
    acts = parse_actions(list(actions), arn, res.resource_type) if actions else engine.targets(res)
    principals = []
    for actor in [*est.actors, *external_actors(est, res)]:
        access = ask(engine, actor, res, acts)
        if access:
            principals.append(_principal_json(actor, access))
    return {
        "resource": arn,
        "resource_type": res.resource_type,
        "account": res.account,
        "region": res.region,
        "policy_status": res.status.value,
        "actions": [t.action for t in acts],
        "principals": principals,
        "undecided": sum(1 for p in principals for a in p["access"] if a["level"] == UNKNOWN),
        "problems": list(est.problems),
    }


def what_can(engine: Engine, principal: str) -> dict[str, Any]:
    """Every resource (with a resource policy, or none) of the snapshot one principal can reach."""
    est = engine.estate
    actor = est.actor(principal)
    if actor is None:
        raise BadInput(f"principal `{principal}` is not a user or role of the snapshot")
    resources: list[dict[str, Any]] = []
    for res in est.resources:
        access = ask(engine, actor, res, engine.targets(res))
        if access:
            resources.append(
                {"resource": res.arn, "resource_type": res.resource_type, "account": res.account, "access": access}
            )
    return {
        "principal": actor.arn,
        "kind": actor.kind,
        "account": actor.account,
        "resources": resources,
        "undecided": sum(1 for r in resources for a in r["access"] if a["level"] == UNKNOWN),
        "problems": list(est.problems),
    }
