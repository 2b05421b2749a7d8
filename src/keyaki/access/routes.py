"""A question decided over its routes: through each VPC endpoint of the snapshot, or any other way.

See ``access.endpoints`` for what a route is (IAM User Guide, "Policy evaluation logic",
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html: a request that
passes a VPC endpoint must also be allowed by the endpoint's policy). The routes partition the requests
of a question, so the answers combine exactly: allowed on some route and denied on some → conditionally
(the witness's route is one of its conditions); allowed on every route for every context → always;
denied everywhere → absent; a route left unknown makes the combination unknown unless another route
settles it. Each route is decided by the engine's three stages and its witness replayed; the witness of
an endpoint route carries the endpoint policy (``vpc_endpoint_policies``) in its simulate case.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from keyaki.access.endpoints import SOURCE_VPC, SOURCE_VPCE, Endpoint
from keyaki.access.estate import Doc

if TYPE_CHECKING:
    from keyaki.access.engine import Answer, Engine, Question

_LABEL = "vpc_endpoint_policies[0]"


def decide(engine: Engine, q: Question, docs: dict[str, Doc], endpoints: tuple[Endpoint, ...]) -> Answer:
    """The answer over every route of the question."""
    from keyaki.access.engine import ABSENT, Answer  # deferred: the engine imports this module

    ctx, free, _ = engine._free(q, docs)
    if engine.monotone(q, docs) and not engine.authorize(q, docs, engine.request(q, ctx), free, upper=True).allowed:
        return Answer(ABSENT)  # no route can allow more than the question without its endpoint policies
    eps = engine.endpoints
    exclude = dict(q.exclude)
    exclude["aws:sourcevpce"] = exclude.get("aws:sourcevpce", frozenset()) | eps.ids
    exclude["aws:sourcevpc"] = exclude.get("aws:sourcevpc", frozenset()) | eps.vpcs
    base = replace(q, exclude=exclude)
    answers: list[tuple[Question, Answer]] = [(base, engine.decide_route(base, docs))]
    for e in endpoints:
        rq = replace(q, endpoint=e)
        answers.append((rq, engine.decide_route(rq, engine.docs(rq))))
    return combine(engine, answers)


def combine(engine: Engine, answers: list[tuple[Question, Answer]]) -> Answer:
    """One answer from the answers of the routes (see the module docstring)."""
    from keyaki.access.engine import ABSENT, ALWAYS, CONDITIONALLY, UNKNOWN, Answer

    reasons = tuple(dict.fromkeys(r for _, a in answers for r in a.reasons))
    allowing = [(rq, a) for rq, a in answers if a.witness is not None and a.level != ABSENT]
    if not allowing:
        return Answer(UNKNOWN, reasons=reasons) if any(a.level == UNKNOWN for _, a in answers) else Answer(ABSENT)
    if all(a.level == ALWAYS for _, a in answers):
        return allowing[0][1]
    denied = [rq for rq, a in answers if a.level in (ABSENT, CONDITIONALLY)]
    rq, best = min(allowing, key=lambda x: x[1].level == UNKNOWN)  # a decided route first
    level = CONDITIONALLY if denied else UNKNOWN
    assert best.witness is not None
    request = best.witness["request"]
    docs = engine.docs(rq)
    exact = engine.authorize(rq, docs, request)
    conditions = [*engine.conditions(rq, docs, request, exact)]
    if rq.endpoint is not None:
        conditions.append(_through(rq.endpoint, exact))
    for d, a in answers:
        if a.level == ABSENT and d.endpoint is not None and _policy_denies(engine, d, d.endpoint, request):
            conditions.append(_not_through(d.endpoint))
    return replace(best, level=level, conditions=tuple(conditions), reasons=reasons if level == UNKNOWN else ())


def _policy_denies(engine: Engine, q: Question, e: Endpoint, request: dict[str, Any]) -> bool:
    """Whether the witness, sent through ``e``, would be allowed but for the endpoint's policy (then
    "not through ``e``" is a condition of its own; otherwise the other conditions already rule it out)."""
    plain = replace(q, endpoint=None)
    through = {**request, "context": dict(sorted({**request["context"], **e.context}.items()))}
    return engine.authorize(plain, engine.docs(plain), through).allowed


def _clause(e: Endpoint) -> dict[str, Any]:
    return {
        "text": f'{SOURCE_VPCE} = "{e.id}"',
        "operator": "StringEquals",
        "key": SOURCE_VPCE,
        "values": [e.id],
        "location": "",
    }


def _group(e: Endpoint, effect: str, text: str, statement: int | None) -> dict[str, Any]:
    return {
        "effect": effect,
        "text": text,
        "policy": _LABEL,
        "name": f"VPC endpoint {e.id}",
        "file": e.view.source,
        "statement": statement,
        "sid": None,
        "clauses": [_clause(e)],
        "endpoint": {"id": e.id, "vpc": e.view.vpc, "service": e.view.service_name, "account": e.account},
    }


def _through(e: Endpoint, exact: Any) -> dict[str, Any]:
    """The route of the witness: through this endpoint, whose policy allows the request."""
    used = [m.statement for m in exact.matched_statements if m.policy == _LABEL and m.effect == "Allow"]
    text = f'{SOURCE_VPCE} = "{e.id}" and {SOURCE_VPC} = "{e.view.vpc}" (through the VPC endpoint; its policy allows)'
    return _group(e, "Allow", text, used[0] if used else None)


def _not_through(e: Endpoint) -> dict[str, Any]:
    """A route that is denied: the request must not pass this endpoint."""
    return _group(e, "Deny", f'not ({SOURCE_VPCE} = "{e.id}") (the VPC endpoint policy denies)', None)
