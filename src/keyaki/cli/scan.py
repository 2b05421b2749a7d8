"""``keyaki scan`` and ``keyaki demo``: every analysis over a snapshot, as a table or a report."""

from __future__ import annotations

import sys
from importlib.resources import files
from pathlib import Path
from typing import Any

import typer

from keyaki.cli.output import stderr_console, stdout_console
from keyaki.errors import EXIT_FINDINGS, EXIT_OK, UsageError
from keyaki.findings.export import EXPORTERS
from keyaki.findings.model import Severity
from keyaki.findings.render import print_overview, print_summary, print_table
from keyaki.findings.suppress import load_rules
from keyaki.scan import ScanOptions, ScanResult, default_now, run_scan
from keyaki.snapshot import Snapshot, open_snapshot

FORMAT_HELP = "table (for people) or a report format: " + ", ".join(["table", *EXPORTERS])
SUPPRESSIONS_HELP = "YAML file of suppression rules (see docs/findings.md); suppressed findings are kept, marked."


def demo_path() -> Path:
    """The bundled demo organisation snapshot."""
    return Path(str(files("keyaki") / "data" / "demo"))


def _severity(text: str | None) -> Severity | None:
    if text is None:
        return None
    try:
        return Severity.parse(text)
    except ValueError:
        names = ", ".join(s.value for s in Severity)
        raise UsageError(f"`--fail-on {text}` is not a severity (one of {names})") from None


def _run(snapshot: Snapshot, trust: str, unused_days: int, suppressions: Path | None = None) -> ScanResult:
    if trust not in ("organization", "account"):
        raise UsageError(f"`--trust {trust}` must be `organization` or `account`")
    rules = load_rules(suppressions) if suppressions is not None else None  # a bad file fails before the scan
    options = ScanOptions(now=default_now(snapshot), trust=trust, unused_days=unused_days)
    if sys.stderr.isatty():
        from rich.progress import Progress

        with Progress(console=stderr_console(), transient=True) as bar:
            task = bar.add_task("scanning", total=None)
            result = run_scan(
                snapshot, options, progress=lambda n: bar.update(task, description=f"analysis: {n}"), rules=rules
            )
    else:
        result = run_scan(snapshot, options, rules=rules)
    report = result.sections.get("suppressions")
    if report is not None:
        result.sections["suppressions"] = {"file": str(suppressions), **report}
        _warn_rules(report)
    return result


def _warn_rules(report: dict[str, Any]) -> None:
    """Expired rules (no longer applied) and rules that matched nothing, on stderr."""
    console = stderr_console()
    for r in report["expired"]:
        console.print(f"[yellow]suppression rule {r['rule']} expired on {r['expires']}[/] (not applied): {r['reason']}")
    for r in report["unused"]:
        console.print(f"[dim]suppression rule {r['rule']} matched no finding: {r['reason']}[/]")


def _emit(result: ScanResult, fmt: str, output: Path | None, fail_on: Severity | None) -> None:
    if fmt == "table":
        print_table(result, stdout_console())
    elif fmt in EXPORTERS:
        text = EXPORTERS[fmt](result)
        if output is None:
            sys.stdout.write(text)
        else:
            output.write_text(text, encoding="utf-8")
            print_summary(result, stderr_console())
            stderr_console().print(f"wrote {fmt} report to {output}")
    else:
        raise UsageError(f"unknown format `{fmt}` ({FORMAT_HELP})")
    _gate(result, fail_on)


def _gate(result: ScanResult, fail_on: Severity | None) -> None:
    """Exit 1 when an unsuppressed finding is at least ``fail_on``, else 0."""
    if fail_on is not None and any(f.severity.at_least(fail_on) and not f.suppression for f in result.findings):
        raise typer.Exit(EXIT_FINDINGS)
    raise typer.Exit(EXIT_OK)


def scan(
    snapshot: Path = typer.Option(..., "--snapshot", "-s", help="Snapshot folder or .zip."),
    format: str = typer.Option("table", "--format", "-f", help=FORMAT_HELP),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write the report to this file."),
    fail_on: str | None = typer.Option(None, "--fail-on", help="Exit 1 if a finding is at least this severe."),
    trust: str = typer.Option("organization", "--trust", help="Zone of trust: organization or account."),
    unused_days: int = typer.Option(90, "--unused-days", help="Days without use that make access unused."),
    suppressions: Path | None = typer.Option(None, "--suppressions", help=SUPPRESSIONS_HELP),
) -> None:
    """Scan a snapshot with every analysis and print the findings."""
    threshold = _severity(fail_on)
    result = _run(open_snapshot(snapshot), trust, unused_days, suppressions)
    _emit(result, format, output, threshold)


def demo(
    format: str = typer.Option("table", "--format", "-f", help=FORMAT_HELP),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write the report to this file."),
    fail_on: str | None = typer.Option(None, "--fail-on", help="Exit 1 if a finding is at least this severe."),
    suppressions: Path | None = typer.Option(None, "--suppressions", help=SUPPRESSIONS_HELP),
) -> None:
    """Scan the bundled demo organisation (see docs/demo.md for what is planted in it)."""
    threshold = _severity(fail_on)
    snap = open_snapshot(demo_path())
    if format == "table":
        org = snap.manifest.organization
        names = ", ".join(f"{snap.account_name(a) or a} ({a})" for a in snap.accounts())
        stderr_console().print(
            f"[bold]keyaki demo[/]: organisation {org.id if org else '-'} with accounts {names}"
        )
    result = _run(snap, "organization", 90, suppressions)
    if format == "table" and output is None:
        print_overview(result, stdout_console())
        stderr_console().print(
            f"every finding with its evidence: `keyaki scan --snapshot {snap.display}` "
            "(or `keyaki demo --format json|html --output FILE`); docs/demo.md lists what is planted"
        )
        _gate(result, threshold)
    _emit(result, format, output, threshold)
