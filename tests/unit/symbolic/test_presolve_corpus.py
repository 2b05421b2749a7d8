"""Containment on the AWS managed policies (``$KEYAKI_CORPORA/aws-managed-policies``, ``make corpus``):
each ``Allow`` statement of each policy (with the policy's ``Deny`` statements) against
ReadOnlyAccess, ViewOnlyAccess, PowerUserAccess, AdministratorAccess and its own policy. Every
containment PASS is checked against the evaluator on the statement's own candidate requests, and a
sample of them against the solver alone: never a FAIL."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from keyaki.iam import ast
from keyaki.iam.evaluate import compile_policy
from keyaki.iam.parse import parse_policy
from keyaki.symbolic import Checker, presolve
from keyaki.symbolic.replay import decide

pytestmark = pytest.mark.corpus
REFERENCES = ("ReadOnlyAccess", "ViewOnlyAccess", "PowerUserAccess", "AdministratorAccess")


def _policies() -> dict[str, ast.Policy]:
    root = os.environ.get("KEYAKI_CORPORA")
    folder = Path(root) / "aws-managed-policies" if root else None
    if folder is None or not folder.is_dir():
        pytest.skip("KEYAKI_CORPORA unset or aws-managed-policies absent")
    out = {}
    for path in sorted(folder.iterdir()):
        text = path.read_text()
        if text.strip():  # two files of the corpus are empty
            raw = json.loads(text)
            out[path.name] = parse_policy(raw.get("PolicyVersion", {}).get("Document", raw))
    return out


def test_containment_passes_on_the_managed_policies_hold() -> None:
    policies = _policies()
    compiled = {id(p): compile_policy(p) for p in policies.values()}
    contained: list[tuple[str, ast.Policy, str]] = []
    for name, pol in policies.items():
        denies = tuple(st for st in pol.statements if st.effect is ast.Effect.DENY)
        for i, st in enumerate(pol.statements):
            if st.effect is not ast.Effect.ALLOW:
                continue
            new = ast.Policy((st, *denies), pol.version)
            contained += [(f"{name}#{i}", new, r) for r in (*REFERENCES, name) if presolve.contained(new, policies[r])]
    assert len(contained) > 10_000
    for label, new, ref in contained:
        for w in presolve.candidates(new, per_statement=20):
            if decide(new, w) == "allowed":
                assert decide(policies[ref], w, compiled[id(policies[ref])]) == "allowed", (label, ref, w)
    checker = Checker(timeout_ms=20_000, presolve=False)
    for label, new, ref in contained[::200]:
        assert checker.verify_no_new_access(new, policies[ref], "IDENTITY_POLICY").result != "FAIL", (label, ref)
