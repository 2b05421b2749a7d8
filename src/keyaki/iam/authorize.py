"""The authorizer: identity, resource, SCP, RCP, boundary, session and VPC endpoint policies → decision.

Specification, IAM User Guide, "Policy evaluation logic" and its pages
(https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html,
 …/reference_policies_evaluation-logic_policy-eval-denyallow.html,
 …/reference_policies_evaluation-logic-cross-account.html), "Permissions boundaries for IAM
entities" (…/access_policies_boundaries.html), "Session policies" (…/access_policies.html#policies_session),
and AWS Organizations "SCP evaluation" / "RCP evaluation":

1. An explicit ``Deny`` in any applicable policy wins.
2. RCPs (resource's account; every principal but service-linked roles) and SCPs (principal's
   account; IAM principals but service-linked roles): every level, root → OU → account, must allow.
   A level listed without policies does not restrict (AWS never leaves a level without one).
3. A VPC endpoint policy, when the request passes an endpoint, must allow.
4. Same account: an allow from identity-based policies (within the permissions boundary and the
   session policies) or from the resource-based policy. A resource-policy allow that names the
   user or the session ARN is not limited by boundaries or session policies; one that names the
   role ARN is (it joins the identity-based permissions); one that names only the account delegates
   to identity-based policies. Role trust policies and KMS key policies must allow in any case.
5. Cross account: the resource-based policy (resource's account) and the identity-based side
   (principal's account) must both allow.

>>> from keyaki.iam.parse import parse_policy
>>> allow_all = parse_policy({"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}})
>>> req = Request.make("arn:aws:iam::111122223333:user/alice", "s3:GetObject", "arn:aws:s3:::b/k")
>>> authorize(req, PolicySet(identity=[("identity_policies[0]", compile_policy(allow_all))])).decision
'allowed'
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from keyaki.iam import ast
from keyaki.iam.conditions import Context
from keyaki.iam.evaluate import (
    ALLOWED,
    EXPLICIT_DENY,
    IMPLICIT_DENY,
    CompiledPolicy,
    MatchedStatement,
    Request,
    compile_policy,
)
from keyaki.iam.principals import Match

__all__ = ["Decision", "PolicySet", "Request", "authorize", "combine_sides", "compile_policy"]

Labelled = tuple[str, CompiledPolicy]


@dataclass(frozen=True, slots=True)
class PolicySet:
    """Every policy that may bear on a request, compiled, each with its label (``scps[1].policies[0]``).

    An empty list means that kind of policy does not apply (no SCPs: not in an organisation).
    ``scps``/``rcps`` are levels from the root to the account, each a list of policies.
    """

    identity: list[Labelled] = field(default_factory=list)
    resource: Labelled | None = None
    boundaries: list[Labelled] = field(default_factory=list)
    sessions: list[Labelled] = field(default_factory=list)
    scps: list[list[Labelled]] = field(default_factory=list)
    rcps: list[list[Labelled]] = field(default_factory=list)
    vpc_endpoints: list[Labelled] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class StatementRef:
    """A statement that applied: which policy, its index, its effect."""

    policy: str
    statement: int
    effect: str

    def to_json(self) -> dict[str, Any]:
        return {"policy": self.policy, "statement": self.statement, "effect": self.effect}


@dataclass(frozen=True, slots=True)
class Decision:
    """The answer, in the IAM policy simulator's words, with the statements that led to it."""

    decision: str
    matched_statements: tuple[StatementRef, ...] = ()
    missing_context_keys: tuple[str, ...] = ()

    @property
    def allowed(self) -> bool:
        return self.decision == ALLOWED

    def to_json(self) -> dict[str, Any]:
        return {
            "decision": self.decision,
            "matched_statements": [m.to_json() for m in self.matched_statements],
            "missing_context_keys": list(self.missing_context_keys),
        }


