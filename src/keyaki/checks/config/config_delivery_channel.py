"""A Config delivery channel exists where a recorder records.

Without a delivery channel the recorder cannot start. https://docs.aws.amazon.com/config/latest/developerguide/manage-delivery-channel.html
"""

from __future__ import annotations

from collections.abc import Iterator

from keyaki.checks.registry import Check, Meta, Result, Scope, Where
from keyaki.findings.model import Severity
from keyaki.snapshot.views import configservice
from keyaki.snapshot.views.configservice import ConfigService

META = Meta(
    id="config_delivery_channel",
    title="AWS Config has a delivery channel",
    severity=Severity.LOW,
    service="config",
    resource_type="AWS::Config::DeliveryChannel",
    rationale="Configuration snapshots and history files go nowhere without a delivery channel.",
    remediation="`aws configservice put-delivery-channel --delivery-channel name=default,s3BucketName=BUCKET`",
    doc="https://docs.aws.amazon.com/config/latest/developerguide/manage-delivery-channel.html",
    needs=(
        "configservice describe-configuration-recorders",
        "configservice describe-configuration-recorder-status",
        "configservice describe-delivery-channels",
    ),
)


def run(where: Where, cfg: ConfigService) -> Iterator[Result]:
    if cfg.recorders:
        ok = bool(cfg.delivery_channels)
        summary = f"delivery channels: {list(cfg.delivery_channels)}" if ok else "a recorder but no delivery channel"
        yield where.result(ok, where.account_arn, summary)


CHECK = Check(META, Scope.REGION, configservice.load, run)
