"""CloudWatch Logs (regional): metric filters, which the CIS 4.x monitoring checks read.

https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_DescribeMetricFilters.html
"""

from __future__ import annotations

from keyaki.collect.context import Context

SERVICE = "logs"


def collect(ctx: Context) -> None:
    ctx.call(SERVICE, "describe-metric-filters")
