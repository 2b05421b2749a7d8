"""ECR repositories have immutable tags (Security Hub ECR.2).

https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-tag-mutability.html
"""

from __future__ import annotations

from collections.abc import Iterator

from keyaki.checks.registry import Check, Meta, Result, Scope, Where
from keyaki.findings.model import Severity
from keyaki.snapshot.views import ecr
from keyaki.snapshot.views.ecr import Repository

META = Meta(
    id="ecr_tag_immutability",
    title="ECR repositories have immutable tags",
    severity=Severity.MEDIUM,
    service="ecr",
    resource_type="AWS::ECR::Repository",
    rationale="Mutable tags let a pushed image silently replace the one a deployment pinned by tag.",
    remediation="`aws ecr put-image-tag-mutability --repository-name NAME --image-tag-mutability IMMUTABLE`",
    doc="https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-tag-mutability.html",
    needs=("ecr describe-repositories",),
)


def run(where: Where, repos: tuple[Repository, ...]) -> Iterator[Result]:
    for r in repos:
        yield where.result(
            r.tag_mutability.startswith("IMMUTABLE"), r.arn, f"`{r.name}` has imageTagMutability={r.tag_mutability}"
        )


CHECK = Check(META, Scope.REGION, ecr.load, run)
