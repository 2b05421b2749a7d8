"""Shared reading of credential-report rows for the credential-hygiene checks.

Semantics follow https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_finding-unused.html:
a credential is unused when its last use (or, never used, its creation/rotation) is older than the window.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime

from keyaki.checks.registry import Result, Where
from keyaki.snapshot.views.common import days_since
from keyaki.snapshot.views.credentials import CredentialReport, CredentialRow


def unused_credentials(row: CredentialRow, now: datetime, days: int) -> list[str]:
    """Descriptions of the row's enabled credentials not used for ``days`` days (empty: all in use)."""
    out: list[str] = []
    if row.password_enabled:
        last = row.password_last_used or row.password_last_changed or row.created
        if last is not None and days_since(now, last) >= days:
            used = "last used" if row.password_last_used else "never used, set"
            out.append(f"console password {used} {days_since(now, last)} days ago")
    for key in row.active_keys:
        last = key.last_used or key.last_rotated
        if last is not None and days_since(now, last) >= days:
            used = "last used" if key.last_used else "never used, created"
            out.append(f"access key {key.slot} {used} {days_since(now, last)} days ago")
    return out


def unused_credentials_check(window_days: int) -> Callable[[Where, CredentialReport], Iterator[Result]]:
    """The ``run`` of an "unused for N days" check (CIS 1.12 at 45 days, Security Hub IAM.8 at 90)."""

    def run(where: Where, report: CredentialReport) -> Iterator[Result]:
        for user in report.users:
            if not user.password_enabled and not user.active_keys:
                continue
            stale = unused_credentials(user, where.now, window_days)
            summary = f"`{user.user}`: " + (
                "; ".join(stale) if stale else f"every credential used in the last {window_days} days"
            )
            yield where.result(not stale, user.arn, summary, unused=stale, window_days=window_days)

    return run
