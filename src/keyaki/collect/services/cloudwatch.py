"""CloudWatch (regional): metric alarms, which the CIS 4.x monitoring checks read.

https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DescribeAlarms.html
"""

from __future__ import annotations

from keyaki.collect.context import Context

SERVICE = "cloudwatch"


def collect(ctx: Context) -> None:
    ctx.call(SERVICE, "describe-alarms")
