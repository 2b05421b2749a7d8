"""Lambda functions run in a VPC (Security Hub Lambda.3).

https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html
"""

from __future__ import annotations

from collections.abc import Iterator

from keyaki.checks.registry import Check, Meta, Result, Scope, Where
from keyaki.findings.model import Severity
from keyaki.snapshot.views import awslambda
from keyaki.snapshot.views.awslambda import Function

META = Meta(
    id="lambda_in_vpc",
    title="Lambda functions run in a VPC",
    severity=Severity.LOW,
    service="lambda",
    resource_type="AWS::Lambda::Function",
    rationale="In a VPC, security groups, NACLs and flow logs apply to the function's network traffic.",
    remediation="`aws lambda update-function-configuration --function-name NAME --vpc-config "
    "SubnetIds=SUBNET_A,SUBNET_B,SecurityGroupIds=SG`",
    doc="https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html",
    needs=("lambda list-functions",),
)


def run(where: Where, functions: tuple[Function, ...]) -> Iterator[Result]:
    for f in functions:
        summary = f"`{f.name}` runs in `{f.vpc_id}`" if f.vpc_id else f"`{f.name}` is not attached to a VPC"
        yield where.result(f.vpc_id is not None, f.arn, summary)


CHECK = Check(META, Scope.REGION, awslambda.load, run)
