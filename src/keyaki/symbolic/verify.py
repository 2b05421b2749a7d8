"""Properties of policies, one ``verify_*`` function each, answered PASS / FAIL (with a replayed witness) / UNKNOWN.

Names and meaning follow IAM Access Analyzer's custom policy checks (``CheckNoNewAccess``,
``CheckAccessNotGranted``, ``CheckNoPublicAccess``; https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-checks-validating-policies.html)
and, for guardrails, AWS Organizations "SCP evaluation" and "RCP evaluation". A policy *grants* a
request when, alone, it decides ``allowed`` (an ``Allow`` applies, no ``Deny`` does). "Public" is the
definition of ``keyaki.symbolic.public`` (Amazon S3 "The meaning of public").

Every FAIL carries a witness that the concrete evaluator (``keyaki.iam``) has decided the same way;
UNKNOWN lists its reasons and is never a PASS.

>>> from keyaki.iam.parse import parse_policy
>>> old = parse_policy({"Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}})
>>> new = parse_policy({"Statement": {"Effect": "Allow", "Action": "s3:Get*", "Resource": "*"}})
>>> Checker().verify_no_new_access(new, old, "IDENTITY_POLICY").result
'FAIL'
>>> Checker().verify_no_new_access(old, new, "IDENTITY_POLICY").result
'PASS'
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from keyaki.errors import UsageError
from keyaki.iam import ast
from keyaki.iam.evaluate import CompiledPolicy, compile_policy
from keyaki.iam.printer import to_json
from keyaki.iam.wildcard import arn_match as concrete_arn_match
from keyaki.iam.wildcard import glob as concrete_glob
from keyaki.symbolic import presolve, public
from keyaki.symbolic.actions import ActionDomain
from keyaki.symbolic.compile import Compiler, PolicyTerm, action_patterns, literal_services
from keyaki.symbolic.keys import Signature
from keyaki.symbolic.patterns import arn_match, tokenize
from keyaki.symbolic.replay import ReplayMismatch, decide, simulate_case, witness_request
from keyaki.symbolic.solver import DEFAULT_TIMEOUT_MS, PolicyCache, Solver, Status
from keyaki.symbolic.term import IAM_KINDS, Bool, SymRequest, and_, eq, not_, or_, s

PASS, FAIL, UNKNOWN = "PASS", "FAIL", "UNKNOWN"
CANDIDATES = 200  # concrete requests tried before the solver (each a few microseconds to decide)
POLICY_TYPES = ("IDENTITY_POLICY", "RESOURCE_POLICY", "SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY")
_SLOT = {
    "IDENTITY_POLICY": "identity_policies",
    "RESOURCE_POLICY": "resource_policy",
    "SERVICE_CONTROL_POLICY": "scps",
    "RESOURCE_CONTROL_POLICY": "rcps",
}
ALLOW_ALL = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
ALLOW_ALL_RESOURCE = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}],
}


@dataclass(frozen=True, slots=True)
class CheckResult:
    """``result`` PASS/FAIL/UNKNOWN, the witness (a simulate case) of a FAIL, and the reasons."""

    result: str
    witness: dict[str, Any] | None = None
    reasons: tuple[str, ...] = ()
    details: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"result": self.result, "witness": self.witness, "reasons": list(self.reasons), **self.details}


@dataclass(slots=True)
class _Query:
    """What a property needs: its policies, its formula, and how to replay and present a witness."""

    policies: list[ast.Policy]
    # what every counterexample satisfies, and cases: the property fails iff one case is SAT with it
    formula: Callable[[Compiler, list[PolicyTerm]], tuple[Bool, list[Bool]]]
    replay: Callable[[dict[str, Any]], tuple[bool, dict[str, Any]]]
    case: Callable[[dict[str, Any]], dict[str, Any]]
    services: frozenset[str] | None = None
    extra_keys: Sequence[str] = ()
    extra_actions: Sequence[str] = ()
    candidates: Callable[[], Iterable[dict[str, Any]]] | None = None  # requests to replay first


class Checker:
    """Runs properties with one reused solver and one cache of compiled policies."""

    def __init__(
        self, timeout_ms: int = DEFAULT_TIMEOUT_MS, cache: PolicyCache | None = None, *, presolve: bool = True
    ) -> None:
        self.presolve = presolve  # containment and candidate requests before the solver (both exact)
        self.solver = Solver(timeout_ms)
        self.cache = cache if cache is not None else PolicyCache()
        self._concrete: dict[int, tuple[ast.Policy, CompiledPolicy]] = {}

    def _decide(self, policy: ast.Policy, request: dict[str, Any]) -> str:
        """The concrete decision, with each policy compiled once for the evaluator too."""
        found = self._concrete.get(id(policy))
        if found is None or found[0] is not policy:
            found = self._concrete[id(policy)] = (policy, compile_policy(policy))
        return decide(policy, request, found[1])

    # --- the properties ---------------------------------------------------------------------------

    def verify_no_new_access(self, new: ast.Policy, old: ast.Policy, policy_type: str) -> CheckResult:
        """FAIL when ``new`` grants a request that ``old`` does not (Access Analyzer ``CheckNoNewAccess``)."""
        slot = _slot(policy_type)

        def formula(comp: Compiler, terms: list[PolicyTerm]) -> tuple[Bool, list[Bool]]:
            rest = and_(_principal_domain(comp, policy_type), not_(terms[1].allowed))
            return rest, terms[0].allowed_cases()

        def replay(w: dict[str, Any]) -> tuple[bool, dict[str, Any]]:
            got = {"new": self._decide(new, w), "existing": self._decide(old, w)}
            return got["new"] == "allowed" and got["existing"] != "allowed", got

        if self.presolve and presolve.contained(new, old):
            return CheckResult(PASS, details={"method": "containment"})
        q = _Query([new, old], formula, replay, lambda w: _case(w, slot, new), literal_services([new]))
        q.candidates = lambda: presolve.candidates(new)
        return self._run(q)

    def verify_access_not_granted(
        self,
        policy: ast.Policy,
        actions: Sequence[str],
        resources: Sequence[str] = (),
        policy_type: str = "IDENTITY_POLICY",
    ) -> CheckResult:
        """FAIL when ``policy`` grants one of ``actions`` (on one of ``resources``) (``CheckAccessNotGranted``)."""
        if not actions and not resources:
            raise UsageError("give at least one action or resource")
        slot = _slot(policy_type)
        acts = [a.lower() for a in actions]

        def formula(comp: Compiler, terms: list[PolicyTerm]) -> tuple[Bool, list[Bool]]:
            on_action = comp.action_matches(acts) if acts else and_()
            rest = and_(_principal_domain(comp, policy_type), on_action, _on(comp.req, resources))
            return rest, terms[0].allowed_cases()

        def replay(w: dict[str, Any]) -> tuple[bool, dict[str, Any]]:
            got = {"decision": self._decide(policy, w)}
            hit = (not acts or any(concrete_glob(a, w["action"]) for a in acts)) and (
                not resources or any(concrete_arn_match(x, w["resource"]) for x in resources)
            )
            return got["decision"] == "allowed" and hit, got

        services = literal_services([_actions_policy(acts)]) if acts else None
        q = _Query([policy], formula, replay, lambda w: _case(w, slot, policy), services, (), acts)
        return self._run(q)

    def verify_no_public_access(self, policy: ast.Policy, resource_type: str) -> CheckResult:
        """FAIL when ``policy`` (a resource policy) grants a public request (``CheckNoPublicAccess``)."""
        spec = public.spec_for(resource_type)
        consts = public.constants(policy)

        def formula(comp: Compiler, terms: list[PolicyTerm]) -> tuple[Bool, list[Bool]]:
            rest = public.public_request(comp, spec, consts)
            return rest, terms[0].allowed_cases()

        def replay(w: dict[str, Any]) -> tuple[bool, dict[str, Any]]:
            got = {"decision": self._decide(policy, w)}
            return got["decision"] == "allowed" and public.is_public(w, spec, consts), got

        case = lambda w: _case(w, "resource_policy", policy)  # noqa: E731  # a one-line adapter
        q = _Query([policy], formula, replay, case, None, spec.keys, spec.actions)
        return self._run(q)

    def verify_guardrails_deny(
        self,
        scps: Sequence[Sequence[ast.Policy]],
        rcps: Sequence[Sequence[ast.Policy]],
        actions: Sequence[str],
        resources: Sequence[str] = (),
    ) -> CheckResult:
        """PASS when no IAM principal governed by these SCP/RCP levels (root → OU → account) can be
        allowed any of ``actions``, whatever its identity policies and the resource policy say."""
        if not actions:
            raise UsageError("give at least one action")
        acts = [a.lower() for a in actions]
        flat = [p for lvl in (*scps, *rcps) for p in lvl]

        def formula(comp: Compiler, terms: list[PolicyTerm]) -> tuple[Bool, list[Bool]]:
            r, it = comp.req, iter(terms)
            levels = [[next(it) for _ in lvl] for lvl in (*scps, *rcps)]
            through = and_(or_(t.allow for t in lvl) for lvl in levels if lvl)
            denied = or_(t.deny for lvl in levels for t in lvl)
            on_action = comp.action_matches(acts)
            return and_(r.principal.is_(*IAM_KINDS), on_action, _on(r, resources)), [and_(through, not_(denied))]

        def case(w: dict[str, Any]) -> dict[str, Any]:
            return {
                "request": w,
                "identity_policies": [ALLOW_ALL],
                "resource_policy": ALLOW_ALL_RESOURCE,
                "scps": [{"target": f"level-{i}", "policies": [to_json(p) for p in lvl]} for i, lvl in enumerate(scps)],
                "rcps": [{"target": f"level-{i}", "policies": [to_json(p) for p in lvl]} for i, lvl in enumerate(rcps)],
            }

        def replay(w: dict[str, Any]) -> tuple[bool, dict[str, Any]]:
            got = {"decision": simulate_case(case(w))}
            return got["decision"] == "allowed", got

        services = literal_services([_actions_policy(acts)])
        q = _Query(flat, formula, replay, case, services, (), acts)
        return self._run(q)

    # --- the engine -------------------------------------------------------------------------------

    def _run(self, q: _Query) -> CheckResult:
        """Candidate requests first (``presolve``); then the solver with finite actions; when only
        their approximation stands between UNSAT and PASS, the exact string encoding of actions gets
        the rest of the time budget."""
        for w in islice(q.candidates() if q.candidates and self.presolve else (), CANDIDATES):
            ok, concrete = q.replay(w)
            if ok:
                return CheckResult(FAIL, q.case(w), (), {"decisions": concrete, "method": "search"})
        deadline = time.monotonic() + self.solver.timeout_ms / 1000
        groups = [tuple(action_patterns([p])) for p in q.policies] + [tuple(q.extra_actions)]
        domain = ActionDomain.build_groups(groups, q.services)
        result, approximate = self._attempt(q, domain, deadline)
        if approximate and result.result == UNKNOWN and set(result.reasons) <= approximate:
            result, _ = self._attempt(q, None, deadline)
        return result

    def _attempt(self, q: _Query, actions: ActionDomain | None, deadline: float) -> tuple[CheckResult, set[str]]:
        req = SymRequest(actions=actions)
        comp = Compiler(req, Signature.scan(q.policies), q.services)
        approx = {f"`{svc}` actions under inner-wildcard patterns: not every kind of action name was searched"
                  for svc in (actions.approximate if actions else ())}  # fmt: skip
        comp.reasons.extend(sorted(approx))
        for k in q.extra_keys:
            try:
                comp.key(k)
            except Exception as exc:  # an unmodellable key is a reason, not a crash
                comp.reasons.append(str(exc))
        terms = [self.cache.compile(comp, p) for p in q.policies]
        shared, cases = q.formula(comp, terms)
        scope = and_()
        if q.services is not None and req.actions is None:
            scope = or_(eq(req.service, s(x)) for x in sorted(q.services))
        reasons = list(dict.fromkeys(comp.reasons))
        undecided: list[str] = []
        # what all cases share is asserted once (z3 preprocesses each assertion: measured, re-asserting
        # the existing policy for every case of a 168-statement policy cost as much as solving)
        with self.solver.scope([req.domain(), scope, shared]):
            for case in cases:
                left_ms = int((deadline - time.monotonic()) * 1000)
                if left_ms <= 0:
                    undecided.append("solver: timeout")
                    break
                answer = self.solver.check([case], left_ms)
                if answer.status is Status.UNKNOWN:
                    undecided.append(answer.reason or "solver: unknown")
                elif answer.status is Status.SAT:
                    assert answer.model is not None
                    found = self._confirm(q, req, answer.model, bool(reasons))
                    if found is not None:
                        details = {"decisions": found[1], "method": "solver"}
                        return CheckResult(FAIL, found[0], tuple(reasons), details), approx
                    undecided.append("the solver's witness did not replay")
        if undecided:
            return CheckResult(UNKNOWN, None, tuple(dict.fromkeys([*reasons, *undecided]))), approx
        if reasons:
            return CheckResult(UNKNOWN, None, tuple(reasons)), approx
        return CheckResult(PASS, details={"method": "solver"}), approx

    def _confirm(
        self, q: _Query, req: SymRequest, model: Any, unmodelled: bool
    ) -> tuple[dict[str, Any], dict[str, Any]] | None:
        """The witness case and the concrete decisions, or None when (with unmodelled parts) it
        does not replay; without unmodelled parts a witness that does not replay is a bug."""
        w = witness_request(model, req)
        ok, concrete = q.replay(w)
        if ok:
            return q.case(w), concrete
        if unmodelled:
            return None
        raise ReplayMismatch("witness does not replay", symbolic="the property fails", concrete=concrete, witness=w)


def _on(req: SymRequest, resources: Sequence[str]) -> Bool:
    """The request's resource is one of ``resources`` (ARN patterns); any resource when empty."""
    if not resources:
        return and_()
    return or_(arn_match(req.resource, tokenize(x, variables=False), None) for x in resources)


