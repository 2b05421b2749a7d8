"""Lambda functions use a runtime that is not deprecated at the snapshot's time (Security Hub Lambda.2).

Deprecation dates from the Lambda runtimes page ("Deprecated runtimes" and "Upcoming runtime deprecations"):
https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

from keyaki.checks.registry import Check, Meta, Result, Scope, Where
from keyaki.findings.model import Severity
from keyaki.snapshot.views import awslambda
from keyaki.snapshot.views.awslambda import Function

DEPRECATED = {  # runtime identifier -> deprecation date (UTC)
    "python2.7": "2021-07-15",
    "python3.6": "2022-07-18",
    "python3.7": "2023-12-04",
    "python3.8": "2024-10-14",
    "python3.9": "2025-12-15",
    "nodejs": "2016-10-31",
    "nodejs4.3": "2020-03-05",
    "nodejs4.3-edge": "2020-03-05",
    "nodejs6.10": "2019-08-12",
    "nodejs8.10": "2020-03-06",
    "nodejs10.x": "2021-07-30",
    "nodejs12.x": "2023-03-31",
    "nodejs14.x": "2023-12-04",
    "nodejs16.x": "2024-06-12",
    "nodejs18.x": "2025-09-01",
    "nodejs20.x": "2026-04-30",
    "java8": "2024-01-08",
    "go1.x": "2024-01-08",
    "provided": "2024-01-08",
    "ruby2.5": "2021-07-30",
    "ruby2.7": "2023-12-07",
    "ruby3.2": "2026-03-31",
    "dotnetcore1.0": "2019-07-30",
    "dotnetcore2.0": "2019-05-30",
    "dotnetcore2.1": "2022-01-05",
    "dotnetcore3.1": "2023-04-03",
    "dotnet5.0": "2022-05-10",
    "dotnet6": "2024-12-20",
    "dotnet7": "2024-05-14",
}

META = Meta(
    id="lambda_runtime_supported",
    title="Lambda functions use a supported runtime",
    severity=Severity.MEDIUM,
    service="lambda",
    resource_type="AWS::Lambda::Function",
    rationale="Deprecated runtimes no longer receive security patches.",
    remediation="Port the code and `aws lambda update-function-configuration --function-name NAME --runtime RUNTIME`",
    doc="https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html",
    needs=("lambda list-functions",),
)


def run(where: Where, functions: tuple[Function, ...]) -> Iterator[Result]:
    for f in functions:
        if f.runtime is None:
            continue  # container images bring their own runtime
        date = DEPRECATED.get(f.runtime)
        dead = date is not None and datetime.fromisoformat(date).replace(tzinfo=UTC) <= where.now
        state = f"deprecated since {date}" if dead else "supported"
        yield where.result(not dead, f.arn, f"`{f.name}` uses {f.runtime} ({state})")


CHECK = Check(META, Scope.REGION, awslambda.load, run)
