"""Per-standard and per-account scores that follow the findings' workflow status.

Security Hub computes a control's status without the findings whose workflow status is
``SUPPRESSED`` (Security Hub User Guide, "Evaluating and updating control status":
https://docs.aws.amazon.com/securityhub/latest/userguide/controls-overall-status.html):
a control whose only failed findings are suppressed passes. keyaki does the same, and hides nothing:
every tally says how many controls passed only because of suppressions (``controls_suppressed``) and
how many failed results were suppressed (``findings_suppressed``). A rule that has expired applies to
nothing, so its findings are ACTIVE and fail their controls again.

The posture-check analysis writes, per standard, one record per scored control with its result
counts (``passed``, ``failed``, ``not_evaluated``), overall and per account (:func:`control_record`);
:func:`rescore` then derives every status and tally from those counts and the findings:

- FAILED when a failed result is not suppressed;
- else NOT_EVALUATED when a result could not be evaluated (unknown is never a pass);
- else PASSED (every result passed, or every failed result is suppressed);
- a control without results is not scored.

>>> rec = control_record("1.4", {"111122223333": {"passed": 0, "failed": 1, "not_evaluated": 0}})
>>> status(rec), status(rec, suppressed=1)
('FAILED', 'PASSED')
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from keyaki.findings.model import Finding, Status

PASSED, FAILED, NOT_EVALUATED = "PASSED", "FAILED", "NOT_EVALUATED"
COUNTS = ("passed", "failed", "not_evaluated")


def control_record(
    control: str, by_account: Mapping[str, Mapping[str, int]], unowned: Mapping[str, int] | None = None
) -> dict[str, Any]:
    """One control's result counts: the sum over accounts (plus results with no account), and each account's."""
    total = Counter({k: 0 for k in COUNTS})
    for counts in [*by_account.values(), *([unowned] if unowned else [])]:
        total.update({k: counts.get(k, 0) for k in COUNTS})
    return {
        "control": control,
        **_counted(total),
        "by_account": {a: _counted(c) for a, c in sorted(by_account.items())},
    }


def _counted(counts: Mapping[str, int]) -> dict[str, Any]:
    """Status (no suppression yet), suppressed findings, then the result counts."""
    return {"status": status(counts), "suppressed": 0, **{k: counts.get(k, 0) for k in COUNTS}}


def status(counts: Mapping[str, Any], suppressed: int = 0) -> str | None:
    """The control status of these result counts when ``suppressed`` of the failed results are suppressed."""
    failed = int(counts.get("failed", 0))
    if failed - min(suppressed, failed) > 0:
        return FAILED
    if int(counts.get("not_evaluated", 0)):
        return NOT_EVALUATED
    if failed or int(counts.get("passed", 0)):
        return PASSED
    return None


def suppressed_counts(findings: Iterable[Finding]) -> Counter[tuple[str, str, str]]:
    """(standard, control, account) -> how many suppressed posture-check findings fail it."""
    out: Counter[tuple[str, str, str]] = Counter()
    for f in findings:
        if f.status is not Status.SUPPRESSED or not f.type.startswith("check/"):
            continue
        for ref in f.standards:
            out[(ref.standard, ref.control, f.account or "")] += 1
    return out


def tally(rows: Iterable[tuple[Mapping[str, Any], int]]) -> dict[str, Any]:
    """Control tallies and the score (passed / scored) of (counts, suppressed findings) rows."""
    n: Counter[str | None] = Counter()
    hidden = findings = 0
    for counts, suppressed in rows:
        now = status(counts, suppressed)
        n[now] += 1
        applied = min(suppressed, int(counts.get("failed", 0)))
        findings += applied
        hidden += bool(applied) and now != FAILED
    passed, failed, unknown = n[PASSED], n[FAILED], n[NOT_EVALUATED]
    total = passed + failed + unknown
    return {
        "controls_passed": passed,
        "controls_failed": failed,
        "controls_not_evaluated": unknown,
        "controls_suppressed": hidden,
        "findings_suppressed": findings,
        "score": round(passed / total, 4) if total else 0.0,
    }


def rescore(section: dict[str, Any], findings: Iterable[Finding]) -> dict[str, Any]:
    """Recompute the ``scores`` section's statuses and tallies from its control records and the findings.

    Standards without control records (an older producer) are left as they are.
    """
    hidden = suppressed_counts(findings)
    for std in section.get("standards", []):
        records = std.get("controls")
        if not isinstance(records, list):
            continue
        name = std.get("standard", "")
        rows = []
        accounts: dict[str, list[tuple[Mapping[str, Any], int]]] = {a: [] for a in std.get("by_account", {})}
        for rec in records:
            per_account = {a: hidden[(name, rec["control"], a)] for a in rec.get("by_account", {})}
            total = sum(per_account.values()) + hidden[(name, rec["control"], "")]
            rec["status"], rec["suppressed"] = status(rec, total), min(total, int(rec.get("failed", 0)))
            rows.append((rec, total))
            for a, counts in rec.get("by_account", {}).items():
                counts["status"], counts["suppressed"] = status(counts, per_account[a]), per_account[a]
                accounts.setdefault(a, []).append((counts, per_account[a]))
        std.pop("by_account", None), std.pop("controls")
        std.update(tally(rows))  # tallies first, then accounts and controls: readable JSON
        std["by_account"] = {a: tally(rows_a) for a, rows_a in sorted(accounts.items())}
        std["controls"] = records
    return section
