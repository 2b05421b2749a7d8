"""ECR (regional): repositories and their repository policies.

https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_GetRepositoryPolicy.html.
"""

from __future__ import annotations

from keyaki.collect.context import Context, items

SERVICE = "ecr"


def collect(ctx: Context) -> None:
    for repo in items(ctx.call(SERVICE, "describe-repositories"), "repositories"):
        name = repo.get("repositoryName")
        if isinstance(name, str):
            ctx.call(SERVICE, "get-repository-policy", name, repositoryName=name)
