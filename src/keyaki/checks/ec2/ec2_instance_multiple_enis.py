"""EC2 instances use a single network interface (Security Hub EC2.17).

https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-17
"""

from __future__ import annotations

from collections.abc import Iterator

from keyaki.checks.registry import Check, Meta, Result, Scope, Where
from keyaki.findings.model import Severity
from keyaki.snapshot.views import ec2
from keyaki.snapshot.views.ec2 import Instance

META = Meta(
    id="ec2_instance_multiple_enis",
    title="EC2 instances use a single network interface",
    severity=Severity.LOW,
    service="ec2",
    resource_type="AWS::EC2::Instance",
    rationale="Several interfaces can bridge subnets and bypass the intended network segmentation.",
    remediation="`aws ec2 detach-network-interface --attachment-id ATTACHMENT` for the extra interfaces",
    doc="https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/using-eni.html",
    needs=("ec2 describe-instances",),
)


def run(where: Where, items: tuple[Instance, ...]) -> Iterator[Result]:
    for i in items:
        if i.state not in ("terminated", "shutting-down"):
            yield where.result(i.eni_count <= 1, i.arn, f"`{i.id}` has {i.eni_count} network interface(s)")


CHECK = Check(META, Scope.REGION, ec2.instances, run)
