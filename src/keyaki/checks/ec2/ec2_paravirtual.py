"""EC2 instances do not use paravirtual virtualization (Security Hub EC2.24).

https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/virtualization_types.html
"""

from __future__ import annotations

from collections.abc import Iterator

from keyaki.checks.registry import Check, Meta, Result, Scope, Where
from keyaki.findings.model import Severity
from keyaki.snapshot.views import ec2
from keyaki.snapshot.views.ec2 import Instance

META = Meta(
    id="ec2_paravirtual",
    title="EC2 instances use HVM, not paravirtual, virtualization",
    severity=Severity.MEDIUM,
    service="ec2",
    resource_type="AWS::EC2::Instance",
    rationale="Paravirtual instance types are previous generation and miss security features of Nitro.",
    remediation="Migrate to an HVM AMI and a current instance type, then terminate the instance: "
    "`aws ec2 terminate-instances --instance-ids ID`",
    doc="https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/virtualization_types.html",
    needs=("ec2 describe-instances",),
)


def run(where: Where, items: tuple[Instance, ...]) -> Iterator[Result]:
    for i in items:
        if i.state != "terminated" and i.virtualization:
            yield where.result(i.virtualization != "paravirtual", i.arn, f"`{i.id}` uses {i.virtualization}")


CHECK = Check(META, Scope.REGION, ec2.instances, run)
