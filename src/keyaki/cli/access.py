"""``keyaki access``: who can access a resource, what a principal can reach, external and public access.

Exit codes (``docs/access.md``): ``who-can``/``what-can`` exit 0 when every answer is decided and 3
when some is UNKNOWN; ``external`` exits 1 when it finds external or public access, 3 when something
is undecided and nothing else was found, 0 when nothing is shared outside the zone of trust; 2 on bad
input.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from rich.table import Table
from rich.text import Text

from keyaki.access.engine import Engine
from keyaki.access.estate import Estate
from keyaki.access.findings import UNDECIDED, external_report
from keyaki.access.whocan import what_can, who_can
from keyaki.cli.output import Format, emit_json, stderr_console, stdout_console
from keyaki.errors import EXIT_FINDINGS, EXIT_OK, EXIT_UNDECIDED, UsageError
from keyaki.snapshot import open_snapshot

app = typer.Typer(help="Who can access what: exact answers with replayed witnesses.", no_args_is_help=True)

_SNAPSHOT = typer.Option(..., "--snapshot", "-s", help="Snapshot folder or .zip.")


def _levels(access: list[dict[str, Any]]) -> str:
    """Actions grouped by level: ``always: s3:GetObject, …; conditionally: …``."""
    out = []
    for level in ("always", "conditionally", "unknown"):
        acts = list(dict.fromkeys(a["action"] for a in access if a["level"] == level))  # Query: table and index
        if acts:
            shown = ", ".join(acts[:6]) + (f" (+{len(acts) - 6} more)" if len(acts) > 6 else "")
            out.append(f"{level}: {shown}")
    return "\n".join(out)


def _conditions(access: list[dict[str, Any]]) -> str:
    return "\n".join(sorted({g["text"] for a in access for g in a["conditions"]}))


def _cells(*texts: str) -> list[Text]:
    """Plain text cells: ARNs like ``…:secret:…`` must not turn into emoji or markup."""
    return [Text(t) for t in texts]


def _print_problems(problems: list[str]) -> None:
    con = stderr_console()
    for p in problems:
        con.print(f"[yellow]warning[/]: {p}")


@app.command("who-can")
def who_can_cmd(
    snapshot: Path = _SNAPSHOT,
    resource: str = typer.Option(..., "--resource", "-r", help="The resource ARN."),
    action: list[str] = typer.Option(
        [], "--action", "-a", help="An action (repeatable); default: every action of the resource type."
    ),
    format: Format = typer.Option(Format.table, "--format", "-f"),
) -> None:
    """Every principal that can act on a resource: always, conditionally (with the conditions) or unknown."""
    out = who_can(Engine(Estate.load(open_snapshot(snapshot))), resource, action or None)
    if format is Format.json:
        emit_json(out)
    else:
        table = Table(title=f"who can access {resource}")
        for col in ("principal", "access", "conditions"):
            table.add_column(col, overflow="fold")
        for p in out["principals"]:
            table.add_row(*_cells(f"{p['principal']}\n({p['kind']})", _levels(p["access"]), _conditions(p["access"])))
        stdout_console().print(table)
        _print_problems(out["problems"])
    raise typer.Exit(EXIT_UNDECIDED if out["undecided"] else EXIT_OK)


@app.command("what-can")
def what_can_cmd(
    snapshot: Path = _SNAPSHOT,
    principal: str = typer.Option(..., "--principal", "-p", help="A user or role ARN of the snapshot."),
    format: Format = typer.Option(Format.table, "--format", "-f"),
) -> None:
    """Every resource (with its actions) a principal can reach."""
    out = what_can(Engine(Estate.load(open_snapshot(snapshot))), principal)
    if format is Format.json:
        emit_json(out)
    else:
        table = Table(title=f"what {principal} can access")
        for col in ("resource", "access", "conditions"):
            table.add_column(col, overflow="fold")
        for r in out["resources"]:
            table.add_row(
                *_cells(f"{r['resource']}\n({r['resource_type']})", _levels(r["access"]), _conditions(r["access"]))
            )
        stdout_console().print(table)
        _print_problems(out["problems"])
    raise typer.Exit(EXIT_UNDECIDED if out["undecided"] else EXIT_OK)


@app.command("external")
def external_cmd(
    snapshot: Path = _SNAPSHOT,
    trust: str = typer.Option("organization", "--trust", help="Zone of trust: organization or account."),
    format: Format = typer.Option(Format.table, "--format", "-f"),
) -> None:
    """External and public access to every resource with a policy (exit 1 when any)."""
    if trust not in ("organization", "account"):
        raise UsageError(f"`--trust {trust}` must be `organization` or `account`")
    out = external_report(open_snapshot(snapshot), trust)
    if format is Format.json:
        emit_json(out)
    else:
        table = Table(title=f"external access (zone of trust: {trust})")
        for col in ("severity", "resource", "finding", "conditions"):
            table.add_column(col, overflow="fold")
        for f in out["findings"]:
            conds = "\n".join(f["evidence"]["details"].get("conditions") or [])
            table.add_row(*_cells(f["severity"], f["resource"], f["title"], conds))
        stdout_console().print(table)
        _print_problems(out["problems"])
    found = [f for f in out["findings"] if f["type"] != UNDECIDED]
    raise typer.Exit(EXIT_FINDINGS if found else EXIT_UNDECIDED if out["findings"] else EXIT_OK)
