"""EC2 instances stopped for more than 30 days are removed (Security Hub EC2.4).

The stop time comes from ``StateTransitionReason`` (``User initiated (YYYY-MM-DD HH:MM:SS GMT)``).
https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-4
"""

from __future__ import annotations

from collections.abc import Iterator

from keyaki.checks.registry import Check, Meta, Result, Scope, Where
from keyaki.findings.model import Severity
from keyaki.snapshot.views import ec2
from keyaki.snapshot.views.common import days_since
from keyaki.snapshot.views.ec2 import Instance

DAYS = 30

META = Meta(
    id="ec2_stopped_instance",
    title="Instances stopped for more than 30 days are removed",
    severity=Severity.MEDIUM,
    service="ec2",
    resource_type="AWS::EC2::Instance",
    rationale="A long-stopped instance misses every patch and restarts vulnerable with its old role.",
    remediation="`aws ec2 terminate-instances --instance-ids ID` (snapshot its volumes first if needed)",
    doc="https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/Stop_Start.html",
    needs=("ec2 describe-instances",),
)


def run(where: Where, items: tuple[Instance, ...]) -> Iterator[Result]:
    for i in items:
        if i.state != "stopped":
            continue
        if i.stopped_since is None:
            yield where.not_evaluated(i.arn, f"`{i.id}` is stopped but its StateTransitionReason has no date")
            continue
        age = days_since(where.now, i.stopped_since)
        yield where.result(age <= DAYS, i.arn, f"`{i.id}` has been stopped for {age} days")


CHECK = Check(META, Scope.REGION, ec2.instances, run)
