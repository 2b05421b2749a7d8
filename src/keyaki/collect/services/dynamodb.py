"""DynamoDB (regional): tables, and the resource-based policies of each table and of its latest stream.

https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_GetResourcePolicy.html
(``PolicyNotFoundException`` when the resource has no policy: a "not found" answer). The key of a
policy is the table name, or ``<table>/stream/<label>`` for the stream (the ARN after ``table/``).
"""

from __future__ import annotations

from typing import Any

from keyaki.collect.context import Context
from keyaki.snapshot.views.resource_policies import dynamodb_policy_key

SERVICE = "dynamodb"


def collect(ctx: Context) -> None:
    listing = ctx.call(SERVICE, "list-tables")
    names = listing.get("TableNames") if isinstance(listing, dict) else None
    for name in names if isinstance(names, list) else []:
        if isinstance(name, str):
            table = ctx.call(SERVICE, "describe-table", name, TableName=name)
            _policies(ctx, table)


def _policies(ctx: Context, described: Any) -> None:
    table = described.get("Table") if isinstance(described, dict) else None
    if not isinstance(table, dict):
        return
    for field in ("TableArn", "LatestStreamArn"):
        arn = table.get(field)
        if isinstance(arn, str) and ":table/" in arn:
            ctx.call(SERVICE, "get-resource-policy", dynamodb_policy_key(arn), ResourceArn=arn)
