"""Can this principal perform this action on this resource: always, conditionally, not at all, or unknown?

1. Concrete bounds (``bounds``): the request is decided by ``keyaki.iam.authorize`` with every free
   part resolved the most and the least permissive way. Upper bound denied → absent; lower bound
   allowed → always (authorization is monotone in the statements that apply).
2. Otherwise the solver decides (``access.symbolic``): allowed for some free context and denied for
   another → conditionally; allowed for every context (the negation is UNSAT) → always; UNSAT → absent.
   Whatever the solver could not model makes an UNSAT answer UNKNOWN, never absent.
3. Every witness shown is replayed through ``keyaki.iam.authorize``; a witness that does not replay
   makes the answer UNKNOWN with both answers in its reasons (a bug to report, never hidden).

The witness is a ``keyaki iam simulate`` case (``keyaki.iam.case``), the policies verbatim from the snapshot.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from keyaki.access import access_points, conditions, routes, search
from keyaki.access.actions import Target, space_prefix, targets
from keyaki.access.bounds import Free, bound, has_free_part
from keyaki.access.endpoints import Endpoint, Endpoints, mentions_vpc
from keyaki.access.estate import Actor, Doc, Estate, Resource
from keyaki.access.symbolic import Fixed, Policies, solve
from keyaki.iam import ast
from keyaki.iam.authorize import Decision, PolicySet, authorize
from keyaki.iam.evaluate import CompiledPolicy, Request, compile_policy
from keyaki.iam.parse import parse_policy
from keyaki.iam.principals import RequestPrincipal
from keyaki.snapshot.load import Status
from keyaki.snapshot.views.s3_access_points import AccessPoint
from keyaki.symbolic.solver import Solver
from keyaki.symbolic.solver import Status as SolverStatus

ALWAYS, CONDITIONALLY, ABSENT, UNKNOWN = "always", "conditionally", "absent", "unknown"
ALLOW_ALL = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
EXAMPLE_OBJECT = "example-object"


@dataclass(frozen=True, slots=True)
class Question:
    actor: Actor
    action: str  # as the reference data spells it: ``s3:GetObject``
    resource: Resource
    object_space: bool = False  # any object of the bucket (index of the table), instead of the resource itself
    exclude: dict[str, frozenset[str]] = field(default_factory=dict)
    endpoint: Endpoint | None = None  # the route: through this VPC endpoint of the snapshot
    extra: tuple[tuple[str, str], ...] = ()  # context keys the route fixes (an S3 access point's)

    @property
    def target(self) -> str:
        if not self.object_space:
            return self.resource.arn
        return self.resource.arn + space_prefix(self.resource.resource_type)

    @property
    def key(self) -> tuple[str, str, str]:
        """What the policies of the question depend on: the principal, the resource, the route."""
        return (self.actor.arn, self.resource.arn, (self.endpoint.id if self.endpoint else "") + str(self.extra))


@dataclass(frozen=True, slots=True)
class Answer:
    level: str
    witness: dict[str, Any] | None = None  # a simulate case, replayed
    decision: dict[str, Any] | None = None  # the replayed decision
    conditions: tuple[dict[str, Any], ...] = ()
    reasons: tuple[str, ...] = ()
    sources: dict[str, dict[str, str]] = field(default_factory=dict)
    endpoint: Endpoint | None = None  # the route of the witness
    via: dict[str, Any] | None = None  # through an S3 access point: the bucket side (``access_points``)

    def to_json(self) -> dict[str, Any]:
        out = {
            "level": self.level,
            "conditions": list(self.conditions),
            "witness": self.witness,
            "decision": self.decision,
            "reasons": list(self.reasons),
        }
        if self.via is not None:
            out["bucket"] = self.via
        return out


class Engine:
    """Answers questions over one estate; compiled policies and the solver are reused."""

    def __init__(self, estate: Estate, timeout_ms: int = 10_000) -> None:
        self.estate = estate
        self.solver = Solver(timeout_ms)
        self._compiled: dict[tuple[int, Free | None, bool], tuple[ast.Policy, CompiledPolicy]] = {}
        self._allow_all = Doc(
            ALLOW_ALL, parse_policy(ALLOW_ALL), "any identity-based policy (outside the snapshot)", ""
        )
        self._docs: dict[tuple[str, str, str], dict[str, Doc]] = {}
        self._may: dict[tuple[str, str, str], bool] = {}
        self._sets: dict[tuple[str, str, str, Free | None, bool], PolicySet] = {}
        self._principals: dict[str, RequestPrincipal] = {}
        self._frees: dict[tuple[Any, ...], tuple[dict[str, Any], Free, bool]] = {}
        self._endpoints: Endpoints | None = None
        self._mentions: dict[tuple[str, str], bool] = {}
        self._access_points: dict[str, AccessPoint] | None = None
        self._targets: dict[str, tuple[Target, ...]] = {}
        self.solver_calls = 0
        self.searched = 0

    # --- the policies of a question -----------------------------------------------------------------

    def docs(self, q: Question) -> dict[str, Doc]:
        """Every policy of the question by its simulate-case label."""
        key = q.key
        found = self._docs.get(key)
        if found is None:
            found = self._docs[key] = self._make_docs(q)
        return found

    def _make_docs(self, q: Question) -> dict[str, Doc]:
        a, est = q.actor, self.estate
        iam = a.kind in ("user", "role", "account", "other")
        out: dict[str, Doc] = {}
        # an IAM principal of another account (a user, a role, a role session...): its identity side is
        # assumed to allow everything (docs/access.md); an account is asked as its root
        external_iam = a.kind in ("user", "role", "other")
        identity = a.identity if a.internal else ((self._allow_all,) if external_iam else ())
        if iam:
            out.update({f"identity_policies[{i}]": d for i, d in enumerate(identity)})
            out.update({f"permissions_boundaries[{i}]": d for i, d in enumerate(a.boundaries)})
        if q.resource.policy is not None:
            out["resource_policy"] = q.resource.policy
        if a.internal:
            for i, (_, docs) in enumerate(est.scps(a.account)):
                out.update({f"scps[{i}].policies[{j}]": d for j, d in enumerate(docs)})
        for i, (_, docs) in enumerate(est.rcps(q.resource.account)):
            out.update({f"rcps[{i}].policies[{j}]": d for j, d in enumerate(docs)})
        if q.endpoint is not None and q.endpoint.policy is not None:
            out["vpc_endpoint_policies[0]"] = q.endpoint.policy
        return out

    def case(self, q: Question, request: dict[str, Any]) -> dict[str, Any]:
        """The witness as a ``keyaki iam simulate`` case."""
        docs = self.docs(q)
        est, a = self.estate, q.actor

        def levels(lv: tuple[tuple[str, tuple[Doc, ...]], ...]) -> list[dict[str, Any]]:
            return [{"target": t, "policies": [d.document for d in ds]} for t, ds in lv]

        out = {
            "request": request,
            "identity_policies": [d.document for k, d in docs.items() if k.startswith("identity_policies")],
            "resource_policy": q.resource.policy.document if q.resource.policy else None,
            "permissions_boundaries": [d.document for k, d in docs.items() if k.startswith("permissions_boundaries")],
            "scps": levels(est.scps(a.account)) if a.internal else [],
            "rcps": levels(est.rcps(q.resource.account)),
        }
        if q.endpoint is not None:
            out["vpc_endpoint_policies"] = [d.document for k, d in docs.items() if k.startswith("vpc_endpoint")]
        return out

    def _plain(self, pol: ast.Policy) -> CompiledPolicy:
        key = (id(pol), None, False)
        hit = self._compiled.get(key)
        if hit is None or hit[0] is not pol:
            hit = self._compiled[key] = (pol, compile_policy(pol))
        return hit[1]

    def _compiled_set(self, docs: dict[str, Doc], free: Free | None, upper: bool) -> PolicySet:
        def one(label: str) -> tuple[str, CompiledPolicy]:
            pol = docs[label].policy
            key = (id(pol), free, upper)
            hit = self._compiled.get(key)
            if hit is None or hit[0] is not pol:
                variant = pol if free is None else bound(pol, free, upper=upper)
                hit = self._compiled[key] = (pol, compile_policy(variant))
            return label, hit[1]

        def group(prefix: str) -> list[tuple[str, CompiledPolicy]]:
            return [one(k) for k in docs if k.startswith(prefix)]

        return PolicySet(
            identity=group("identity_policies"),
            resource=one("resource_policy") if "resource_policy" in docs else None,
            boundaries=group("permissions_boundaries"),
            scps=[[one(k) for k in lvl] for lvl in _levels(docs, "scps")],
            rcps=[[one(k) for k in lvl] for lvl in _levels(docs, "rcps")],
            vpc_endpoints=group("vpc_endpoint_policies"),
        )

    # --- deciding -------------------------------------------------------------------------------------

    def context(self, q: Question) -> dict[str, Any]:
        route = q.endpoint.context if q.endpoint is not None else {}
        return {**q.actor.fixed, **self.estate.resource_context(q.resource), **dict(q.extra), **route}

    def request(self, q: Question, context: dict[str, Any], resource: str | None = None) -> dict[str, Any]:
        target = resource or (q.target + EXAMPLE_OBJECT if q.object_space else q.target)
        return {
            "principal": q.actor.request_principal,
            "action": q.action,
            "resource": target,
            "resource_account": q.resource.account,
            "context": dict(sorted(context.items())),
        }

    def authorize(
        self, q: Question, docs: dict[str, Doc], request: dict[str, Any], free: Free | None = None, upper: bool = False
    ) -> Decision:
        """The concrete decision (``free`` given: of the upper or lower bound)."""
        key = (*q.key, free, upper)
        pset = self._sets.get(key)
        if pset is None:
            pset = self._sets[key] = self._compiled_set(docs, free, upper)
        req = Request(
            self._principal(q.actor), request["action"], request["resource"],
            resource_account=request["resource_account"], context=request["context"],
            has_boundary=bool(q.actor.boundaries),
        )  # fmt: skip
        return authorize(req, pset)

    def _principal(self, actor: Actor) -> RequestPrincipal:
        found = self._principals.get(actor.request_principal)
        if found is None:
            found = self._principals[actor.request_principal] = RequestPrincipal.parse(actor.request_principal)
        return found

    def _free(self, q: Question, docs: dict[str, Doc]) -> tuple[dict[str, Any], Free, bool]:
        """The known context, what is free, and whether any policy of the question depends on it."""
        never = frozenset((k, v) for k, vs in q.exclude.items() for v in vs)
        key = (*q.key, q.object_space, never)
        found = self._frees.get(key)
        if found is None:
            ctx = self.context(q)
            free = Free(frozenset(k.lower() for k in ctx), q.target if q.object_space else None, never)
            found = self._frees[key] = (ctx, free, any(has_free_part(d.policy, free) for d in docs.values()))
        return found

    def decide(self, q: Question) -> Answer:
        if q.resource.resource_type == access_points.ACCESS_POINT:
            ap = self.access_points.get(q.resource.arn)
            if ap is not None:
                return access_points.decide(self, q, ap)
        return self.decide_plain(q)

    @property
    def access_points(self) -> dict[str, AccessPoint]:
        if self._access_points is None:
            self._access_points = access_points.load(self.estate)
        return self._access_points

    def decide_plain(self, q: Question) -> Answer:
        """The answer for one resource policy (an access point's bucket side is ``access_points``')."""
        if q.resource.status not in (Status.OK, Status.NOT_FOUND):
            return Answer(UNKNOWN, reasons=(f"the resource policy of `{q.resource.arn}` could not be read",))
        docs = self.docs(q)
        if not self._may_allow(q, docs):
            return Answer(ABSENT)
        found = self.routes(q, docs)
        if found is not None:
            return routes.decide(self, q, docs, found)
        return self.decide_route(q, docs)

    @property
    def endpoints(self) -> Endpoints:
        if self._endpoints is None:
            self._endpoints = Endpoints.load(self.estate)
        return self._endpoints

    def routes(self, q: Question, docs: dict[str, Doc]) -> tuple[Endpoint, ...] | None:
        """The snapshot's VPC endpoints a request of the question may pass, when its policies test
        ``aws:SourceVpce``/``aws:SourceVpc`` (None: the route does not bear on the answer)."""
        if q.endpoint is not None:
            return None
        mentions = self._mentions.get(q.key[:2])
        if mentions is None:
            mentions = self._mentions[q.key[:2]] = any(mentions_vpc(d.policy) for d in docs.values())
        eps = self.endpoints
        if not mentions or not (eps.all or eps.vpcs):
            return None
        banned_e, banned_v = q.exclude.get("aws:sourcevpce", frozenset()), q.exclude.get("aws:sourcevpc", frozenset())
        serving = eps.serving(q.action.split(":", 1)[0])
        return tuple(e for e in serving if e.id not in banned_e and e.view.vpc not in banned_v)

    def monotone(self, q: Question, docs: dict[str, Doc]) -> bool:
        return not (q.actor.kind == "role" and q.actor.boundaries and "resource_policy" in docs)

    def decide_route(self, q: Question, docs: dict[str, Doc]) -> Answer:
        """The answer for one route (bounds, concrete search, solver)."""
        ctx, free, has_free = self._free(q, docs)
        request = self.request(q, ctx)
        if not has_free:
            exact = self.authorize(q, docs, request)
            return self._always(q, docs, request, exact) if exact.allowed else Answer(ABSENT)
        monotone = self.monotone(q, docs)
        if monotone and not self.authorize(q, docs, request, free, upper=True).allowed:
            return Answer(ABSENT)
        if monotone and self.authorize(q, docs, request, free, upper=False).allowed:
            return self._always(q, docs, request, self.authorize(q, docs, request))
        found = search.conditional(self, q, docs, ctx, free)
        if found is not None:
            self.searched += 1
            yes, yes_d = found
            return self._answer(CONDITIONALLY, q, docs, yes, yes_d)
        return self._solve(q, docs, ctx)

    def targets(self, res: Resource) -> tuple[Target, ...]:
        """The actions of a resource; every resource of one type keyaki reads has the same ARN
        shape, so the list is computed once per type."""
        found = self._targets.get(res.resource_type)
        if found is None:
            found = self._targets[res.resource_type] = targets(res.arn, res.resource_type)
        return found

    def decide_many(
        self, actor: Actor, res: Resource, acts: Sequence[Target], exclude: dict[str, frozenset[str]]
    ) -> list[tuple[Target, Answer]]:
        """Answers for several actions; actions that the same statements name are decided once
        (nothing else in a decision depends on the action) and each witness is replayed for its action."""
        done: dict[tuple[Any, ...], Answer] = {}
        out = []
        services = {t.action.split(":")[0].lower() for t in acts}
        probe = Question(actor, acts[0].action, res, False, exclude) if acts else None
        if probe is not None and not any(self._may_allow(probe, self.docs(probe), f"{s}:") for s in services):
            return [(t, Answer(ABSENT)) for t in acts]
        for t in acts:
            q = Question(actor, t.action, res, t.object_space, exclude)
            docs = self.docs(q)
            if not self._may_allow(q, docs):
                out.append((t, Answer(ABSENT)))
                continue
            extra = {f"vpc_endpoint:{e.id}": e.policy for e in self.routes(q, docs) or () if e.policy}
            sig = (t.object_space, t.action.split(":")[0].lower(), self._signature({**docs, **extra}, t.action.lower()))
            first = done.get(sig) if res.resource_type != access_points.ACCESS_POINT else None
            if first is None:
                ans = done[sig] = self.decide(q)
            else:
                ans = self._reuse(q, docs, first)
            out.append((t, ans))
        return out

    def _signature(self, docs: dict[str, Doc], action: str) -> tuple[tuple[str, int], ...]:
        compiled = [(label, self._plain(d.policy)) for label, d in docs.items()]
        return tuple(
            (label, cs.statement.index) for label, cp in compiled for cs in cp.candidates(action) if cs.action(action)
        )

    def _reuse(self, q: Question, docs: dict[str, Doc], first: Answer) -> Answer:
        if first.witness is None:
            return first
        request = {**first.witness["request"], "action": q.action}
        if first.endpoint is not None:
            q = replace(q, endpoint=first.endpoint)
            docs = self.docs(q)
        exact = self.authorize(q, docs, request)
        if not exact.allowed:
            return Answer(
                UNKNOWN,
                reasons=(
                    f"disagreement: {q.action} decided {exact.decision} like {first.witness['request']['action']}",
                ),
            )
        return replace(first, witness={**first.witness, "request": request}, decision=exact.to_json())

    def _may_allow(self, q: Question, docs: dict[str, Doc], action: str | None = None) -> bool:
        """A sound pre-filter: some Allow statement that could grant the action exists on each side
        the request needs (the identity side, the resource side, or either). ``action`` ``svc:``
        asks about every action of the service at once."""
        action = action or q.action.lower()
        p = self._principal(q.actor)
        ident = p.kind == "root" or self._side(q.actor.arn, "identity_policies", action, docs)
        res = self._side(q.resource.arn, "resource_policy", action, docs)
        if not p.is_iam:
            return res
        same = p.account == q.resource.account
        special = q.resource.resource_type in ("AWS::KMS::Key", "AWS::IAM::Role")
        if same:
            return res if special else ident or res
        return res and ident

    def _side(self, owner: str, prefix: str, action: str, docs: dict[str, Doc]) -> bool:
        key = (owner, prefix, action)
        hit = self._may.get(key)
        if hit is None:
            pols = [self._plain(d.policy) for k, d in docs.items() if k.startswith(prefix)]
            whole = action.endswith(":")  # any action of the service
            hit = any(cs.allow and (whole or cs.action(action)) for cp in pols for cs in cp.candidates(action))
            self._may[key] = hit
        return hit

    # Bounds need a monotone authorization. One corner is not: for a role with a permissions boundary,
    # a resource policy naming the role ARN is limited by the boundary while one naming `*` is not, so
    # more Allow statements applying can remove an allow (``keyaki.iam.authorize.combine_sides``). Such
    # questions skip the bounds; the solver models the combination exactly.

    def _always(self, q: Question, docs: dict[str, Doc], request: dict[str, Any], exact: Decision) -> Answer:
        if not exact.allowed:
            return Answer(
                UNKNOWN, reasons=(f"disagreement: the lower bound allows, the evaluator says {exact.decision}",)
            )
        return self._answer(ALWAYS, q, docs, request, exact)

    def _answer(
        self,
        level: str,
        q: Question,
        docs: dict[str, Doc],
        request: dict[str, Any],
        exact: Decision,
        reasons: tuple[str, ...] = (),
    ) -> Answer:
        conditions = self.conditions(q, docs, request, exact) if level != ALWAYS else ()
        sources = {k: {"name": d.name, "file": d.file, "location": d.location} for k, d in docs.items()}
        return Answer(level, self.case(q, request), exact.to_json(), conditions, reasons, sources, q.endpoint)

    def _solve(self, q: Question, docs: dict[str, Doc], ctx: dict[str, Any]) -> Answer:
        self.solver_calls += 1
        pols = self._policies(docs)
        fixed = Fixed(q.actor.request_principal, q.action, q.target, q.resource.account, ctx, q.object_space, q.exclude)
        out = solve(self.solver, pols, fixed)
        reasons = tuple(dict.fromkeys(out.reasons))
        if out.allow.status is SolverStatus.UNKNOWN:
            return Answer(UNKNOWN, reasons=(*reasons, out.allow.reason or "solver: unknown"))
        if out.allow.status is SolverStatus.UNSAT:
            return Answer(UNKNOWN, reasons=reasons) if reasons else Answer(ABSENT)
        assert out.allow.model is not None
        yes = out.witness(out.allow.model, fixed)
        yes_d = self.authorize(q, docs, yes)
        if not yes_d.allowed:
            why = f"disagreement: the solver allows, the evaluator says {yes_d.decision} for {yes}"
            return Answer(UNKNOWN, reasons=(*reasons, why))
        if out.deny.status is SolverStatus.UNSAT:
            return self._answer(ALWAYS if not reasons else UNKNOWN, q, docs, yes, yes_d, reasons)
        if out.deny.status is SolverStatus.UNKNOWN or out.deny.model is None:
            return self._answer(UNKNOWN, q, docs, yes, yes_d, (*reasons, out.deny.reason or "solver: unknown"))
        no = out.witness(out.deny.model, fixed)
        if self.authorize(q, docs, no).allowed:
            why = f"disagreement: the solver denies, the evaluator allows {no}"
            return self._answer(UNKNOWN, q, docs, yes, yes_d, (*reasons, why))
        return self._answer(CONDITIONALLY, q, docs, yes, yes_d, reasons)

    def _policies(self, docs: dict[str, Doc]) -> Policies:
        return Policies(
            identity=[(k, d.policy) for k, d in docs.items() if k.startswith("identity_policies")],
            resource=("resource_policy", docs["resource_policy"].policy) if "resource_policy" in docs else None,
            boundaries=[(k, d.policy) for k, d in docs.items() if k.startswith("permissions_boundaries")],
            scps=[[(k, docs[k].policy) for k in lvl] for lvl in _levels(docs, "scps")],
            rcps=[[(k, docs[k].policy) for k in lvl] for lvl in _levels(docs, "rcps")],
            vpc_endpoints=[(k, d.policy) for k, d in docs.items() if k.startswith("vpc_endpoint_policies")],
        )
    # --- the conditions that must hold -------------------------------------------------------------

    def conditions(
        self, q: Question, docs: dict[str, Doc], request: dict[str, Any], exact: Decision
    ) -> tuple[dict[str, Any], ...]:
        """The free condition clauses the witness needs (``access.conditions``)."""
        return conditions.of(self, q, docs, request, exact)


def _levels(docs: dict[str, Doc], prefix: str) -> list[list[str]]:
    """Labels of the SCP/RCP levels that hold policies (a level without policies does not restrict)."""
    by_level: dict[int, list[str]] = {}
    for k in docs:
        if k.startswith(prefix + "["):
            by_level.setdefault(int(k[len(prefix) + 1 : k.index("]")]), []).append(k)
    return [by_level[i] for i in sorted(by_level)]
