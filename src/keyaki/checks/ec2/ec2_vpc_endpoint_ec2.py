"""Every VPC has an interface endpoint for the EC2 API (Security Hub EC2.10).

https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-10
"""

from __future__ import annotations

from collections.abc import Iterator

from keyaki.checks.registry import Check, Meta, Result, Scope, Where
from keyaki.findings.model import Severity
from keyaki.snapshot import Snapshot
from keyaki.snapshot.views import ec2
from keyaki.snapshot.views.ec2 import Vpc

META = Meta(
    id="ec2_vpc_endpoint_ec2",
    title="VPCs reach the EC2 API through a VPC endpoint",
    severity=Severity.MEDIUM,
    service="ec2",
    resource_type="AWS::EC2::VPC",
    rationale="An endpoint keeps EC2 API traffic off the internet and lets an endpoint policy restrict it.",
    remediation="`aws ec2 create-vpc-endpoint --vpc-id VPC --vpc-endpoint-type Interface "
    "--service-name com.amazonaws.REGION.ec2 --subnet-ids SUBNETS`",
    doc="https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/interface-vpc-endpoints.html",
    needs=("ec2 describe-vpcs", "ec2 describe-vpc-endpoints"),
)

Data = tuple[tuple[Vpc, ...], tuple[tuple[str, str, str], ...]]


def load(snap: Snapshot, account: str, region: str) -> Data:
    return ec2.vpcs(snap, account, region), ec2.vpc_endpoints(snap, account, region)


def run(where: Where, data: Data) -> Iterator[Result]:
    vpcs, endpoints = data
    service = f"com.amazonaws.{where.region}.ec2"
    for v in vpcs:
        ok = any(vpc == v.id and name == service and state == "available" for vpc, name, state in endpoints)
        yield where.result(ok, v.arn, f"`{v.id}` {'has' if ok else 'has no'} available endpoint for `{service}`")


CHECK = Check(META, Scope.REGION, load, run)