class _Run:
    """One authorization: evaluates each policy once and keeps what matched."""

    def __init__(self, req: Request, ctx: Context) -> None:
        self.req, self.ctx = req, ctx
        self.refs: list[StatementRef] = []
        self.denied = False

    def eval(self, labelled: Labelled) -> list[MatchedStatement]:
        label, pol = labelled
        matched = pol.evaluate(self.req, self.ctx)
        for m in matched:
            self.refs.append(StatementRef(label, m.index, m.effect.value))
            self.denied |= m.effect is ast.Effect.DENY
        return matched

    def allows(self, policies: list[Labelled]) -> bool:
        """Whether any of the policies allows (all are evaluated, for denies and the record)."""
        results = [self.eval(p) for p in policies]
        return any(m.effect is ast.Effect.ALLOW for r in results for m in r)

    def levels_allow(self, levels: list[list[Labelled]]) -> bool:
        oks = [self.allows(level) for level in levels]
        return all(ok for ok, level in zip(oks, levels, strict=True) if level)


def _kind_of_resource(req: Request) -> str:
    """``kms`` (key policies must allow), ``trust`` (role trust policies must allow) or ``other``."""
    parts = req.resource.split(":", 5)
    if len(parts) == 6 and req.action.lower().startswith("kms:") and parts[2] == "kms" and parts[5].startswith("key/"):
        return "kms"  # aliases have no key policy: IAM policies alone control them
    if len(parts) == 6 and req.action.lower().startswith("sts:") and parts[2] == "iam" and parts[5].startswith("role/"):
        return "trust"
    return "other"


def authorize(req: Request, policies: PolicySet) -> Decision:
    """Decide one request against every applicable policy (see the module docstring)."""
    if policies.boundaries and not req.has_boundary:
        req = replace(req, has_boundary=True)
    run = _Run(req, req.new_context())
    p = req.principal
    identity_side = p.is_iam
    identity_ok = identity_side and (run.allows(policies.identity) or p.kind == "root")
    boundary_ok = not (identity_side and policies.boundaries) or run.allows(policies.boundaries)
    session_ok = not (identity_side and policies.sessions) or run.allows(policies.sessions)
    resource_how = Match.NONE
    if policies.resource is not None:
        allows = [m.how for m in run.eval(policies.resource) if m.effect is ast.Effect.ALLOW]
        resource_how = max(allows, default=Match.NONE)
    scp_ok = not (identity_side and not p.service_linked) or run.levels_allow(policies.scps)
    rcp_ok = p.service_linked or run.levels_allow(policies.rcps)
    vpce_ok = all([run.allows([v]) for v in policies.vpc_endpoints])
    if run.denied:
        decision = EXPLICIT_DENY
    elif not (scp_ok and rcp_ok and vpce_ok):
        decision = IMPLICIT_DENY
    else:
        identity_grant = identity_ok and boundary_ok and session_ok
        ok = combine_sides(req, resource_how, identity_grant, boundary_ok and session_ok)
        decision = ALLOWED if ok else IMPLICIT_DENY
    missing = tuple(sorted(run.ctx.missing.values(), key=str.lower))
    return Decision(decision, tuple(run.refs), missing)


def combine_sides(req: Request, how: Match, identity_grant: bool, limits_ok: bool) -> bool:
    """Identity side and resource side together (no explicit deny, guardrails passed)."""
    p = req.principal
    if not p.is_iam:  # anonymous and service principals: only a resource-based policy can allow
        return how >= Match.WILDCARD
    account = req.resource_account or p.account
    if account != p.account:  # cross-account: both sides must allow
        return how >= Match.ACCOUNT and identity_grant
    if how >= Match.WILDCARD and not (p.kind == "role" and how is Match.EXACT):
        direct = True  # names the user or session itself (or everyone): not limited
    elif how is Match.ROLE or (p.kind == "role" and how is Match.EXACT):
        direct = limits_ok  # names the role: joins the identity-based permissions
    else:
        direct = False
    if _kind_of_resource(req) != "other":
        return direct or (how is Match.ACCOUNT and identity_grant)
    return direct or identity_grant
