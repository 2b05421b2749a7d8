"""Every VPC has an active flow log recording rejected traffic (CIS 3.7, Security Hub EC2.6).

A flow log on the VPC with TrafficType ALL or REJECT.
https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs.html
"""

from __future__ import annotations

from collections.abc import Iterator

from keyaki.checks.registry import Check, Meta, Result, Scope, Where
from keyaki.findings.model import Severity
from keyaki.snapshot import Snapshot
from keyaki.snapshot.views import ec2
from keyaki.snapshot.views.ec2 import Vpc

META = Meta(
    id="ec2_vpc_flow_logs",
    title="VPC flow logging is enabled in every VPC",
    severity=Severity.MEDIUM,
    service="ec2",
    resource_type="AWS::EC2::VPC",
    rationale="Flow logs are the only record of who tried to connect where once an incident is suspected.",
    remediation="`aws ec2 create-flow-logs --resource-type VPC --resource-ids VPC --traffic-type REJECT "
    "--log-destination-type s3 --log-destination arn:aws:s3:::BUCKET`",
    doc="https://docs.aws.amazon.com/vpc/latest/userguide/working-with-flow-logs.html",
    needs=("ec2 describe-vpcs", "ec2 describe-flow-logs"),
)

Data = tuple[tuple[Vpc, ...], dict[str, list[str]]]


def load(snap: Snapshot, account: str, region: str) -> Data:
    return ec2.vpcs(snap, account, region), ec2.flow_logs(snap, account, region)


def run(where: Where, data: Data) -> Iterator[Result]:
    vpcs, logs = data
    for v in vpcs:
        types = logs.get(v.id, [])
        ok = any(t in ("ALL", "REJECT") for t in types)
        yield where.result(ok, v.arn, f"`{v.id}` has active flow logs of traffic types {types}")


CHECK = Check(META, Scope.REGION, load, run)
