"""Run every registered analysis over a snapshot and gather findings, coverage gaps and errors.

An analysis is a pure function ``(snapshot, options) -> Iterable[Finding | Section]``. Adding one = one
module and one registration line in :data:`ANALYSES`. Besides findings, an analysis may yield a
:class:`Section`: named data that goes into the report as it is (posture scores, the network exposure
facts that the vulnerability score reuses...). One analysis failing (a bug, an unexpected shape)
must not sink the scan: it is reported in ``analysis_errors`` and the others still run.

After the analyses, in this order: every finding gets its resource's tags (:mod:`keyaki.findings.tags`),
the suppression rules mark the findings they match (:mod:`keyaki.findings.suppress`), and the posture
scores are derived from the marked findings (:mod:`keyaki.findings.scores`, as Security Hub leaves
suppressed findings out of a control's status), so every report sees the same statuses and scores.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from keyaki.access import findings as access_findings
from keyaki.checks.analysis import posture_checks
from keyaki.findings.model import Evidence, Finding, Severity, account_arn, sort_key
from keyaki.findings.scores import rescore
from keyaki.findings.suppress import RulesFile, apply_rules
from keyaki.findings.tags import TagIndex, with_tags
from keyaki.network import findings as network_findings
from keyaki.snapshot import Gap, Snapshot


@dataclass(frozen=True, slots=True)
class ScanOptions:
    """Knobs shared by analyses. ``now`` defaults to the snapshot's creation time (reproducible ages)."""

    now: datetime
    trust: str = "organization"  # zone of trust for external access: "organization" or "account"
    unused_days: int = 90


@dataclass(frozen=True, slots=True)
class Section:
    """Named, JSON-ready data an analysis adds to the scan result besides findings."""

    name: str
    data: Any


Analysis = Callable[[Snapshot, ScanOptions], Iterable["Finding | Section"]]


def coverage_findings(snapshot: Snapshot, options: ScanOptions) -> Iterable[Finding]:
    """What the collector was refused (AccessDenied and the like): INFORMATIONAL findings.

    A refused call means every analysis that needed it is blind there; saying so is part of the
    answer. "Not collected" gaps (the user chose not to collect) are listed in the scan's
    ``coverage_gaps`` only.
    """
    for gap in snapshot.gaps():
        if gap.reason in ("not_collected", "unreadable") or gap.account is None:
            continue
        yield Finding.make(
            type="keyaki/coverage-gap",
            severity=Severity.INFORMATIONAL,
            title=f"{gap.service or 'AWS'} {gap.operation or 'call'} could not be read ({gap.reason})",
            resource=account_arn(gap.account),
            account=gap.account,
            region=gap.region,
            discriminator=gap.path,
            evidence=Evidence(
                summary=f"the collector was refused `{gap.operation}`: {gap.message}; analyses that need "
                "it could not look there",
                details={"gap": gap.to_json()},
                sources=[gap.path],
            ),
            remediation="Grant the collector role read access to this call (see `keyaki collect --print-policy`).",
        )


# --- registered analyses: one line each ----------------------------------------------------------
ANALYSES: dict[str, Analysis] = {
    "coverage": coverage_findings,
    "checks": posture_checks,
    "network": network_findings.analyze,
    "access": access_findings.analyze,
}


@dataclass
class ScanResult:
    """Everything a scan found, and everything it could not look at."""

    snapshot: str
    findings: list[Finding]
    gaps: list[Gap]
    errors: list[dict[str, str]] = field(default_factory=list)
    analyses: list[str] = field(default_factory=list)
    sections: dict[str, Any] = field(default_factory=dict)
    now: datetime | None = None  # the scan's time (the snapshot's creation time): reports stamp it

    def count_by_severity(self) -> dict[str, int]:
        counts = {s.value: 0 for s in Severity}
        for f in self.findings:
            counts[f.severity.value] += 1
        return counts

    def to_json(self) -> dict[str, Any]:
        return {
            "snapshot": self.snapshot,
            "analyses": self.analyses,
            "summary": {"findings": len(self.findings), "by_severity": self.count_by_severity()},
            "findings": [f.model_dump(mode="json") for f in self.findings],
            "coverage_gaps": [g.to_json() for g in self.gaps],
            "analysis_errors": self.errors,
            **({"sections": self.sections} if self.sections else {}),
        }


def default_now(snapshot: Snapshot) -> datetime:
    """The snapshot's creation time, else the current time (UTC)."""
    created = snapshot.manifest.created
    if created:
        try:
            return datetime.fromisoformat(created.replace("Z", "+00:00"))
        except ValueError:
            pass
    return datetime.now(UTC)


def run_scan(
    snapshot: Snapshot,
    options: ScanOptions | None = None,
    only: Iterable[str] | None = None,
    progress: Callable[[str], None] | None = None,
    rules: RulesFile | None = None,
) -> ScanResult:
    """Run the registered analyses (or ``only`` those) and return sorted, de-duplicated findings.

    With ``rules``, the findings they match are SUPPRESSED (kept) and ``sections["suppressions"]`` says
    what each rule did; the ``scores`` section always reflects the findings' final status.
    """
    opts = options or ScanOptions(now=default_now(snapshot))
    names = list(only) if only is not None else list(ANALYSES)
    found: dict[str, Finding] = {}
    sections: dict[str, Any] = {}
    errors: list[dict[str, str]] = []
    for name in names:
        if progress:
            progress(name)
        try:
            for item in ANALYSES[name](snapshot, opts):
                if isinstance(item, Section):
                    sections[item.name] = item.data
                else:
                    found.setdefault(item.id, item)
        except Exception as exc:  # one analysis must not sink the scan; reported, never hidden
            errors.append({"analysis": name, "error": f"{type(exc).__name__}: {exc}"})
    findings = with_tags(sorted(found.values(), key=sort_key), TagIndex(snapshot))
    if rules is not None:
        findings, sections["suppressions"] = apply_rules(findings, rules, opts.now.date())
    if isinstance(sections.get("scores"), dict):
        rescore(sections["scores"], findings)
    return ScanResult(snapshot.display, findings, snapshot.gaps(), errors, names, sections, now=opts.now)
