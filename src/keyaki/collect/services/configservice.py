"""AWS Config (regional): configuration recorders, their status, delivery channels.

https://docs.aws.amazon.com/config/latest/APIReference/API_DescribeConfigurationRecorders.html.
"""

from __future__ import annotations

from keyaki.collect.context import Context

SERVICE = "configservice"


def collect(ctx: Context) -> None:
    for op in (
        "describe-configuration-recorders",
        "describe-configuration-recorder-status",
        "describe-delivery-channels",
    ):
        ctx.call(SERVICE, op)
