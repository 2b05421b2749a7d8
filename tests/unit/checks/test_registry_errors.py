"""A check that meets an unexpected shape is NOT_EVALUATED for that scope only, with the error."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

from keyaki.checks.registry import Check, Context, Meta, Outcome, Result, Scope, Where
from keyaki.findings.model import Severity
from keyaki.scan import ScanOptions
from keyaki.snapshot import Snapshot, open_snapshot

META = Meta(
    "demo_fragile",
    "t",
    Severity.LOW,
    "demo",
    "AWS::::Account",
    "r",
    "aws x",
    "https://docs.aws.amazon.com/",
    ("iam get-account-summary",),
)


def _load(snap: Snapshot, account: str, region: str) -> dict[str, object]:
    return dict(snap.call(account, "global", "iam", "get-account-summary").data or {})


def _run(where: Where, data: dict[str, object]) -> Iterator[Result]:
    summary = data["SummaryMap"]
    assert isinstance(summary, dict)
    yield where.result(summary["AccountMFAEnabled"] == 1, where.account_arn, "root MFA")


def test_one_bad_account_does_not_sink_the_others(make_snapshot: Callable[..., Path]) -> None:
    manifest = {
        "format": "keyaki-snapshot",
        "format_version": 1,
        "created": "2026-11-01T12:00:00Z",
        "accounts": [{"id": "111111111111", "regions": []}, {"id": "222222222222", "regions": []}],
    }
    snap = open_snapshot(
        make_snapshot(
            {
                "accounts/111111111111/global/iam/get-account-summary.json": {"SummaryMap": {"AccountMFAEnabled": 1}},
                "accounts/222222222222/global/iam/get-account-summary.json": {"SummaryMap": "unexpected"},
            },
            manifest,
        )
    )
    ctx = Context(snap, ScanOptions(now=datetime(2026, 11, 1, tzinfo=UTC)))
    good, bad = list(ctx.run(Check(META, Scope.ACCOUNT, _load, _run)))
    assert good.outcome is Outcome.PASS and good.account == "111111111111"
    assert bad.outcome is Outcome.NOT_EVALUATED and bad.account == "222222222222"
    assert "TypeError" in bad.summary or "AssertionError" in bad.summary
