"""IAM Access Analyzer (regional): the analyzers of the account or organisation.

https://docs.aws.amazon.com/access-analyzer/latest/APIReference/API_ListAnalyzers.html.
"""

from __future__ import annotations

from keyaki.collect.context import Context

SERVICE = "accessanalyzer"


def collect(ctx: Context) -> None:
    ctx.call(SERVICE, "list-analyzers")
