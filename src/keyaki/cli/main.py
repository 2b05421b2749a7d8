"""The ``keyaki`` command: registers one sub-application per command group.

Adding a command group = one module in ``keyaki/cli`` and one ``add_typer`` line below.
"""

from __future__ import annotations

import sys

import typer

from keyaki import __version__
# one import per line: keeps merges of new command groups conflict-free
from keyaki.cli import access
from keyaki.cli import check
from keyaki.cli import checks
from keyaki.cli import collect
from keyaki.cli import iam
from keyaki.cli import importers
from keyaki.cli import network
from keyaki.cli import scan
from keyaki.cli import snapshot
from keyaki.errors import KeyakiError

app = typer.Typer(
    name="keyaki",
    help="Prove who can reach what in an AWS estate, offline, from a snapshot.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"keyaki {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """keyaki: exact answers about IAM, networks and posture, with the evidence."""


# --- commands and command groups: one line each -------------------------------------------------
app.command("scan")(scan.scan)
app.command("demo")(scan.demo)
app.add_typer(snapshot.app, name="snapshot")
app.add_typer(importers.app, name="import")
app.add_typer(iam.app, name="iam")
app.add_typer(network.app, name="network")
app.command("collect")(collect.collect)
app.add_typer(access.app, name="access")
app.add_typer(checks.app, name="posture")
app.add_typer(check.app, name="check")


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the app; a ``KeyakiError`` becomes one line on stderr and its exit code."""
    try:
        app(args=argv, prog_name="keyaki")
    except KeyakiError as exc:
        sys.stderr.write(f"keyaki: error: {exc.render()}\n")
        sys.exit(exc.exit_code)


if __name__ == "__main__":  # pragma: no cover
    main()
