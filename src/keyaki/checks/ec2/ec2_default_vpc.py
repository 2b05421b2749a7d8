"""No default VPC is left in a region (its subnets assign public IPs and route to an internet gateway).

https://docs.aws.amazon.com/vpc/latest/userguide/default-vpc.html
"""

from __future__ import annotations

from collections.abc import Iterator

from keyaki.checks.registry import Check, Meta, Result, Scope, Where
from keyaki.findings.model import Severity
from keyaki.snapshot.views import ec2
from keyaki.snapshot.views.ec2 import Vpc

META = Meta(
    id="ec2_default_vpc",
    title="No default VPC is left in place",
    severity=Severity.LOW,
    service="ec2",
    resource_type="AWS::EC2::VPC",
    rationale="Anything launched without a subnet lands in the default VPC: public subnets, open to the internet.",
    remediation="Delete its dependencies, then `aws ec2 delete-vpc --vpc-id VPC` (a default VPC can be "
    "recreated with `aws ec2 create-default-vpc` if ever needed)",
    doc="https://docs.aws.amazon.com/vpc/latest/userguide/delete-vpc.html",
    needs=("ec2 describe-vpcs",),
)


def run(where: Where, vpcs: tuple[Vpc, ...]) -> Iterator[Result]:
    for v in vpcs:
        yield where.result(not v.default, v.arn, f"`{v.id}` is {'the default VPC' if v.default else 'not default'}")


CHECK = Check(META, Scope.REGION, ec2.vpcs, run)
