"""ECR private repositories scan images on push (Security Hub ECR.1).

https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-scanning.html
"""

from __future__ import annotations

from collections.abc import Iterator

from keyaki.checks.registry import Check, Meta, Result, Scope, Where
from keyaki.findings.model import Severity
from keyaki.snapshot.views import ecr
from keyaki.snapshot.views.ecr import Repository

META = Meta(
    id="ecr_scan_on_push",
    title="ECR private repositories scan images on push",
    severity=Severity.HIGH,
    service="ecr",
    resource_type="AWS::ECR::Repository",
    rationale="Scanning on push finds known vulnerabilities before an image is deployed.",
    remediation="`aws ecr put-image-scanning-configuration --repository-name NAME "
    "--image-scanning-configuration scanOnPush=true`",
    doc="https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-scanning.html",
    needs=("ecr describe-repositories",),
)


def run(where: Where, repos: tuple[Repository, ...]) -> Iterator[Result]:
    for r in repos:
        yield where.result(r.scan_on_push, r.arn, f"`{r.name}` has scanOnPush={r.scan_on_push}")


CHECK = Check(META, Scope.REGION, ecr.load, run)
