"""The conditions an answer needs, in words: the free clauses the witness relies on, as groups.

Free clauses of the ``Allow`` statements the witness used (all must hold), and of the ``Deny`` statements
that would apply to it if their free clauses held (so they must not all hold). Operators are described
by ``access.describe`` (IAM User Guide, "IAM JSON policy elements: Condition operators",
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html).
The keys a route through a VPC endpoint fixes (``aws:SourceVpce``, ``aws:SourceVpc``) are shown as
conditions: the caller chose the route (``access.routes``).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from keyaki.access import describe
from keyaki.access.bounds import Cover, Free, bound, clause_is_free, resource_cover
from keyaki.access.endpoints import SOURCE_VPC, SOURCE_VPCE
from keyaki.access.estate import Doc
from keyaki.iam import ast
from keyaki.iam.authorize import Decision
from keyaki.iam.evaluate import Request, compile_policy

if TYPE_CHECKING:
    from keyaki.access.engine import Engine, Question


def of(
    engine: Engine, q: Question, docs: dict[str, Doc], request: dict[str, Any], exact: Decision
) -> tuple[dict[str, Any], ...]:
    """The condition groups of one replayed witness (see the module docstring)."""
    route = {SOURCE_VPCE.lower(), SOURCE_VPC.lower()} if q.endpoint is not None else set()
    fixed = frozenset(k.lower() for k in engine.context(q)) - route
    free = Free(fixed, q.target if q.object_space else None)
    out: list[dict[str, Any]] = []
    for ref in exact.matched_statements:
        if ref.effect != "Allow" or ref.policy not in docs:
            continue
        d = docs[ref.policy]
        st = _statement(d.policy, ref.statement)
        clauses = [c for c in st.conditions if clause_is_free(c, free, d.policy.allows_variables)]
        if clauses:
            out.append(_group("Allow", ref.policy, d, st, clauses))
        vl = st.resource
        if q.object_space and vl is not None and resource_cover(vl, free, d.policy.allows_variables) is Cover.SOME:
            shown = " or ".join(f'"{x}"' for x in vl.texts())
            out.append({**_group("Allow", ref.policy, d, st, []), "text": f"resource like {shown}"})
    for label, d in docs.items():
        for st in d.policy.statements:
            if st.effect is ast.Effect.DENY and _deny_threatens(d, st, free, request):
                clauses = [c for c in st.conditions if clause_is_free(c, free, d.policy.allows_variables)]
                out.append(_group("Deny", label, d, st, clauses))
    return tuple(out)


def _deny_threatens(d: Doc, st: ast.Statement, free: Free, request: dict[str, Any]) -> bool:
    variables = d.policy.allows_variables
    if not any(clause_is_free(c, free, variables) for c in st.conditions):
        return False
    one = replace(d.policy, statements=(st,))
    widened = bound(one, free, upper=False)  # the Deny with its free parts assumed to hold
    if not widened.statements:
        return False
    req = Request.make(request["principal"], request["action"], request["resource"],
                       resource_account=request["resource_account"], context=request["context"])  # fmt: skip
    return bool(compile_policy(widened).evaluate(req, req.new_context()))


def _statement(pol: ast.Policy, index: int) -> ast.Statement:
    return next((s for s in pol.statements if s.index == index), pol.statements[index])


def _group(effect: str, label: str, d: Doc, st: ast.Statement, clauses: list[ast.ConditionClause]) -> dict[str, Any]:
    src = {"policy": label, "name": d.name, "file": d.file}
    joined = " and ".join(describe.text(c) for c in clauses)
    text = joined if effect == "Allow" else f"not ({joined})"
    return {
        "effect": effect,
        "text": text,
        **src,
        "statement": st.index,
        "sid": st.sid,
        "clauses": [describe.clause_json(c, {}, st) for c in clauses],
    }
