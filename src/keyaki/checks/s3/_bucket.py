"""Building block of per-bucket S3 checks over the S3 view (:mod:`keyaki.snapshot.views.s3`).

A bucket attribute that was not collected gives NOT_EVALUATED; "not found" (no logging, no encryption
configuration) is a known "none".
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from keyaki.checks.registry import Check, Meta, Result, Scope, Where
from keyaki.snapshot import Snapshot
from keyaki.snapshot.load import Status
from keyaki.snapshot.views import Read, s3
from keyaki.snapshot.views.common import Missing
from keyaki.snapshot.views.s3 import Bucket


def buckets(snap: Snapshot, account: str, region: str) -> list[Bucket]:
    """The account's buckets; :class:`Missing` when ``list-buckets`` was not collected."""
    r = s3.load_buckets(snap, account)
    if r.value is None:
        raise Missing(r.source, "was not collected" if r.status is Status.NOT_COLLECTED else "could not be read")
    return r.value


def bucket_check(
    meta: Meta, attribute: Callable[[Bucket], Read[Any]], ok: Callable[[Any], bool], observed: Callable[[Any], str]
) -> Check[list[Bucket]]:
    """``ok(value)`` for one attribute of every bucket (``value`` None when AWS says there is none)."""

    def run(where: Where, items: list[Bucket]) -> Iterator[Result]:
        for b in items:
            read = attribute(b)
            if not read.known:
                yield where.not_evaluated(b.arn, f"`{read.source}` {read.status.value.replace('_', ' ')}")
                continue
            yield where.result(ok(read.value), b.arn, f"bucket `{b.name}` {observed(read.value)}")

    return Check(meta, Scope.ACCOUNT, buckets, run)
