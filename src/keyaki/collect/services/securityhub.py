"""Security Hub (regional): whether the hub is enabled, and its enabled standards.

An account that is not subscribed answers ``InvalidAccessException`` (a "not found" answer):
https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_DescribeHub.html.
"""

from __future__ import annotations

from keyaki.collect.context import Context

SERVICE = "securityhub"


def collect(ctx: Context) -> None:
    ctx.call(SERVICE, "describe-hub")
    ctx.call(SERVICE, "get-enabled-standards")
