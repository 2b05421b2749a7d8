"""``keyaki collect``: a read-only snapshot of an AWS account or organisation (see ``docs/collect.md``)."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from keyaki.cli.output import Format, emit_json, stderr_console
from keyaki.errors import EXIT_OK, UsageError
from keyaki.snapshot.layout import MANIFEST


def _split(text: str | None) -> tuple[str, ...] | None:
    if text is None or text.strip().lower() in ("", "all"):
        return None
    return tuple(p.strip() for p in text.split(",") if p.strip())


def collect(
    out: Path | None = typer.Option(None, "--out", "-o", help="Folder to write the snapshot into."),
    profile: str | None = typer.Option(None, "--profile", help="AWS profile (default: the standard credential chain)."),
    regions: str = typer.Option("all", "--regions", help="`all` (every enabled region) or `r1,r2`."),
    services: str | None = typer.Option(None, "--services", help="Only these services (CLI names: `iam,s3api,ec2`)."),
    resume: bool = typer.Option(False, "--resume", help="Keep what is already in `--out`; collect the rest."),
    org: bool = typer.Option(False, "--org", help="Collect the whole organisation (from the management account)."),
    role_name: str | None = typer.Option(None, "--role-name", help="Role to assume in every member account."),
    external_id: str | None = typer.Option(None, "--external-id", help="ExternalId for the member-account role."),
    workers: int = typer.Option(16, "--workers", min=1, max=256, help="Requests in flight at most."),
    max_attempts: int = typer.Option(10, "--max-attempts", min=1, max=50, help="Attempts per call (adaptive retries)."),
    print_policy: bool = typer.Option(False, "--print-policy", help="Print the collector's IAM policy and exit."),
    fmt: Format = typer.Option(Format.table, "--format", "-f", help="Summary as a table (stderr) or JSON (stdout)."),
) -> None:
    """Collect a read-only snapshot of an AWS account (or, with --org, of a whole organisation)."""
    if print_policy:
        from keyaki.collect.policy import policy_json

        sys.stdout.write(policy_json())
        raise typer.Exit(EXIT_OK)
    if out is None:
        raise UsageError("`--out DIR` is required: the folder to write the snapshot into")
    if out.exists() and not out.is_dir():
        raise UsageError(f"`--out {out}` is a file: the snapshot is written into a folder")
    if (out / MANIFEST).exists() and not resume:
        raise UsageError(f"`{out}` already holds a snapshot: add `--resume` to complete it, or choose another folder")
    from keyaki.collect.progress import NullReporter, Reporter, RichReporter
    from keyaki.collect.runner import Options, run

    opts = Options(
        out=out,
        profile=profile,
        regions=_split(regions),
        services=_split(services),
        resume=resume,
        org=org,
        role_name=role_name,
        external_id=external_id,
        workers=workers,
        max_attempts=max_attempts,
    )
    reporter: Reporter = RichReporter(stderr_console()) if sys.stderr.isatty() else NullReporter()
    summary = run(opts, reporter)
    if fmt is Format.json:
        emit_json(summary.to_json())
        return
    console = stderr_console()
    console.print(
        f"collected {summary.accounts} account(s), {summary.regions} region(s) into {summary.out}: "
        f"{summary.calls} calls, {summary.skipped} skipped (resume), {summary.files} files, "
        f"{len(summary.gaps)} gap(s) in {summary.seconds:.1f} s"
    )
    for gap in summary.gaps[:20]:
        where = "/".join(p for p in (gap.account, gap.region, gap.service, gap.operation, gap.key) if p)
        console.print(f"  gap: {where}: {gap.error}")
    if len(summary.gaps) > 20:
        console.print(f"  ... and {len(summary.gaps) - 20} more (see the manifest)")
