"""Source ARNs from inside the zone of trust: the exclusion a question applies to ``aws:SourceArn``.

A service principal acts on behalf of the resource that triggered it; AWS names that resource in
``aws:SourceArn`` and its account in ``aws:SourceAccount`` (IAM User Guide, "The confused deputy problem",
https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html, and "AWS global condition context
keys"). A question's ``exclude`` map rules out exact values of a key; a source ARN is ruled out by its
*account field* (the fifth colon-separated field, ``arn:aws:sns:us-east-1:111122223333:topic``) or, for an
Amazon S3 bucket ARN, which has no account field (``arn:aws:s3:::NAME``), by the bucket name. Both are
written in the same map under ``<key>#account`` and ``<key>#bucket``, so they travel with the question
wherever its exact exclusions go; the candidate search (``access.search``) and the solver
(``access.symbolic``) both read them through this module's definition.

>>> ex = exclusions("aws:SourceArn", frozenset({"111122223333"}), frozenset({"acme-logs"}))
>>> inside(ex, "aws:sourcearn", "arn:aws:sns:us-east-1:111122223333:alerts")
True
>>> inside(ex, "aws:sourcearn", "arn:aws:s3:::acme-logs"), inside(ex, "aws:sourcearn", "arn:aws:s3:::other")
(True, False)
"""

from __future__ import annotations

from collections.abc import Mapping

ACCOUNT, BUCKET = "#account", "#bucket"


def exclusions(key: str, accounts: frozenset[str], buckets: frozenset[str]) -> dict[str, frozenset[str]]:
    """The ``exclude`` entries that rule out source ARNs of ``accounts`` and of ``buckets``."""
    low = key.lower()
    return {low + ACCOUNT: accounts, low + BUCKET: buckets}


def zone_of_arn(exclude: Mapping[str, frozenset[str]], key: str) -> tuple[frozenset[str], frozenset[str]]:
    """The accounts and bucket names whose ARNs a key may not hold (both empty: no such exclusion)."""
    low = key.lower()
    return exclude.get(low + ACCOUNT, frozenset()), exclude.get(low + BUCKET, frozenset())


def inside(exclude: Mapping[str, frozenset[str]], key: str, value: str) -> bool:
    """Whether ``value`` of ``key`` is an ARN the question rules out (see the module docstring)."""
    accounts, buckets = zone_of_arn(exclude, key)
    parts = value.split(":", 5)
    if len(parts) != 6 or parts[0] != "arn":
        return False
    if parts[4] in accounts:
        return True
    return parts[2] == "s3" and parts[3] == "" and parts[4] == "" and parts[5] in buckets
