"""Printer: :class:`ast.Policy` → the JSON IAM accepts, in the forms the source used.

``parse_policy(print_policy(p)) == p`` for every parsed policy (a Hypothesis property test holds
this). Grammar: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html

>>> from keyaki.iam.parse import parse_policy
>>> doc = {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}}
>>> to_json(parse_policy(doc)) == doc
True
"""

from __future__ import annotations

import json
from typing import Any

from keyaki.iam import ast


def _values(vl: ast.ValueList) -> Any:
    return vl.items[0].text if vl.scalar else [v.text for v in vl.items]


def _principal(pb: ast.PrincipalBlock) -> Any:
    if pb.wildcard:
        return "*"
    return {kind: _values(vl) for kind, vl in pb.entries}


def _conditions(clauses: tuple[ast.ConditionClause, ...]) -> dict[str, Any]:
    out: dict[str, dict[str, Any]] = {}
    for c in clauses:
        vals = [v.value for v in c.values]
        out.setdefault(c.operator_text, {})[c.key] = vals[0] if c.scalar else vals
    return out


def statement_to_json(s: ast.Statement) -> dict[str, Any]:
    """One statement as a JSON object (element order as in AWS's documentation)."""
    out: dict[str, Any] = {}
    if s.sid is not None:
        out["Sid"] = s.sid
    out["Effect"] = s.effect.value
    for name, pb in (("Principal", s.principal), ("NotPrincipal", s.not_principal)):
        if pb is not None:
            out[name] = _principal(pb)
    for name, vl in (
        ("Action", s.action),
        ("NotAction", s.not_action),
        ("Resource", s.resource),
        ("NotResource", s.not_resource),
    ):
        if vl is not None:
            out[name] = _values(vl)
    if s.conditions:
        out["Condition"] = _conditions(s.conditions)
    return out


def to_json(policy: ast.Policy) -> dict[str, Any]:
    """The policy as a JSON-ready dict."""
    out: dict[str, Any] = {}
    if policy.version is not None:
        out["Version"] = policy.version
    if policy.id is not None:
        out["Id"] = policy.id
    stmts = [statement_to_json(s) for s in policy.statements]
    out["Statement"] = stmts[0] if policy.statement_scalar and len(stmts) == 1 else stmts
    return out


def print_policy(policy: ast.Policy, *, indent: int | None = 2) -> str:
    """The policy as JSON text."""
    return json.dumps(to_json(policy), indent=indent)
