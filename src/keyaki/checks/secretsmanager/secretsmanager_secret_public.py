"""Secrets Manager resource policies do not allow public access, decided on the IAM evaluator.

See :mod:`keyaki.checks.public`. https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_resource-policies.html
"""

from __future__ import annotations

from keyaki.checks.public import Item, per_resource_policy, public_check
from keyaki.checks.registry import Meta
from keyaki.findings.model import Severity
from keyaki.snapshot import Snapshot
from keyaki.snapshot.views import secretsmanager

ACTIONS = (
    "secretsmanager:GetSecretValue",
    "secretsmanager:PutSecretValue",
    "secretsmanager:PutResourcePolicy",
    "secretsmanager:DeleteSecret",
    "secretsmanager:DescribeSecret",
)


def load(snap: Snapshot, account: str, region: str) -> list[Item]:
    return [
        per_resource_policy(
            snap, account, region, "secretsmanager", "get-resource-policy", s.name, s.arn, "ResourcePolicy"
        )
        for s in secretsmanager.load(snap, account, region)
    ]


CHECK = public_check(
    Meta(
        id="secretsmanager_secret_public",
        title="Secrets Manager resource policies do not allow public access",
        severity=Severity.CRITICAL,
        service="secretsmanager",
        resource_type="AWS::SecretsManager::Secret",
        rationale="A public secret policy leaves only the KMS key policy between the internet and the secret.",
        remediation="`aws secretsmanager delete-resource-policy --secret-id NAME`, or put a restricted one with "
        "`aws secretsmanager put-resource-policy --secret-id NAME --resource-policy file://policy.json "
        "--block-public-policy`",
        doc="https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_resource-policies.html",
        needs=("secretsmanager list-secrets", "secretsmanager get-resource-policy"),
    ),
    load,
    ACTIONS,
)