def _slot(policy_type: str) -> str:
    slot = _SLOT.get(policy_type.upper())
    if slot is None:
        raise UsageError(f"unknown policy type `{policy_type}` (one of {', '.join(POLICY_TYPES)})")
    return slot


def _principal_domain(comp: Compiler, policy_type: str) -> Bool:
    """Identity policies and SCPs govern IAM principals only."""
    if policy_type.upper() in ("IDENTITY_POLICY", "SERVICE_CONTROL_POLICY"):
        return comp.req.principal.is_(*IAM_KINDS)
    return and_()


def _case(w: dict[str, Any], slot: str, policy: ast.Policy) -> dict[str, Any]:
    doc = to_json(policy)
    if slot == "resource_policy":
        return {"request": w, "resource_policy": doc}
    if slot in ("scps", "rcps"):
        return {"request": w, slot: [{"target": "policy", "policies": [doc]}]}
    return {"request": w, slot: [doc]}


def _actions_policy(actions: Sequence[str]) -> ast.Policy:
    from keyaki.iam.parse import parse_policy

    return parse_policy({"Statement": {"Effect": "Allow", "Action": list(actions), "Resource": "*"}})


__all__ = ["FAIL", "PASS", "POLICY_TYPES", "UNKNOWN", "CheckResult", "Checker", "ReplayMismatch"]
