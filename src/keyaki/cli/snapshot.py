"""``keyaki snapshot``: look inside a snapshot (what it holds, what is missing, what is unreadable)."""

from __future__ import annotations

from pathlib import Path

import typer

from keyaki.cli.output import Format, emit_json, stdout_console
from keyaki.errors import EXIT_BAD_INPUT, EXIT_OK
from keyaki.snapshot import open_snapshot

app = typer.Typer(help="Inspect and check snapshots.", no_args_is_help=True)


@app.command("check")
def check(
    path: Path = typer.Argument(..., help="Snapshot folder or .zip."),
    format: Format = typer.Option(Format.table, "--format", "-f"),
) -> None:
    """Read every file of a snapshot; exit 2 if any is unreadable (naming the file and line)."""
    snap = open_snapshot(path)
    bad = snap.validate()
    gaps = [g for g in snap.gaps() if g.reason != "unreadable"]
    if format is Format.json:
        emit_json(
            {
                "snapshot": snap.display,
                "kind": snap.kind,
                "accounts": [
                    {"id": a, "name": snap.account_name(a), "regions": snap.regions(a)} for a in snap.accounts()
                ],
                "unreadable": [g.to_json() for g in bad],
                "coverage_gaps": [g.to_json() for g in gaps],
            }
        )
    else:
        con = stdout_console()
        con.print(f"{snap.display}: {snap.kind}, {len(snap.accounts())} accounts")
        for a in snap.accounts():
            con.print(f"  {a} {snap.account_name(a) or ''}: regions {', '.join(snap.regions(a)) or '-'}")
        for g in gaps:
            con.print(f"  gap: {g.path}: {g.reason}: {g.message}")
        for g in bad:
            con.print(f"  [red]unreadable[/]: {g.message}")
    raise typer.Exit(EXIT_BAD_INPUT if bad else EXIT_OK)
