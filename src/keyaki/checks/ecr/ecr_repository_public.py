"""ECR repository policies do not allow public access, decided on the IAM evaluator.

See :mod:`keyaki.checks.public`. https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-policies.html
"""

from __future__ import annotations

from keyaki.checks.public import Item, per_resource_policy, public_check
from keyaki.checks.registry import Meta
from keyaki.findings.model import Severity
from keyaki.snapshot import Snapshot
from keyaki.snapshot.views import ecr

ACTIONS = (
    "ecr:BatchGetImage",
    "ecr:GetDownloadUrlForLayer",
    "ecr:PutImage",
    "ecr:InitiateLayerUpload",
    "ecr:SetRepositoryPolicy",
    "ecr:BatchDeleteImage",
)


def load(snap: Snapshot, account: str, region: str) -> list[Item]:
    return [
        per_resource_policy(snap, account, region, "ecr", "get-repository-policy", r.name, r.arn, "policyText")
        for r in ecr.load(snap, account, region)
    ]


CHECK = public_check(
    Meta(
        id="ecr_repository_public",
        title="ECR repository policies do not allow public access",
        severity=Severity.HIGH,
        service="ecr",
        resource_type="AWS::ECR::Repository",
        rationale="A public repository leaks images (and the secrets baked into them) or accepts pushed images.",
        remediation="`aws ecr set-repository-policy --repository-name NAME --policy-text file://policy.json` "
        "without the public statement, or `aws ecr delete-repository-policy --repository-name NAME`",
        doc="https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-policies.html",
        needs=("ecr describe-repositories", "ecr get-repository-policy"),
    ),
    load,
    ACTIONS,
)
