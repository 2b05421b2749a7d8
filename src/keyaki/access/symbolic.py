"""The whole authorization of one principal, action and resource as a z3 formula over the free context.

``keyaki.symbolic`` compiles each policy (``Compiler``); this module combines the compiled statements
the way ``keyaki.iam.authorize`` combines concrete ones ("Policy evaluation logic",
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html): an explicit
deny in any evaluated policy wins; every SCP and RCP level, and the VPC endpoint policy of a request that
passes one, must allow; then the identity side and the
resource side are joined by the reference's own rule (``combine_sides``), evaluated for every way the
resource policy can name the principal. The principal, the action and the resource are fixed; the
context keys the snapshot determines are fixed to their values; what remains free is what a caller
controls (source address, transport, external id…) and, for bucket objects, the object key.

The answer is three-valued; a SAT model becomes a request in ``keyaki iam simulate``'s format, which
the caller replays through the concrete authorizer before showing it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import z3

from keyaki.access import zone
from keyaki.iam import ast, reference
from keyaki.iam.authorize import combine_sides  # the reference's rule, reused so the two cannot drift
from keyaki.iam.evaluate import Request
from keyaki.iam.principals import Match, RequestPrincipal, match_principal, not_principal_applies
from keyaki.symbolic.compile import Compiler
from keyaki.symbolic.keys import Signature
from keyaki.symbolic.patterns import Unsupported
from keyaki.symbolic.replay import witness_request
from keyaki.symbolic.solver import Answer, Solver, Status
from keyaki.symbolic.term import NOT_COLON, TRUE, Bool, Key, Kind, Sort, SymRequest, and_, eq, not_, or_, s

Labelled = tuple[str, ast.Policy]


@dataclass(frozen=True, slots=True)
class Policies:
    """The policies of one question, labelled as in a simulate case (``scps[0].policies[1]``)."""

    identity: Sequence[Labelled] = ()
    resource: Labelled | None = None
    boundaries: Sequence[Labelled] = ()
    scps: Sequence[Sequence[Labelled]] = ()
    rcps: Sequence[Sequence[Labelled]] = ()
    vpc_endpoints: Sequence[Labelled] = ()  # the policy of the endpoint the request passes: must allow

    def all(self) -> list[Labelled]:
        out = [
            *self.identity,
            *self.boundaries,
            *(p for lvl in self.scps for p in lvl),
            *(p for lvl in self.rcps for p in lvl),
            *self.vpc_endpoints,
        ]
        return out + ([self.resource] if self.resource else [])


@dataclass(frozen=True, slots=True)
class Fixed:
    """The concrete parts of the question."""

    principal: str
    action: str
    resource: str  # for an object space: the bucket's object prefix ``arn:aws:s3:::b/``
    resource_account: str
    context: Mapping[str, Any]
    object_space: bool = False
    exclude: Mapping[str, frozenset[str]] = field(default_factory=dict)  # values a free key cannot take


@dataclass(slots=True)
class Outcome:
    allow: Answer
    deny: Answer
    req: SymRequest
    reasons: list[str]

    def witness(self, model: z3.ModelRef, fixed: Fixed) -> dict[str, Any]:
        """The request of a model, with the fixed parts as the question states them."""
        w = witness_request(model, self.req)
        low = {k.lower() for k in fixed.context}
        ctx = {k: v for k, v in w["context"].items() if k.lower() not in low}
        ctx.update(fixed.context)
        resource = fixed.resource
        if fixed.object_space:
            key = model.eval(self.req.resource[5], model_completion=True)
            resource = ":".join(fixed.resource.split(":", 5)[:5]) + ":" + key.as_string()
        return {
            "principal": fixed.principal,
            "action": fixed.action,
            "resource": resource,
            "resource_account": fixed.resource_account,
            "context": dict(sorted(ctx.items())),
        }


def solve(solver: Solver, policies: Policies, fixed: Fixed) -> Outcome:
    """Is the request allowed for some free context (``allow``), denied for some (``deny``)?

    The fixed parts are substituted into the formula before the solver sees it, so that only the
    free context (and the object key) remain symbolic."""
    pols = [p for _, p in policies.all()]
    svc = fixed.action.split(":", 1)[0].lower()
    req = SymRequest()
    comp = Compiler(req, Signature.scan(pols), frozenset({svc}))
    formula = _allowed(comp, policies, fixed)
    subs, pinned = _pin(comp, fixed)
    base = [req.domain(), *pinned]

    def ground(e: Bool) -> Bool:
        return z3.simplify(z3.substitute(e, *subs)) if subs else e

    grounded = [ground(b) for b in base]
    f = ground(formula)
    allow = solver.check([*grounded, f])
    deny = solver.check([*grounded, not_(f)]) if allow.status is Status.SAT else allow  # only asked when needed
    return Outcome(allow, deny, req, comp.reasons)


_KIND = {"user": Kind.USER, "role": Kind.ROLE, "root": Kind.ROOT, "service": Kind.SERVICE, "anonymous": Kind.ANONYMOUS}


def _principal_fields(req: SymRequest, text: str) -> list[tuple[z3.ExprRef, z3.ExprRef]] | None:
    """Substitutions that fix the symbolic principal to ``text`` (None: a kind the model has not)."""
    p, rp = req.principal, RequestPrincipal.parse(text)
    kind = _KIND.get(rp.kind)
    if kind is None:
        return None
    fields = {
        "service": "unused.amazonaws.com",
        "account": "000000000000",
        "path": "",
        "name": "unused",
        "session": "unused",
    }
    if rp.kind == "service":
        fields["service"] = text
    if rp.account:
        fields["account"] = rp.account
    if rp.kind in ("user", "role"):
        rest = text.split(":", 5)[5].split("/", 1)[1]
        path, _, name = rest.rpartition("/")
        fields.update(path=path + "/" if path else "", name=name)
    # the kind is fixed, so the fields it does not use take any well-formed value
    return [(p.kind, z3.IntVal(int(kind))), *((getattr(p, f), s(v)) for f, v in fields.items())]


def _pin(comp: Compiler, fixed: Fixed) -> tuple[list[tuple[z3.ExprRef, z3.ExprRef]], list[Bool]]:
    """Substitutions and constraints that fix the principal, action, resource and known context keys."""
    req = comp.req
    svc, _, name = fixed.action.lower().partition(":")
    subs: list[tuple[z3.ExprRef, z3.ExprRef]] = [(req.service, s(svc)), (req.action, s(name))]
    parts = fixed.resource.split(":", 5)
    subs += [(expr, s(value)) for expr, value in zip(req.resource[1:5], parts[1:5], strict=True)]
    out: list[Bool] = []
    if fixed.object_space:
        out += [z3.PrefixOf(s(parts[5]), req.resource[5]), z3.Length(req.resource[5]) > len(parts[5])]
    else:
        subs.append((req.resource[5], s(parts[5])))
    who = _principal_fields(req, fixed.principal)
    if who is None:
        comp.reasons.append(f"principal `{fixed.principal}` is not modelled by the solver")
    else:
        subs += who
    ctx = {k.lower(): v for k, v in fixed.context.items()}
    for name_, key in req.keys.items():
        if key.derived:
            continue
        value = ctx.get(name_)
        if isinstance(value, str) and not key.multi and key.sort in (Sort.STRING, Sort.ARN) and not key.slots[0].fields:
            subs += [(key.present, z3.BoolVal(True)), (key.slots[0].text, s(value))]
        elif name_ in ctx:
            out.append(_equals(comp, key, value))
        for v in sorted(fixed.exclude.get(name_, ())):
            out += [z3.Implies(key.slot_live(i), not_(eq(sl.text, s(v)))) for i, sl in enumerate(key.slots)]
        out += _outside_zone(key, fixed.exclude)
        if name_ not in ctx and _boolean(name_) and key.sort is Sort.STRING:
            # AWS sends a Boolean key as "true" or "false" (IAM reference data: type Bool)
            out += [z3.Implies(key.slot_live(i), or_(eq(sl.text, s("true")), eq(sl.text, s("false"))))
                    for i, sl in enumerate(key.slots)]  # fmt: skip
    return subs, out


# any character but a colon: an ARN field before the resource part (``access.zone``)
_FIELD = z3.Star(NOT_COLON)


def _outside_zone(key: Key, exclude: Mapping[str, frozenset[str]]) -> list[Bool]:
    """Each value of ``key`` is no ARN of the zone's accounts or buckets (``access.zone.inside``): on an
    ARN-sorted key, its account field (and, for an S3 bucket ARN, its resource field) differs; on a
    text key, the text is in no language of such ARNs."""
    accounts, buckets = zone.zone_of_arn(exclude, key.name)
    if not (accounts or buckets) or key.sort not in (Sort.STRING, Sort.ARN):
        return []
    out: list[Bool] = []
    for i, sl in enumerate(key.slots):
        if key.sort is Sort.ARN and sl.fields:
            f = sl.fields  # fields 1-4 hold no colon (``k_domain``): f[4] is the text's fifth field
            bucket = and_(eq(f[2], s("s3")), eq(f[3], s("")), eq(f[4], s("")))
            ins = [eq(f[4], s(a)) for a in sorted(accounts)]
            ins += [and_(bucket, eq(f[5], s(b))) for b in sorted(buckets)]
        else:
            head = [z3.Re("arn:"), _FIELD, z3.Re(":"), _FIELD, z3.Re(":"), _FIELD, z3.Re(":")]
            tail = z3.Star(z3.AllChar(z3.ReSort(z3.StringSort())))
            ins = [z3.InRe(sl.text, z3.Concat(*head, z3.Re(a + ":"), tail)) for a in sorted(accounts)]
            ins += [z3.InRe(sl.text, z3.Concat(z3.Re("arn:"), _FIELD, z3.Re(":s3:::" + b))) for b in sorted(buckets)]
        out.append(z3.Implies(key.slot_live(i), not_(or_(ins))))
    return out


def _boolean(name: str) -> bool:
    try:
        return reference.condition_key_type(name) == "Bool"
    except Exception:  # a key the reference data does not know: any text
        return False


def _equals(comp: Compiler, key: Any, value: Any) -> Bool:
    values = value if isinstance(value, list) else [value]
    texts = [str(v).lower() if isinstance(v, bool) else str(v) for v in values]
    if key.sort not in (Sort.STRING, Sort.ARN) or len(texts) > len(key.slots):
        comp.reasons.append(f"the known value of `{key.name}` cannot be pinned in the solver")
        return TRUE
    parts: list[Bool] = [key.present]
    if key.multi:
        parts.append(key.count == len(texts))
    elif len(texts) != 1:
        comp.reasons.append(f"`{key.name}` has several known values")
        return TRUE
    parts += [eq(key.slots[i].text, s(t)) for i, t in enumerate(texts)]
    return and_(parts)


def _terms(comp: Compiler, labelled: Sequence[Labelled]) -> tuple[Bool, Bool]:
    """(some Allow applies, some Deny applies) over a list of policies."""
    allows, denies = [], []
    for _, pol in labelled:
        t = comp.policy(pol)
        allows.append(t.allow)
        denies.append(t.deny)
    return or_(allows), or_(denies)


def _levels(comp: Compiler, levels: Sequence[Sequence[Labelled]]) -> tuple[Bool, Bool]:
    oks, denies = [], []
    for lvl in levels:
        allow, deny = _terms(comp, lvl)
        denies.append(deny)
        if lvl:
            oks.append(allow)
    return and_(oks), or_(denies)


def _resource_levels(comp: Compiler, policies: Policies, p: RequestPrincipal) -> tuple[dict[Match, Bool], Bool]:
    """For each match level, "an Allow naming the principal at least that strongly applies"; and the denies."""
    if policies.resource is None:
        return {}, z3.BoolVal(False)
    pol = policies.resource[1]
    by_level: dict[Match, list[Bool]] = {}
    denies = []
    for st in pol.statements:
        term = comp.statement(st, pol.allows_variables)
        if st.effect is ast.Effect.DENY:
            denies.append(term)
            continue
        if st.principal is not None:
            level = match_principal(st.principal, p)
        elif st.not_principal is not None:
            level = Match.WILDCARD if not_principal_applies(st.not_principal, p) else Match.NONE
        else:
            level = Match.EXACT
        if level is not Match.NONE:
            by_level.setdefault(level, []).append(term)
    ge = {lvl: or_(t for m, ts in by_level.items() if m >= lvl for t in ts) for lvl in Match}
    return ge, or_(denies)


def _allowed(comp: Compiler, policies: Policies, fixed: Fixed) -> Bool:
    """``authorize(...) == allowed`` as a formula (see the module docstring)."""
    p = RequestPrincipal.parse(fixed.principal)
    iam = p.is_iam
    denies: list[Bool] = []
    id_allow, id_deny = _terms(comp, policies.identity) if iam else (z3.BoolVal(False), z3.BoolVal(False))
    denies.append(id_deny)
    boundary_ok: Bool = TRUE
    if iam and policies.boundaries:
        boundary_ok, b_deny = _terms(comp, policies.boundaries)
        denies.append(b_deny)
    scp_ok: Bool = TRUE
    if iam and not p.service_linked:
        scp_ok, scp_deny = _levels(comp, policies.scps)
        denies.append(scp_deny)
    rcp_ok: Bool = TRUE
    if not p.service_linked:
        rcp_ok, rcp_deny = _levels(comp, policies.rcps)
        denies.append(rcp_deny)
    vpce_ok, vpce_deny = _levels(comp, [[v] for v in policies.vpc_endpoints])
    denies.append(vpce_deny)
    ge, r_deny = _resource_levels(comp, policies, p)
    denies.append(r_deny)
    identity_ok = or_(id_allow, TRUE if p.kind == "root" else z3.BoolVal(False)) if iam else z3.BoolVal(False)
    grant = and_(identity_ok, boundary_ok)
    req = Request(p, fixed.action, fixed.resource, fixed.resource_account)
    arms = []
    for how in Match:
        above = ge.get(Match(how + 1), z3.BoolVal(False)) if how < Match.EXACT else z3.BoolVal(False)
        is_how = and_(ge.get(how, z3.BoolVal(False)) if how else TRUE, not_(above))
        for g in (True, False):
            for lim in (True, False):
                if combine_sides(req, how, g, lim):
                    arms.append(and_(is_how, grant if g else not_(grant), boundary_ok if lim else not_(boundary_ok)))
    return and_(not_(or_(denies)), scp_ok, rcp_ok, vpce_ok, or_(arms))


__all__ = ["Fixed", "Outcome", "Policies", "Unsupported", "solve"]
