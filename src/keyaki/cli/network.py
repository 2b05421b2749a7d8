"""``keyaki network``: internet exposure of every interface, and point-to-point reachability.

Exit codes: ``exposure`` exits 0 when nothing is reachable from the internet and 1 when something
is; ``reach`` exits 0 when the destination is reachable, 1 when it is not, 2 on bad input, 3 when the
snapshot lacks data to decide or the path depends on something keyaki does not model (an appliance
route): a coverage gap is never "unreachable". See ``docs/network.md``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from keyaki.cli.output import Format, emit_json, stderr_console, stdout_console
from keyaki.errors import EXIT_FINDINGS, EXIT_OK, EXIT_UNDECIDED
from keyaki.network.convert import convert
from keyaki.network.exposure import analyze
from keyaki.network.ipset import cidrs_set, summarize
from keyaki.network.query import reach as reach_query
from keyaki.snapshot import open_snapshot

app = typer.Typer(help="Network reachability: what the internet can reach, on which ports, by which path.",
                  no_args_is_help=True)


def _ranges(ranges: list[list[int]]) -> str:
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in ranges)


def _print_warnings(warnings: list[dict[str, Any]]) -> None:
    con = stderr_console()
    for w in warnings:
        con.print(f"[yellow]warning[/]: {w['account']}/{w['region']} {w['component']} {w['id']}: {w['message']}")


@app.command("exposure")
def exposure(
    snapshot: Path = typer.Option(..., "--snapshot", "-s", help="Snapshot folder, .zip, or describe-* folder."),
    format: Format = typer.Option(Format.table, "--format", "-f"),
) -> None:
    """Every ENI the internet reaches: protocol, ports, sources and the path (exit 1 if any)."""
    report = analyze(convert(open_snapshot(snapshot))).to_json()
    if format is Format.json:
        emit_json(report)
    else:
        table = Table()
        for col in ("instance / eni", "protocol", "ports", "sources", "path"):
            table.add_column(col, overflow="fold")
        for e in report["exposures"]:
            path = " → ".join(f"{h['id']}" for h in e["path"])
            table.add_row(f"{e['instance_id'] or '-'}\n{e['eni_id']}", e["protocol"], _ranges(e["ports"]),
                          summarize(cidrs_set(e["sources"])), path)
        stdout_console().print(table)
        _print_warnings(report["warnings"])
    raise typer.Exit(EXIT_FINDINGS if report["exposures"] else EXIT_OK)


@app.command("reach")
def reach(
    snapshot: Path = typer.Option(..., "--snapshot", "-s", help="Snapshot folder, .zip, or describe-* folder."),
    source: str = typer.Option("internet", "--from", help="`internet`, a CIDR, or an ENI id."),
    to: str = typer.Option(..., "--to", help="An instance id (`i-…`) or ENI id (`eni-…`)."),
    protocol: str = typer.Option("tcp", "--protocol", help="tcp or udp."),
    port: int = typer.Option(..., "--port", help="Destination port."),
    format: Format = typer.Option(Format.table, "--format", "-f"),
) -> None:
    """Can traffic reach the destination? The path with its rules, or what blocks it (exit 0 / 1)."""
    answer = reach_query(convert(open_snapshot(snapshot)), source, to, protocol, port)
    if format is Format.json:
        emit_json(answer)
    else:
        con = stdout_console()
        verdict = {True: "[green]reachable[/]", False: "[red]not reachable[/]", None: "[yellow]undecided[/]"}[
            answer["reachable"]]
        con.print(f"{source} → {to} {answer['protocol']}/{port}: {verdict}")
        for p in answer["paths"]:
            con.print(f"  path to {p['eni_id']}" + (f" via {p['via']}" if p.get("via") else "")
                      + f" from {summarize(cidrs_set(p['sources']))}")
            for h in p["path"]:
                con.print(f"    {h['component']} {h['id']}: {h['rule']}")
        for b in answer["blocked"]:
            srcs = f" (sources {summarize(cidrs_set(b['sources']))})" if b.get("sources") else ""
            con.print(f"  blocked at {b['component']} {b['id']}: {b['reason']}{srcs}")
        _print_warnings(answer["warnings"])
    raise typer.Exit({True: EXIT_OK, False: EXIT_FINDINGS, None: EXIT_UNDECIDED}[answer["reachable"]])
