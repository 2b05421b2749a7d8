"""Building block of per-trail checks: a predicate over each trail homed in the region.

Shadow copies of multi-region trails are skipped (evaluated once, in their home region), and so are
organisation trails of another account (evaluated in the account that owns them).
https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-concepts.html#cloudtrail-concepts-trails
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from keyaki.checks.registry import Check, Meta, Result, Scope, Where
from keyaki.snapshot.views import cloudtrail
from keyaki.snapshot.views.cloudtrail import Trail

NEEDS = ("cloudtrail describe-trails",)


def trail_check(meta: Meta, ok: Callable[[Trail], bool], observed: Callable[[Trail], str]) -> Check[tuple[Trail, ...]]:
    """A check of ``ok`` on every trail whose home region is the scope's region."""

    def run(where: Where, trails: tuple[Trail, ...]) -> Iterator[Result]:
        for t in trails:
            if t.home_region == where.region and t.arn.split(":")[4:5] == [where.account]:
                yield where.result(ok(t), t.arn, f"trail `{t.name}` {observed(t)}")

    return Check(meta, Scope.REGION, cloudtrail.load, run)
