"""``keyaki iam``: IAM policies — simulate requests with AWS's exact evaluation logic."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape

from keyaki.cli.iam_validate import validate_command
from keyaki.cli.output import Format, emit_json, emit_json_line, stdout_console
from keyaki.errors import EXIT_BAD_INPUT, BadInput, KeyakiError, UsageError
from keyaki.iam.authorize import Decision
from keyaki.iam.case import PolicyCache, simulate

app = typer.Typer(
    help="IAM policies: simulate requests (identity, resource, SCP, RCP, boundary, session policies).",
    no_args_is_help=True,
)
app.command("validate")(validate_command)


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise BadInput(f"cannot read `{path}`: {exc.strerror.lower() if exc.strerror else exc}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise BadInput(f"`{path}` is not valid json: {exc}") from None


def _show(result: Decision, label: str) -> None:
    console = stdout_console()
    console.print(f"[bold]{escape(label)}[/bold]: {result.decision}")
    for m in result.matched_statements:
        console.print(f"  {m.effect:5} {m.policy} statement {m.statement}")
    if result.missing_context_keys:
        console.print(f"  missing context keys: {', '.join(result.missing_context_keys)}")


def _batch(path: Path, fmt: Format) -> int:
    cache: PolicyCache = {}
    failed = False
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise BadInput(f"cannot read `{path}`: {exc.strerror or exc}") from None
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            out: dict[str, Any] = simulate(json.loads(line), file=f"{path}:{n}", cache=cache).to_json()
        except json.JSONDecodeError as exc:
            failed, out = True, {"line": n, "error": f"invalid json: {exc.msg.lower()}"}
        except KeyakiError as exc:
            failed, out = True, {"line": n, "error": exc.render()}
        if fmt is Format.json:
            emit_json_line(out)
        else:
            stdout_console().print(escape(f"{n}: {out.get('decision') or 'error: ' + out['error']}"))
    return EXIT_BAD_INPUT if failed else 0


@app.command("simulate")
def simulate_cmd(
    case: Annotated[Path | None, typer.Argument(help="A case file (JSON): the request and its policies.")] = None,
    batch: Annotated[Path | None, typer.Option("--batch", help="A JSON Lines file of cases.")] = None,
    fmt: Annotated[Format, typer.Option("--format", help="Output format.")] = Format.table,
) -> None:
    """Decide a request as AWS would (allowed, explicitDeny, implicitDeny) and show the matched statements.

    Exit 0 when every case was decided, 2 on bad input (a bad batch line is reported as
    {"line": N, "error": ...} in its place and the rest goes on).
    """
    if batch is not None:
        if case is not None:
            raise UsageError("give one case file or `--batch CASES.jsonl`, not both")
        code = _batch(batch, fmt)
        sys.stdout.flush()
        raise typer.Exit(code)
    if case is None:
        raise UsageError("give one case file or `--batch CASES.jsonl`")
    result = simulate(_read_json(case), file=str(case))
    if fmt is Format.json:
        emit_json(result)
    else:
        _show(result, str(case))
