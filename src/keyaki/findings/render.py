"""Findings for people: a Rich table and a short summary (stdout), never mixed with JSON."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table

from keyaki.findings.model import Severity

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
    print_summary(result, console)


def print_summary(result: ScanResult, console: Console) -> None:
    """Counts by severity, coverage gaps and analysis errors, in one short block."""
    counts = result.count_by_severity()
    parts = [f"[{STYLE[s]}]{counts[s.value]} {s.value.lower()}[/]" for s in Severity if counts[s.value]]
    console.print(f"{len(result.findings)} findings" + (": " + ", ".join(parts) if parts else ""))
    refused = [g for g in result.gaps if g.reason not in ("not_collected",)]
    if refused:
        console.print(f"[yellow]{len(refused)} coverage gaps[/] (calls refused or unreadable files):")
        for g in refused[:10]:
            console.print(f"  {g.path}: {g.reason}: {g.message}")
        if len(refused) > 10:
            console.print(f"  ... and {len(refused) - 10} more (see --format json)")
    for e in result.errors:
        console.print(f"[red]analysis `{e['analysis']}` failed[/]: {e['error']}")
