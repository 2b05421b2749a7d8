"""Benchmark: ``who-can`` for every resource of the demo organisation (target: under 5 s).

Prints the time of ``who_can`` over every resource with a policy (every principal, every action of the
resource type, with bounds, the concrete search and the solver, each answer replayed), and, as the
same-process baseline, a concrete-only enumeration: one ``keyaki.iam.authorize`` call per principal,
action and resource with the known context and no free part resolved (it cannot say "conditionally"
or prove "always"; it is the floor of what any exact answer costs). Also prints the answers by level,
the solver calls, and the external-access analysis time.

    .venv/bin/python bench/access.py
"""

from __future__ import annotations

import time
from collections import Counter

from keyaki.access.engine import Engine, Question
from keyaki.access.estate import Estate
from keyaki.access.findings import external_findings
from keyaki.access.whocan import external_actors, who_can
from keyaki.cli.scan import demo_path
from keyaki.snapshot import open_snapshot


def baseline(est: Estate) -> tuple[float, int]:
    """Concrete-only enumeration (same principals, actions and policies, one decision each)."""
    engine = Engine(est)
    start = time.perf_counter()
    n = 0
    for res in est.resources:
        for actor in [*est.actors, *external_actors(est, res)]:
            for t in engine.targets(res):
                q = Question(actor, t.action, res, t.object_space)
                engine.authorize(q, engine.docs(q), engine.request(q, engine.context(q)))
                n += 1
    return time.perf_counter() - start, n


def main() -> None:
    snap = open_snapshot(demo_path())
    est = Estate.load(snap)
    engine = Engine(est)
    engine.targets(est.resources[0])  # load the reference data outside the timings
    base, decisions = baseline(est)
    start, cpu = time.perf_counter(), time.process_time()
    levels: Counter[str] = Counter()
    for res in est.resources:
        out = who_can(engine, res.arn)
        levels.update(a["level"] for p in out["principals"] for a in p["access"])
    whocan, whocan_cpu = time.perf_counter() - start, time.process_time() - cpu
    start = time.perf_counter()
    findings, _ = external_findings(snap, "organization")
    external = time.perf_counter() - start
    print(f"resources: {len(est.resources)}, principals in the snapshot: {len(est.actors)}")
    print(f"baseline (concrete only): {decisions} decisions in {base:.2f} s")
    verdict = "OK" if whocan < 5 else "OVER TARGET"
    print(f"who-can, every resource:  {whocan:.2f} s ({whocan / base:.2f}x the baseline; target < 5 s: {verdict})")
    print(f"  CPU time of this process: {whocan_cpu:.2f} s (wall time counts other processes on a busy machine)")
    print(
        f"  answers: {dict(sorted(levels.items()))}; solver calls: {engine.solver_calls}; "
        f"decided by the concrete search: {engine.searched}"
    )
    print(f"external access analysis: {external:.2f} s, {len(findings)} findings")


if __name__ == "__main__":
    main()
