"""``keyaki import``: other tools' exports as keyaki snapshots."""

from __future__ import annotations

from pathlib import Path

import typer

from keyaki.cli.output import stderr_console
from keyaki.snapshot.importers import import_gaad

app = typer.Typer(help="Turn other tools' exports into snapshots.", no_args_is_help=True)


@app.command("gaad")
def gaad(
    file: Path = typer.Argument(..., help="Output of `aws iam get-account-authorization-details`."),
    out: Path = typer.Option(..., "--out", "-o", help="Snapshot folder to create."),
    account: str | None = typer.Option(None, "--account", help="Account id, if the export's ARNs do not tell."),
) -> None:
    """Import a get-account-authorization-details export (Cloudsplaining, Parliament, IAMSpy format)."""
    import_gaad(file, out, account)
    stderr_console().print(f"wrote snapshot {out}")
