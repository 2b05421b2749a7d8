"""Findings for people: a Rich table and a short summary (stdout), never mixed with JSON."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table

from keyaki.findings.model import Finding, Severity

if TYPE_CHECKING:
    from keyaki.scan import ScanResult

STYLE = {
    Severity.CRITICAL: "bold white on red",
    Severity.HIGH: "bold red",
    Severity.MEDIUM: "yellow",
    Severity.LOW: "cyan",
    Severity.INFORMATIONAL: "dim",
}


def print_table(result: ScanResult, console: Console, *, evidence: bool = True) -> None:
    """One row per finding, most severe first, with the evidence summary under the title."""
    table = Table(show_lines=False, expand=False)
    table.add_column("severity", no_wrap=True)
    table.add_column("type", no_wrap=True)
    table.add_column("resource", overflow="fold")
    table.add_column("finding", overflow="fold")
    for f in result.findings:
        text = f.title + (f"\n[dim]{f.evidence.summary}[/dim]" if evidence else "")
        sev = f"[{STYLE[f.severity]}]{f.severity.value}[/]"
        if f.suppression:
            sev += " [dim](suppressed)[/dim]"
        table.add_row(sev, f.type, f.resource, text)
    console.print(table)
    _print_scores(result, console)
    print_summary(result, console)


def print_summary(result: ScanResult, console: Console) -> None:
    """Counts by severity, coverage gaps and analysis errors, in one short block."""
    counts = result.count_by_severity()
    parts = [f"[{STYLE[s]}]{counts[s.value]} {s.value.lower()}[/]" for s in Severity if counts[s.value]]
    suppressed = sum(1 for f in result.findings if f.suppression)
    kept = f" ({suppressed} suppressed: kept and marked, they do not trip --fail-on)" if suppressed else ""
    console.print(f"{len(result.findings)} findings" + (": " + ", ".join(parts) if parts else "") + kept)
    refused = [g for g in result.gaps if g.reason not in ("not_collected",)]
    if refused:
        console.print(f"[yellow]{len(refused)} coverage gaps[/] (calls refused or unreadable files):")
        for g in refused[:10]:
            console.print(f"  {g.path}: {g.reason}: {g.message}")
        if len(refused) > 10:
            console.print(f"  ... and {len(refused) - 10} more (see --format json)")
    for e in result.errors:
        console.print(f"[red]analysis `{e['analysis']}` failed[/]: {e['error']}")


ANALYSIS_NAMES = {
    "access": "external and public access (provable)",
    "network": "internet reachability",
    "check": "posture checks (CIS, AWS FSBP)",
    "keyaki": "coverage",
}


def print_overview(result: ScanResult, console: Console, *, top: int = 12) -> None:
    """A readable summary for a first look: findings per analysis, scores, and the most severe findings."""
    groups: dict[str, list[Finding]] = {}
    for f in result.findings:
        groups.setdefault(f.type.split("/", 1)[0], []).append(f)
    table = Table(title="findings by analysis", title_justify="left")
    table.add_column("analysis")
    for s in Severity:
        table.add_column(s.value.lower(), justify="right")
    for prefix, fs in sorted(groups.items()):
        counts = [sum(1 for f in fs if f.severity is s) for s in Severity]
        table.add_row(ANALYSIS_NAMES.get(prefix, prefix), *[str(c) if c else "" for c in counts])
    console.print(table)
    _print_scores(result, console)
    worst = [f for f in result.findings if f.severity.at_least(Severity.HIGH) and not f.suppression][:top]
    if worst:
        console.print(f"[bold]most severe findings[/] ({len(worst)} of {len(result.findings)}):")
        for f in worst:
            console.print(f"  [{STYLE[f.severity]}]{f.severity.value:<8}[/] {f.title}")
            console.print(f"           [dim]{f.resource}[/dim]")
            console.print(f"           {f.evidence.summary}", highlight=False)
    print_summary(result, console)


def _print_scores(result: ScanResult, console: Console) -> None:
    scores = result.sections.get("scores") if isinstance(result.sections, dict) else None
    if not isinstance(scores, dict):
        return
    for std in scores.get("standards", []):
        passed, failed = std.get("controls_passed", 0), std.get("controls_failed", 0)
        pct = f"{100 * std['score']:.0f}%" if isinstance(std.get("score"), int | float) else "-"
        hidden = std.get("controls_suppressed", 0)
        note = f", {hidden} passed only because their findings are suppressed" if hidden else ""
        console.print(
            f"score {std.get('standard')}: [bold]{pct}[/] ({passed} controls passed, {failed} failed{note})"
        )
