"""Witnesses: a z3 model → a request in the ``keyaki iam simulate`` case format → the concrete evaluator.

Every SAT answer is turned into a concrete request (issue 3's case format: ``principal``, ``action``,
``resource``, ``context``) and decided again by ``keyaki.iam`` (``CompiledPolicy.decide`` for one
policy, ``authorize`` for a whole case). The property states what the concrete answers must be; if
they are not, and the compiler modelled everything, that is a bug in one of the two sides and
:class:`ReplayMismatch` is raised with both answers (it is never shown as a finding).

>>> from keyaki.iam.parse import parse_policy
>>> decide(parse_policy({"Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}}),
...        {"principal": "anonymous", "action": "s3:getobject", "resource": "arn:aws:s3:::b/k"})
'allowed'
"""

from __future__ import annotations

import ipaddress
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import z3

from keyaki.iam import ast
from keyaki.iam.case import simulate
from keyaki.iam.evaluate import Request, compile_policy
from keyaki.symbolic.term import Key, Kind, Slot, Sort, SymRequest

__all__ = ["ReplayMismatch", "decide", "simulate_case", "witness_request"]


class ReplayMismatch(AssertionError):
    """The solver and the concrete evaluator disagree on a witness: a bug, with both answers."""

    def __init__(self, message: str, *, symbolic: Any, concrete: Any, witness: dict[str, Any]) -> None:
        self.symbolic, self.concrete, self.witness = symbolic, concrete, witness
        super().__init__(f"{message}: solver says {symbolic}, evaluator says {concrete}; witness {witness}")


def _str(model: z3.ModelRef, e: z3.ExprRef) -> str:
    return str(model.eval(e, model_completion=True).as_string())


def _bool(model: z3.ModelRef, e: z3.ExprRef) -> bool:
    return z3.is_true(model.eval(e, model_completion=True))


def _int(model: z3.ModelRef, e: z3.ExprRef) -> int:
    v = model.eval(e, model_completion=True)
    return v.as_long()


def slot_value(model: z3.ModelRef, key: Key, sl: Slot) -> str:
    """One value of a key as AWS would send it (text; numbers, dates and addresses printed)."""
    match key.sort:
        case Sort.STRING | Sort.ARN:
            return _str(model, sl.text)
        case Sort.NUMBER:
            if not _bool(model, sl.ok):
                return "not-a-number"
            assert sl.num is not None
            return str(Decimal(_int(model, sl.num)) / Decimal(key.scale))
        case Sort.DATE:
            if not _bool(model, sl.ok):
                return "not-a-date"
            assert sl.num is not None
            return datetime.fromtimestamp(_int(model, sl.num), UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        case Sort.IP:
            if not _bool(model, sl.ok):
                return "not-an-ip"
            assert sl.addr is not None
            raw = _int(model, sl.addr)
            return str(ipaddress.IPv6Address(raw) if _bool(model, sl.v6) else ipaddress.IPv4Address(raw))


def witness_request(model: z3.ModelRef, req: SymRequest) -> dict[str, Any]:
    """The request of a model, in the case format's ``request`` shape."""
    context: dict[str, Any] = {}
    for name in sorted(req.keys):
        key = req.keys[name]
        if key.derived or not _bool(model, key.present):
            continue
        if key.multi:
            assert key.count is not None
            n = _int(model, key.count)
            context[name] = [slot_value(model, key, key.slots[i]) for i in range(n)]
        else:
            context[name] = slot_value(model, key, key.slots[0])
    return {
        "principal": principal_text(model, req),
        "action": action_text(model, req),
        "resource": _str(model, req.resource_text()),
        "context": context,
    }


_DEFAULTS = {
    Kind.USER: "arn:aws:iam::111122223333:user/witness",
    Kind.ROLE: "arn:aws:iam::111122223333:role/witness",
    Kind.ASSUMED_ROLE: "arn:aws:sts::111122223333:assumed-role/witness/session",
    Kind.FEDERATED_USER: "arn:aws:sts::111122223333:federated-user/witness",
    Kind.ROOT: "arn:aws:iam::111122223333:root",
    Kind.SERVICE: "witness.amazonaws.com",
    Kind.ANONYMOUS: "anonymous",
}


def action_text(model: z3.ModelRef, req: SymRequest) -> str:
    if req.actions is not None:
        return req.actions.names[_int(model, req.actions.var)]
    return _str(model, req.action_text())


def principal_text(model: z3.ModelRef, req: SymRequest) -> str:
    """The principal of a model; a fixed one of the model's kind when no policy read the principal."""
    p = req.principal
    raw = _int(model, p.kind)
    kind = Kind(raw) if 0 <= raw <= int(Kind.ANONYMOUS) else Kind.USER
    if not req.uses_principal:
        return _DEFAULTS[kind]
    acct, path, name = _str(model, p.account), _str(model, p.path), _str(model, p.name)
    match kind:
        case Kind.USER | Kind.ROLE:
            return f"arn:aws:iam::{acct}:{kind.name.lower()}/{path}{name}"
        case Kind.ASSUMED_ROLE:
            return f"arn:aws:sts::{acct}:assumed-role/{name}/{_str(model, p.session)}"
        case Kind.FEDERATED_USER:
            return f"arn:aws:sts::{acct}:federated-user/{name}"
        case Kind.ROOT:
            return f"arn:aws:iam::{acct}:root"
        case Kind.SERVICE:
            return _str(model, p.service)
    return "anonymous"


def concrete_request(request: dict[str, Any]) -> Request:
    context = request.get("context", {})
    return Request.make(request["principal"], request["action"], request["resource"], context=context)


def decide(policy: ast.Policy, request: dict[str, Any]) -> str:
    """The concrete decision of one policy alone (``allowed``/``explicitDeny``/``implicitDeny``)."""
    req = concrete_request(request)
    return compile_policy(policy).decide(req, req.new_context())


def simulate_case(case: dict[str, Any]) -> str:
    """The concrete decision of a whole simulate case (``keyaki.iam.case.simulate``)."""
    return simulate(case).decision
