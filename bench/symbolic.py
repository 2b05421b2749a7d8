"""Benchmark: every AWS managed policy compared against ReadOnlyAccess and against itself.

Each check is ``verify_no_new_access(P, ReadOnlyAccess)`` or ``verify_no_new_access(P, P)`` (identity
policies) with one reused solver and cache, at a 10 s timeout. Prints the median, p99 and a
distribution per check, the count of each answer (UNKNOWN must be 0), and, as the same-process
baseline, the time the concrete evaluator takes to compile both policies and decide one request.

Data: ``$KEYAKI_CORPORA/aws-managed-policies`` (default ``../shared/corpora``); exits 0 with a
message when absent. ``--limit N`` runs the first N policies only; ``--solver-only`` turns off the
answers found before the solver (``keyaki.symbolic.presolve``), to measure the solver alone.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import statistics
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from keyaki.iam.ast import Policy
from keyaki.iam.evaluate import Request, compile_policy
from keyaki.iam.parse import parse_policy
from keyaki.symbolic import Checker

BUCKETS_MS = (5, 10, 20, 50, 100, 500, 1000, 10_000)


def corpus_dir() -> Path:
    root = Path(os.environ.get("KEYAKI_CORPORA", Path(__file__).resolve().parents[1] / ".." / "shared" / "corpora"))
    return root / "aws-managed-policies"


def load(folder: Path, limit: int | None) -> dict[str, Policy]:
    out: dict[str, Policy] = {}
    for path in sorted(folder.iterdir())[: limit or None]:
        text = path.read_text()
        if not text.strip():
            continue  # two files of the corpus are empty
        raw: Any = json.loads(text)
        doc = raw.get("PolicyVersion", {}).get("Document", raw) if isinstance(raw, dict) else raw
        out[path.name] = parse_policy(doc, file=str(path))
    return out


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def report(
    name: str, times: list[float], results: Counter[str], methods: dict[str, list[float]], baseline: float
) -> None:
    med, p99 = statistics.median(times), percentile(times, 0.99)
    print(f"{name}: n={len(times)} median={med:.1f} ms p99={p99:.1f} ms max={max(times):.1f} ms "
          f"(median {med / baseline:.2f}x the concrete baseline) results={dict(results)}")
    for method, ts in sorted(methods.items()):
        print(f"  decided by {method}: {len(ts)} checks, median {statistics.median(ts):.1f} ms, "
              f"p99 {percentile(ts, 0.99):.1f} ms")
    edges = (0, *BUCKETS_MS)
    for lo, hi in itertools.pairwise(edges):
        n = sum(lo <= t < hi for t in times)
        print(f"  {lo:>6}-{hi:<6} ms {n:>5} {'#' * (60 * n // len(times))}")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--timeout-ms", type=int, default=10_000)
    ap.add_argument("--solver-only", action="store_true", help="no containment test, no candidate requests")
    args = ap.parse_args()
    folder = corpus_dir()
    if not folder.is_dir():
        print(f"no corpus at {folder}: nothing to benchmark (set KEYAKI_CORPORA)")
        return 0
    policies = load(folder, args.limit)
    read_only = policies.get("ReadOnlyAccess") or load(folder, None)["ReadOnlyAccess"]
    checker = Checker(timeout_ms=args.timeout_ms, presolve=not args.solver_only)
    # same-process baseline: the concrete evaluator compiles both policies and decides one request
    req = Request.make("arn:aws:iam::111122223333:user/alice", "s3:GetObject", "arn:aws:s3:::b/k")
    base: list[float] = []
    for pol in policies.values():
        t = time.perf_counter()
        compile_policy(pol).decide(req, req.new_context())
        compile_policy(read_only).decide(req, req.new_context())
        base.append((time.perf_counter() - t) * 1000)
    baseline = statistics.median(base)
    print(f"baseline (concrete compile of both policies + one decision): median {baseline:.2f} ms")
    slow: list[tuple[float, str, str]] = []
    for label, other in (("vs ReadOnlyAccess", read_only), ("vs itself", None)):
        times, results, methods = [], Counter[str](), defaultdict[str, list[float]](list)
        for name, pol in policies.items():
            t = time.perf_counter()
            r = checker.verify_no_new_access(pol, other or pol, "IDENTITY_POLICY")
            ms = (time.perf_counter() - t) * 1000
            times.append(ms)
            results[r.result] += 1
            methods[str(r.details.get("method", "undecided"))].append(ms)
            slow.append((ms, label, name))
            if r.result == "UNKNOWN":
                print(f"  UNKNOWN {label} {name}: {'; '.join(r.reasons)[:200]}", file=sys.stderr)
        report(label, times, results, methods, baseline)
    print("slowest:", ", ".join(f"{n} ({lbl}) {ms:.0f} ms" for ms, lbl, n in sorted(slow, reverse=True)[:5]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
