"""SCP guarantees: a counterexample from keyaki's authorizer, or a proof from the SMT layer.

For each member account, each IAM user and role of its GAAD (service-linked roles excepted: SCPs do
not apply to them) and a fresh probe role, given an identity policy that allows everything, asks
each action in each collected region under the SCPs of the root, OUs and account. One allowed
request is the counterexample (FAIL). When no existing principal is allowed, the guarantee is then
proven with ``keyaki.symbolic`` (``verify_guardrails_deny``): no IAM principal, present or future,
whatever its identity policies, tags or request context, can be allowed (PASS, with the proof's
scope in the evidence); a solver witness (replayed through the evaluator) is a FAIL; UNKNOWN is
NOT_EVALUATED with the solver's reasons, never a PASS.
https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from keyaki.checks.organizations._org import organization
from keyaki.checks.policy import compile_document
from keyaki.checks.registry import Check, Meta, Outcome, Result, Scope, Where
from keyaki.iam import PolicySet, Request, authorize
from keyaki.iam.parse import parse_policy
from keyaki.snapshot import Snapshot
from keyaki.snapshot.layout import org_path
from keyaki.snapshot.views.common import Missing
from keyaki.snapshot.views.iam import load_iam
from keyaki.snapshot.views.organizations import SCP, Organization

ALLOW_ALL = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}


@dataclass(frozen=True, slots=True)
class Member:
    account: str
    principals: tuple[str, ...]  # principal ARNs to ask for
    regions: tuple[str, ...]
    gaad: bool  # the account's principals are known


def load(snap: Snapshot, account: str, region: str) -> tuple[Organization, list[Member]]:
    org = organization(snap)
    if SCP not in org.policy_types_known:
        raise Missing(org_path("list-policies", SCP), "was not collected")
    members = []
    for acct in sorted(org.accounts):
        if acct == org.management_account or org.accounts[acct].status not in (None, "ACTIVE"):
            continue  # SCPs never apply to the management account; suspended accounts cannot act
        iam = load_iam(snap, acct)
        arns = [p.arn for p in (*iam.users, *iam.roles) if not p.path.startswith("/aws-service-role/")]
        regions = tuple(dict.fromkeys(["us-east-1", *snap.regions(acct)]))
        members.append(Member(acct, (f"arn:aws:iam::{acct}:role/keyaki-probe", *arns), regions, iam.known))
    return org, members


def _levels(org: Organization, account: str) -> list[list[tuple[str, Any]]] | str:
    levels = []
    for level in org.policy_levels(account, SCP):
        compiled = []
        for i, doc in enumerate(level["policies"]):
            policy = compile_document(doc)
            if isinstance(policy, str):
                return f"an SCP on `{level['target']}` does not parse: {policy}"
            compiled.append((f"{level['target']}/scp[{i}]", policy))
        levels.append(compiled)
    return levels


def guarantee(where: Where, org: Organization, m: Member, actions: tuple[str, ...], resource: str) -> Result:
    """The result for one member account: a counterexample, a guarantee, or why neither is known."""
    arn = f"arn:aws:::{m.account}"
    levels = _levels(org, m.account)
    path = org.path(m.account)
    if isinstance(levels, str) or not path or path[0] not in org.root_ids:
        reason = levels if isinstance(levels, str) else "its place in the organisation was not collected"
        return Result(Outcome.NOT_EVALUATED, arn, m.account, "global", f"not evaluated: {reason}")
    allow = compile_document(ALLOW_ALL)
    assert not isinstance(allow, str)
    policies = PolicySet(identity=[("identity(allow *)", allow)], scps=levels)
    missing: set[str] = set()
    for principal in m.principals:
        for action in actions:
            for region in m.regions:
                res = resource.format(region=region, account=m.account)
                req = Request.make(principal, action, res, context={"aws:RequestedRegion": region})
                d = authorize(req, policies)
                if d.allowed:
                    summary = f"SCPs allow `{principal}` to call `{action}` in {region}"
                    details = {
                        "allowed_request": {
                            "principal": principal,
                            "action": action,
                            "resource": res,
                            "context": {"aws:RequestedRegion": region},
                        },
                        "decision": d.to_json(),
                    }
                    return Result(Outcome.FAIL, arn, m.account, "global", summary, details)
                missing |= set(d.missing_context_keys) - {"aws:RequestedRegion"}
    return _prove(org, m, actions, sorted(missing))


def _prove(org: Organization, m: Member, actions: tuple[str, ...], missing: list[str]) -> Result:
    """No existing principal is allowed: prove it for every principal and context, or say why not."""
    from keyaki.symbolic.verify import Checker  # deferred: z3 loads only when a guarantee needs a proof

    arn = f"arn:aws:::{m.account}"
    levels = [[parse_policy(doc) for doc in level["policies"]] for level in org.policy_levels(m.account, SCP)]
    proof = Checker().verify_guardrails_deny(levels, [], list(actions))
    scope = {"principals_asked": list(m.principals), "proof": proof.to_json(), "levels": org.path(m.account)}
    if proof.result == "PASS":
        summary = (f"proven: the SCPs of {' → '.join(org.path(m.account))} deny {list(actions)} to every IAM "
                   "principal of the account, present or future, whatever its identity policies and context")
        return Result(Outcome.PASS, arn, m.account, "global", summary, scope)
    if proof.result == "FAIL":
        req = (proof.witness or {}).get("request", {})
        summary = f"SCPs allow `{req.get('principal')}` to call `{req.get('action')}` (solver witness, replayed)"
        return Result(Outcome.FAIL, arn, m.account, "global", summary, {"allowed_request": req, **scope})
    why = "; ".join(proof.reasons) or "the solver could not decide"
    extra = f" (SCPs consult {missing})" if missing else ""
    return Result(Outcome.NOT_EVALUATED, arn, m.account, "global", f"not evaluated: {why}{extra}", scope)


def scp_check(meta: Meta, actions: tuple[str, ...], resource: str = "*") -> Check[tuple[Organization, list[Member]]]:
    """Every member account's principals are denied ``actions`` by SCPs."""

    def run(where: Where, data: tuple[Organization, list[Member]]) -> Iterator[Result]:
        org, members = data
        for m in members:
            yield guarantee(where, org, m, actions, resource)

    return Check(meta, Scope.ORG, load, run)
