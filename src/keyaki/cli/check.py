"""``keyaki check``: policy checks for CI gates, proved with an SMT solver (IAM Access Analyzer's names).

``no-new-access``, ``access-not-granted`` and ``no-public-access`` mean what Access Analyzer's
``CheckNoNewAccess``, ``CheckAccessNotGranted`` and ``CheckNoPublicAccess`` mean
(https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-checks-validating-policies.html);
``guardrails-deny`` proves that SCP/RCP levels deny actions whatever the identity policies say.

Exit 0 PASS, 1 FAIL (with a witness request replayed through ``keyaki iam``), 2 bad input, 3 UNKNOWN.
``--format json`` prints ``{"result": ..., "witness": {...} | null, "reasons": [...]}``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from keyaki.cli.output import Format, emit_json, stderr_console
from keyaki.errors import EXIT_UNDECIDED, BadInput, KeyakiError, UsageError
from keyaki.iam.ast import Policy
from keyaki.iam.parse import parse_policy
from keyaki.symbolic import FAIL, PASS, Checker, CheckResult, ReplayMismatch
from keyaki.symbolic.public import RESOURCE_TYPES
from keyaki.symbolic.verify import POLICY_TYPES

app = typer.Typer(
    help="Policy checks for CI (no-new-access, access-not-granted, no-public-access, guardrails-deny).",
    no_args_is_help=True,
)

FormatOpt = Annotated[Format, typer.Option("--format", help="Output format.")]
TimeoutOpt = Annotated[int, typer.Option("--timeout", help="Time budget of the check, in seconds.", min=1)]
EXIT = {PASS: 0, FAIL: 1}


def _policy(path: Path) -> Policy:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise BadInput(f"cannot read `{path}`: {exc.strerror.lower() if exc.strerror else exc}") from None
    return parse_policy(text, file=str(path))


def _split(text: str | None) -> list[str]:
    return [x.strip() for x in (text or "").split(",") if x.strip()]


def _org_levels(snapshot: Path | None, target: str | None) -> tuple[list[list[Policy]], list[list[Policy]]]:
    """The SCP and RCP levels from the root down to ``target``, read from a snapshot's organisation."""
    from keyaki.snapshot import open_snapshot
    from keyaki.snapshot.views.organizations import RCP, SCP, load_organization

    if snapshot is None or target is None:
        raise UsageError("`--snapshot` and `--target` go together")
    org = load_organization(open_snapshot(snapshot))
    if not org.known or SCP not in org.policy_types_known:
        raise BadInput("the snapshot holds no organisation with its SCPs", file=str(snapshot))
    path = org.target_path(target)
    if not path:
        raise UsageError(f"`--target {target}` is not an account, OU or root of the snapshot's organisation")

    def levels(kind: str) -> list[list[Policy]]:
        if kind not in org.policy_types_known:
            return []
        return [[parse_policy(p.document) for p in org.policies_at(t, kind)] for t in path]

    return levels(SCP), levels(RCP)


def _finish(run: Callable[[], CheckResult], fmt: Format) -> None:
    """Run a check; print its result; exit with its code (errors: one line and 2, or 3)."""
    try:
        result: CheckResult = run()
    except KeyakiError as exc:
        stderr_console().print(f"keyaki: error: {exc.render()}", markup=False, highlight=False)
        raise typer.Exit(exc.exit_code) from None
    except ReplayMismatch as exc:  # a bug on one side: never shown as a PASS or a finding
        result = CheckResult("UNKNOWN", None, (f"internal: the solver and the evaluator disagree ({exc})",))
    if fmt is Format.json:
        emit_json(result.to_json())
        sys.stdout.flush()
    else:
        _human(result)
    raise typer.Exit(EXIT.get(result.result, EXIT_UNDECIDED))


def _human(result: CheckResult) -> None:
    out = stderr_console()
    colour = {"PASS": "green", "FAIL": "red"}.get(result.result, "yellow")
    out.print(f"[bold {colour}]{result.result}[/]")
    if result.witness:
        req = result.witness["request"]
        out.print(f"  witness: {req['principal']} → {req['action']} on {req['resource']}", markup=False)
        for key, value in req.get("context", {}).items():
            out.print(f"    {key} = {value}", markup=False)
    for reason in result.reasons:
        out.print(f"  reason: {reason}", markup=False)


