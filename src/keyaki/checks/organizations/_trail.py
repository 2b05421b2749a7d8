"""The organisation trails of the management account, from every region collected.

An organisation trail is created in the management (or delegated) account with ``IsOrganizationTrail``
(https://docs.aws.amazon.com/awscloudtrail/latest/userguide/creating-trail-organization.html).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from keyaki.checks.registry import Check, Meta, Result, Scope, Where
from keyaki.snapshot import Snapshot
from keyaki.snapshot.layout import call_path
from keyaki.snapshot.views import cloudtrail
from keyaki.snapshot.views.cloudtrail import Trail
from keyaki.snapshot.views.common import Missing

NEEDS = ("cloudtrail describe-trails", "cloudtrail get-trail-status", "cloudtrail get-event-selectors")


def org_trails(snap: Snapshot, account: str, region: str) -> list[Trail]:
    """Organisation trails homed in the management account (each once, from its home region)."""
    regions = snap.regions(account)
    found: list[Trail] = []
    read = 0
    for r in regions:
        try:
            trails = cloudtrail.load(snap, account, r)
        except Missing:
            continue
        read += 1
        found += [t for t in trails if t.organization and t.home_region == r]
    if not read:
        where = call_path(account or "?", regions[0] if regions else "?", "cloudtrail", "describe-trails")
        raise Missing(where, "was not collected in any region of the management account")
    return found


def org_trail_check(
    meta: Meta, ok: Callable[[Trail], bool | None], observed: Callable[[Trail], str]
) -> Check[list[Trail]]:
    """At least one organisation trail satisfies ``ok`` (None: not known from the snapshot)."""

    def run(where: Where, trails: list[Trail]) -> Iterator[Result]:
        if not trails:
            yield where.result(False, where.account_arn, "the management account has no organisation trail")
            return
        answers = {t.arn: ok(t) for t in trails}
        good = [a for a, v in answers.items() if v]
        if not good and any(v is None for v in answers.values()):
            yield where.not_evaluated(where.account_arn, "trail status or event selectors were not collected")
            return
        summary = "; ".join(f"`{t.name}` {observed(t)}" for t in trails)
        yield where.result(bool(good), good[0] if good else trails[0].arn, summary)

    return Check(meta, Scope.ORG, org_trails, run)
