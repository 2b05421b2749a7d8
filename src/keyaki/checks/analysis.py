"""The posture-check analysis of ``keyaki scan``: a finding per FAIL, and the scores section.

Scores follow Security Hub's security score
(https://docs.aws.amazon.com/securityhub/latest/userguide/standards-security-score.html): a control
FAILS when any of its checks fails on any resource, is NOT_EVALUATED when nothing failed but something
could not be evaluated, PASSES when every result passed; controls without results (no resources) or
without checks (manual) are left out. Unlike Security Hub, a control that could not be evaluated counts
against the score (``passed / (passed + failed + not_evaluated)``): unknown is never a pass.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from keyaki.checks.catalog import checks
from keyaki.checks.frameworks import frameworks, standards_of
from keyaki.checks.registry import Check, Context, Outcome, Result
from keyaki.findings.model import Evidence, Finding
from keyaki.findings.scores import control_record, rescore
from keyaki.snapshot import Snapshot
from keyaki.snapshot.layout import CALLS_BY_NAME, GLOBAL, call_path, org_path

if TYPE_CHECKING:
    from keyaki.scan import ScanOptions, Section

Results = dict[str, list[Result]]


def evaluate(snapshot: Snapshot, options: ScanOptions, only: Iterable[str] | None = None) -> tuple[Results, list[str]]:
    """Every (or ``only`` these) check's results, and the checks that crashed (reported, never hidden)."""
    ctx = Context(snapshot, options)
    registry = checks()
    out: Results = {}
    errors: list[str] = []
    for cid in only if only is not None else registry:
        try:
            out[cid] = list(ctx.run(registry[cid]))
        except Exception as exc:  # one buggy check must not sink the others; reported in the section
            errors.append(f"{cid}: {type(exc).__name__}: {exc}")
    return out, errors


def sources(check: Check[Any], result: Result) -> list[str]:
    """The snapshot files (or folders, for per-resource calls) the check read for this result."""
    out = []
    for need in check.meta.needs:
        service, op = need.split(" ", 1)
        call = CALLS_BY_NAME.get((service, op))
        if call is None or call.scope == "org":
            out.append(org_path(op))
            continue
        region = GLOBAL if call.scope == "global" else result.region
        path = call_path(result.account, region, service, op)
        out.append(path[: -len(".json")] + "/" if call.key else path)
    return out


def findings(results: Results) -> Iterator[Finding]:
    """One finding per FAIL result, with the check's metadata, evidence and standards."""
    registry, refs = checks(), standards_of()
    for cid, rs in results.items():
        check = registry[cid]
        seen: Counter[tuple[str, str]] = Counter()
        for r in rs:
            if r.outcome is not Outcome.FAIL:
                continue
            seen[(r.resource, r.region)] += 1
            yield Finding.make(
                type=f"check/{cid}",
                severity=check.meta.severity,
                title=f"Failed: {check.meta.title}",
                resource=r.resource,
                account=r.account or None,
                region=None if r.region == GLOBAL else r.region,
                discriminator=f"{cid}#{seen[(r.resource, r.region)]}",
                evidence=Evidence(
                    summary=r.summary,
                    details={"check": cid, "observed": dict(r.details), "rationale": check.meta.rationale},
                    sources=sources(check, r),
                ),
                remediation=check.meta.remediation,
                resource_type=check.meta.resource_type,
                standards=list(refs.get(cid, ())),
            )


def _counts(results: list[Result]) -> dict[str, int]:
    n = Counter(r.outcome for r in results)
    return {"passed": n[Outcome.PASS], "failed": n[Outcome.FAIL], "not_evaluated": n[Outcome.NOT_EVALUATED]}


def _records(per_control: dict[str, list[Result]]) -> list[dict[str, Any]]:
    """One record per control with results: its result counts, overall and per account."""
    out = []
    for control, rs in per_control.items():
        if not rs:
            continue
        owners = sorted({r.account for r in rs if r.account})
        by_account = {a: _counts([r for r in rs if r.account == a]) for a in owners}
        out.append(control_record(control, by_account, _counts([r for r in rs if not r.account])))
    return out


def scores(results: Results) -> dict[str, Any]:
    """The ``scores`` section: per standard (and per account) control tallies, and per-check counts.

    Each standard lists its scored ``controls`` with their result counts; :func:`keyaki.findings.scores.rescore`
    derives the statuses and tallies from them (and, in a scan, from the suppressed findings).
    """
    accounts = sorted({r.account for rs in results.values() for r in rs if r.account})
    standards = []
    for fw in frameworks().values():
        per_control = {
            c: [r for cid in ctl.checks for r in results.get(cid, [])] for c, ctl in fw.controls.items() if ctl.checks
        }
        entry: dict[str, Any] = {"standard": fw.standard, "controls": _records(per_control)}
        entry["by_account"] = dict.fromkeys(accounts)
        standards.append(entry)
    section: dict[str, Any] = {"standards": standards}
    per_check = []
    for cid, rs in results.items():
        n = Counter(r.outcome for r in rs)
        per_check.append(
            {
                "check": cid,
                "passed": n[Outcome.PASS],
                "failed": n[Outcome.FAIL],
                "not_evaluated": n[Outcome.NOT_EVALUATED],
            }
        )
    section["checks"] = per_check
    return rescore(section, ())


def posture_checks(snapshot: Snapshot, options: ScanOptions) -> Iterator[Finding | Section]:
    """The ``checks`` analysis: findings for every FAIL and the ``scores`` section."""
    from keyaki.scan import Section  # keyaki.scan registers this analysis: import at call time

    results, errors = evaluate(snapshot, options)
    yield from findings(results)
    data = scores(results)
    if errors:
        data["errors"] = errors
    yield Section("scores", data)
