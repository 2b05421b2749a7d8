"""Security Hub is enabled (CIS 4.16).

``describe-hub`` answers ``InvalidAccessException`` when the account is not subscribed.
https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-settingup.html
"""

from __future__ import annotations

from collections.abc import Iterator

from keyaki.checks.registry import Check, Meta, Result, Scope, Where
from keyaki.findings.model import Severity
from keyaki.snapshot.views import securityhub
from keyaki.snapshot.views.securityhub import SecurityHub

META = Meta(
    id="securityhub_enabled",
    title="Security Hub is enabled",
    severity=Severity.MEDIUM,
    service="securityhub",
    resource_type="AWS::::Account",
    rationale="Security Hub aggregates findings and runs the standards' controls continuously.",
    remediation="`aws securityhub enable-security-hub --enable-default-standards`",
    doc="https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-settingup.html",
    needs=("securityhub describe-hub", "securityhub get-enabled-standards"),
)


def run(where: Where, hub: SecurityHub) -> Iterator[Result]:
    summary = f"hub `{hub.hub_arn}` is enabled" if hub.hub_arn else "Security Hub is not enabled"
    yield where.result(hub.hub_arn is not None, where.account_arn, summary)


CHECK = Check(META, Scope.REGION, securityhub.load, run)
