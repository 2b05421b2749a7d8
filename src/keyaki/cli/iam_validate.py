"""``keyaki iam validate``: check policies as IAM Access Analyzer's ValidatePolicy does.

Output contract (docs/validate.md): with ``--format json`` a JSON list on stdout, one
``{"file": PATH, "findings": [...]}`` per file, findings in Access Analyzer's shape. Exit 1 when any
finding is an ``ERROR`` or ``SECURITY_WARNING``, 0 otherwise, 2 for usage errors (a path that does
not exist, an unreadable file). A file that is not valid JSON is an ``ERROR`` finding, not a usage
error. Spec: https://docs.aws.amazon.com/access-analyzer/latest/APIReference/API_ValidatePolicy.html
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape

from keyaki.cli.output import Format, emit_json, stderr_console, stdout_console
from keyaki.errors import EXIT_FINDINGS, EXIT_OK, UsageError
from keyaki.iam.validate import RESOURCE_TYPES, PolicyType, validate_text

_FAILING = frozenset({"ERROR", "SECURITY_WARNING"})
_STYLE = {"ERROR": "bold red", "SECURITY_WARNING": "red", "WARNING": "yellow", "SUGGESTION": "cyan"}


def expand_paths(paths: list[Path]) -> list[Path]:
    """Files as given, folders as their ``*.json`` files (sorted); a missing path is a usage error."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out.extend(sorted(p for p in path.glob("*.json") if p.is_file()))
        elif path.is_file():
            out.append(path)
        else:
            raise UsageError(f"no such file or folder: `{path}`")
    return out


def _read(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read `{path}`: {(exc.strerror or str(exc)).lower()}") from None
    return data.decode("utf-8", errors="replace")


def validate_files(
    paths: list[Path], policy_type: PolicyType, resource_type: str | None = None
) -> list[dict[str, Any]]:
    """``[{"file": PATH, "findings": [...]}, ...]`` for the given files and folders."""
    out = []
    for path in expand_paths(paths):
        findings = validate_text(_read(path), policy_type, resource_type=resource_type)
        out.append({"file": str(path), "findings": [f.to_json() for f in findings]})
    return out


def _path_text(location: dict[str, Any]) -> str:
    return "/" + "/".join(str(next(iter(part.values()))) for part in location["path"])


def _show(results: list[dict[str, Any]]) -> None:
    """People's output: per file, one line per finding (type, code, JSON path, line:column, details)."""
    out = stdout_console()
    for result in results:
        findings = result["findings"]
        out.print(f"[bold]{escape(result['file'])}[/bold]: {len(findings) or 'no'} finding(s)")
        for f in findings:
            loc = f["locations"][0] if f["locations"] else None
            where = (
                f" {_path_text(loc)} ({loc['span']['start']['line']}:{loc['span']['start']['column']})" if loc else ""
            )
            ftype, details = f["findingType"], escape(f["findingDetails"])
            out.print(f"  [{_STYLE[ftype]}]{ftype}[/] {f['issueCode']}{escape(where)}: {details}")
    total = sum(len(r["findings"]) for r in results)
    stderr_console().print(f"{len(results)} file(s), {total} finding(s)")


def validate_command(
    paths: Annotated[list[Path], typer.Argument(help="Policy JSON files or folders (their *.json files).")],
    policy_type: Annotated[
        PolicyType, typer.Option("--policy-type", help="Which kind of policy the files are.")
    ] = PolicyType.IDENTITY_POLICY,
    resource_type: Annotated[
        str | None,
        typer.Option(
            "--resource-type",
            help="For RESOURCE_POLICY: what it is attached to (" + ", ".join(RESOURCE_TYPES) + ").",
        ),
    ] = None,
    fmt: Annotated[Format, typer.Option("--format", help="Output format.")] = Format.table,
) -> None:
    """Validate policies like IAM Access Analyzer: errors, security warnings, warnings, suggestions.

    Exit 1 when any ERROR or SECURITY_WARNING is found, 0 otherwise, 2 for usage errors.
    """
    if resource_type is not None and resource_type not in RESOURCE_TYPES:
        raise UsageError(f"unknown resource type `{resource_type}`; use one of {', '.join(RESOURCE_TYPES)}")
    if resource_type is not None and policy_type is not PolicyType.RESOURCE_POLICY:
        raise UsageError("`--resource-type` applies only to `--policy-type RESOURCE_POLICY`")
    results = validate_files(paths, policy_type, resource_type)
    if fmt is Format.json:
        emit_json(results)
    else:
        _show(results)
    failing = any(f["findingType"] in _FAILING for r in results for f in r["findings"])
    raise typer.Exit(EXIT_FINDINGS if failing else EXIT_OK)
