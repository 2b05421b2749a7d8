"""Benchmark: compiled IAM policy evaluation over every AWS managed policy, against a naive baseline.

Policies come from ``$KEYAKI_CORPORA/aws-managed-policies`` (default ``../shared/corpora``); without
them the benchmark says so and exits 0. Requests are generated from the policies themselves
(concrete actions and ARNs derived from their patterns, plus actions of other services) with a
fixed seed. A decision = one policy evaluated for one request (``CompiledPolicy.decide``).

The baseline re-interprets the AST on every call (every statement re-compiled, no service index),
run in the same process on the same requests; both must give the same decisions.

    .venv/bin/python bench/iam_evaluate.py
"""

from __future__ import annotations

import os
import random
import sys
import time
from pathlib import Path

from keyaki.iam import ast
from keyaki.iam.evaluate import ALLOWED, EXPLICIT_DENY, IMPLICIT_DENY, CompiledPolicy, Request, compile_statement
from keyaki.iam.parse import parse_policy

ACCOUNT = "111122223333"
PRINCIPAL = f"arn:aws:iam::{ACCOUNT}:role/BenchRole"
CONTEXT = {
    "aws:SourceIp": "203.0.113.7",
    "aws:MultiFactorAuthPresent": "true",
    "aws:RequestedRegion": "us-east-1",
    "aws:PrincipalTag/team": "blue",
    "aws:TagKeys": ["team", "env"],
    "aws:CalledVia": ["cloudformation.amazonaws.com"],
}


def corpora() -> Path | None:
    root = os.environ.get("KEYAKI_CORPORA") or str(Path(__file__).resolve().parents[1] / ".." / "shared" / "corpora")
    folder = Path(root) / "aws-managed-policies"
    return folder if folder.is_dir() else None


def concrete(pattern: str, rng: random.Random) -> str:
    """A concrete string the pattern (usually) matches: wildcards filled with plausible text."""
    out = pattern.replace("${aws:username}", "alice")
    out = "".join(rng.choice(["Describe", "Get", "x", ""]) if c == "*" else ("a" if c == "?" else c) for c in out)
    return out


def requests_for(policy: ast.Policy, pool: list[str], rng: random.Random, n: int) -> list[Request]:
    actions: list[str] = []
    resources: list[str] = ["*"]
    for s in policy.statements:
        actions += [concrete(a, rng) for a in (s.action or s.not_action or ast.ValueList(())).texts()]
        resources += [concrete(r, rng) for r in (s.resource or s.not_resource or ast.ValueList(())).texts()]
    out = []
    for i in range(n):
        action = rng.choice(actions) if actions and i % 2 == 0 else rng.choice(pool)
        if ":" not in action:
            action = rng.choice(pool)
        resource = rng.choice(resources)
        if resource != "*" and not resource.startswith("arn:"):
            resource = "*"
        out.append(Request.make(PRINCIPAL, action, resource, resource_account=ACCOUNT, context=CONTEXT))
    return out


def naive_decide(policy: ast.Policy, req: Request) -> str:
    """The baseline: re-interpret the AST on every call (compile each statement, no index)."""
    ctx = req.new_context()
    action = req.action.lower()
    effects = []
    for s in policy.statements:
        if compile_statement(s, policy.allows_variables).applies(req, action, ctx):
            effects.append(s.effect)
    if ast.Effect.DENY in effects:
        return EXPLICIT_DENY
    return ALLOWED if effects else IMPLICIT_DENY


def main() -> int:
    folder = corpora()
    if folder is None:
        print("bench/iam_evaluate.py: no corpora (set KEYAKI_CORPORA); nothing to measure")
        return 0
    rng = random.Random(20260101)
    policies = []
    for path in sorted(folder.iterdir()):
        text = path.read_text(encoding="utf-8")
        if text.strip():
            policies.append(parse_policy(text, file=path.name))
    pool = sorted({a for p in policies for s in p.statements for a in (s.action.texts() if s.action else ())})
    pool = [concrete(a, rng) for a in pool if ":" in a]
    t0 = time.perf_counter()
    compiled = [CompiledPolicy(p) for p in policies]
    compile_s = time.perf_counter() - t0
    work = [(c, p, requests_for(p, pool, rng, 20)) for c, p in zip(compiled, policies, strict=True)]
    pairs = [(c, p, r, r.new_context()) for c, p, reqs in work for r in reqs]

    rounds, t0 = 3, time.perf_counter()
    for _ in range(rounds):
        fast = [c.decide(r, ctx) for c, _, r, ctx in pairs]
    fast_rate = rounds * len(pairs) / (time.perf_counter() - t0)

    sample = pairs[:: max(1, len(pairs) // 3000)]
    t0 = time.perf_counter()
    slow = [naive_decide(p, r) for _, p, r, _ in sample]
    slow_rate = len(sample) / (time.perf_counter() - t0)
    agree = sum(a == b for a, b in zip(slow, [c.decide(r, ctx) for c, _, r, ctx in sample], strict=True))

    counts = {d: fast.count(d) for d in (ALLOWED, EXPLICIT_DENY, IMPLICIT_DENY)}
    print(f"policies: {len(policies)} (compiled in {compile_s:.2f} s), decisions per round: {len(pairs)}")
    print(f"decisions: {counts}")
    print(f"compiled evaluator: {fast_rate:,.0f} decisions/s (one core)")
    print(f"naive baseline (re-interpret AST each call): {slow_rate:,.0f} decisions/s")
    print(f"ratio: {fast_rate / slow_rate:.1f}x; baseline agreement: {agree}/{len(sample)}")
    return 0 if agree == len(sample) else 1


if __name__ == "__main__":
    sys.exit(main())
