"""VPC-attached Lambda functions use subnets in at least two Availability Zones (Security Hub Lambda.5).

https://docs.aws.amazon.com/lambda/latest/dg/security-resilience.html
"""

from __future__ import annotations

from collections.abc import Iterator

from keyaki.checks.registry import Check, Meta, Result, Scope, Where
from keyaki.findings.model import Severity
from keyaki.snapshot import Snapshot
from keyaki.snapshot.views import awslambda, ec2
from keyaki.snapshot.views.awslambda import Function

META = Meta(
    id="lambda_multi_az",
    title="VPC Lambda functions span at least two Availability Zones",
    severity=Severity.MEDIUM,
    service="lambda",
    resource_type="AWS::Lambda::Function",
    rationale="A function whose subnets sit in one zone stops when that zone does.",
    remediation="`aws lambda update-function-configuration --function-name NAME --vpc-config "
    "SubnetIds=SUBNET_IN_ZONE_A,SUBNET_IN_ZONE_B,SecurityGroupIds=SG`",
    doc="https://docs.aws.amazon.com/lambda/latest/dg/security-resilience.html",
    needs=("lambda list-functions", "ec2 describe-subnets"),
)

Data = tuple[tuple[Function, ...], dict[str, str]]


def load(snap: Snapshot, account: str, region: str) -> Data:
    functions = awslambda.load(snap, account, region)
    zones = {s.id: s.zone for s in ec2.subnets(snap, account, region)} if any(f.vpc_id for f in functions) else {}
    return functions, zones


def run(where: Where, data: Data) -> Iterator[Result]:
    functions, zones = data
    for f in functions:
        if not f.vpc_id:
            continue
        unknown = [s for s in f.subnets if s not in zones]
        if unknown:
            yield where.not_evaluated(f.arn, f"subnets {unknown} of `{f.name}` are not in describe-subnets")
            continue
        azs = sorted({zones[s] for s in f.subnets})
        yield where.result(len(azs) >= 2, f.arn, f"`{f.name}` runs in zone(s) {azs}")


CHECK = Check(META, Scope.REGION, load, run)
