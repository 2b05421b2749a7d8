"""Lambda functions of one account and region (``list-functions``).

https://docs.aws.amazon.com/lambda/latest/api/API_FunctionConfiguration.html
"""

from __future__ import annotations

from dataclasses import dataclass

from keyaki.snapshot import Snapshot
from keyaki.snapshot.views.common import as_dict, as_list, need


@dataclass(frozen=True, slots=True)
class Function:
    name: str
    arn: str
    runtime: str | None  # None for container images
    package_type: str
    vpc_id: str | None
    subnets: tuple[str, ...]


def load(snap: Snapshot, account: str, region: str) -> tuple[Function, ...]:
    data = as_dict(need(snap.call(account, region, "lambda", "list-functions")))
    out = []
    for f in as_list(data.get("Functions")):
        f = as_dict(f)
        vpc = as_dict(f.get("VpcConfig"))
        out.append(
            Function(
                name=str(f.get("FunctionName", "")),
                arn=str(f.get("FunctionArn", "")),
                runtime=f.get("Runtime"),
                package_type=str(f.get("PackageType", "Zip")),
                vpc_id=vpc.get("VpcId") or None,
                subnets=tuple(str(s) for s in as_list(vpc.get("SubnetIds"))),
            )
        )
    return tuple(out)
