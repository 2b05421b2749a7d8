"""AWS Config records all supported resources in the region (CIS 3.3, Security Hub Config.1).

A recorder with ``allSupported`` whose status is ``recording`` (and not failing).
https://docs.aws.amazon.com/config/latest/developerguide/stop-start-recorder.html
"""

from __future__ import annotations

from collections.abc import Iterator

from keyaki.checks.registry import Check, Meta, Result, Scope, Where
from keyaki.findings.model import Severity
from keyaki.snapshot.views import configservice
from keyaki.snapshot.views.configservice import ConfigService

META = Meta(
    id="config_recorder_enabled",
    title="AWS Config records all resources in every region",
    severity=Severity.MEDIUM,
    service="config",
    resource_type="AWS::::Account",
    rationale='Config\'s history answers "what changed, when" in an investigation; a region without it is dark.',
    remediation="`aws configservice put-configuration-recorder --configuration-recorder name=default,roleARN=ROLE "
    "--recording-group allSupported=true` then `aws configservice start-configuration-recorder "
    "--configuration-recorder-name default`",
    doc="https://docs.aws.amazon.com/config/latest/developerguide/gs-cli.html",
    needs=(
        "configservice describe-configuration-recorders",
        "configservice describe-configuration-recorder-status",
        "configservice describe-delivery-channels",
    ),
)


def run(where: Where, cfg: ConfigService) -> Iterator[Result]:
    rec = [r for r in cfg.recorders if r.all_supported and r.recording and r.last_status != "FAILURE"]
    seen = [
        f"{r.name}: allSupported={r.all_supported} recording={r.recording} lastStatus={r.last_status}"
        for r in cfg.recorders
    ]
    summary = f"recorders: {seen}" if seen else "no configuration recorder in this region"
    yield where.result(bool(rec), where.account_arn, summary, recorders=seen)


CHECK = Check(META, Scope.REGION, configservice.load, run)