@app.command("no-new-access")
def no_new_access(
    new: Annotated[Path, typer.Option("--new", help="The updated policy (JSON).")],
    existing: Annotated[Path, typer.Option("--existing", help="The reference policy (JSON).")],
    policy_type: Annotated[
        str, typer.Option("--policy-type", help=f"One of {', '.join(POLICY_TYPES)}.")
    ] = "IDENTITY_POLICY",
    fmt: FormatOpt = Format.table,
    timeout: TimeoutOpt = 10,
) -> None:
    """FAIL when the new policy grants a request the existing one does not."""
    _finish(
        lambda: Checker(timeout * 1000).verify_no_new_access(_policy(new), _policy(existing), policy_type), fmt
    )


@app.command("access-not-granted")
def access_not_granted(
    policy: Annotated[Path, typer.Option("--policy", help="The policy (JSON).")],
    actions: Annotated[str | None, typer.Option("--actions", help="Comma-separated actions.")] = None,
    resources: Annotated[str | None, typer.Option("--resources", help="Comma-separated resource ARNs.")] = None,
    policy_type: Annotated[
        str, typer.Option("--policy-type", help=f"One of {', '.join(POLICY_TYPES)}.")
    ] = "IDENTITY_POLICY",
    fmt: FormatOpt = Format.table,
    timeout: TimeoutOpt = 10,
) -> None:
    """FAIL when the policy grants one of the actions (on one of the resources)."""

    def run() -> CheckResult:
        acts, res = _split(actions), _split(resources)
        if not acts and not res:
            raise UsageError("give `--actions` or `--resources`")
        return Checker(timeout * 1000).verify_access_not_granted(_policy(policy), acts, res, policy_type)

    _finish(run, fmt)


@app.command("no-public-access")
def no_public_access(
    policy: Annotated[Path, typer.Option("--policy", help="The resource policy (JSON).")],
    resource_type: Annotated[
        str, typer.Option("--resource-type", help=f"One of {', '.join(RESOURCE_TYPES)}.")
    ],
    fmt: FormatOpt = Format.table,
    timeout: TimeoutOpt = 10,
) -> None:
    """FAIL when the resource policy grants access to the public (AWS's definition of public)."""
    _finish(lambda: Checker(timeout * 1000).verify_no_public_access(_policy(policy), resource_type), fmt)


@app.command("guardrails-deny")
def guardrails_deny(
    actions: Annotated[str, typer.Option("--actions", help="Comma-separated actions that must be denied.")],
    scps: Annotated[
        list[str] | None, typer.Option("--scps", help="One level (root, OU…, account): comma-separated SCP files.")
    ] = None,
    rcps: Annotated[list[str] | None, typer.Option("--rcps", help="One level: comma-separated RCP files.")] = None,
    resources: Annotated[str | None, typer.Option("--resources", help="Comma-separated resource ARNs.")] = None,
    snapshot: Annotated[
        Path | None, typer.Option("--snapshot", help="Read the SCP/RCP levels from this snapshot's organisation.")
    ] = None,
    target: Annotated[
        str | None, typer.Option("--target", help="With --snapshot: the account, OU or root whose levels apply.")
    ] = None,
    fmt: FormatOpt = Format.table,
    timeout: TimeoutOpt = 10,
) -> None:
    """PASS when no principal governed by these SCP/RCP levels can be allowed the actions,
    whatever its identity policies and the resource policy say. Repeat --scps once per level, or
    give --snapshot and --target (an OU's guarantee holds for every account under it)."""

    def run() -> CheckResult:
        scp_levels = [[_policy(Path(f)) for f in _split(level)] for level in scps or []]
        rcp_levels = [[_policy(Path(f)) for f in _split(level)] for level in rcps or []]
        if snapshot is not None or target is not None:
            scp_levels, rcp_levels = _org_levels(snapshot, target)
        if not scp_levels and not rcp_levels:
            raise UsageError("give at least one `--scps` or `--rcps` level")
        acts = _split(actions)
        return Checker(timeout * 1000).verify_guardrails_deny(scp_levels, rcp_levels, acts, _split(resources))

    _finish(run, fmt)
