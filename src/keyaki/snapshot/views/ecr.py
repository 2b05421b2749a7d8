"""ECR repositories of one account and region (``describe-repositories``).

https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_Repository.html
"""

from __future__ import annotations

from dataclasses import dataclass

from keyaki.snapshot import Snapshot
from keyaki.snapshot.views.common import as_dict, as_list, need


@dataclass(frozen=True, slots=True)
class Repository:
    name: str
    arn: str
    tag_mutability: str
    scan_on_push: bool
    encryption: str  # AES256 / KMS / KMS_DSSE


def load(snap: Snapshot, account: str, region: str) -> tuple[Repository, ...]:
    data = as_dict(need(snap.call(account, region, "ecr", "describe-repositories")))
    return tuple(
        Repository(
            name=str(r.get("repositoryName", "")),
            arn=str(r.get("repositoryArn", "")),
            tag_mutability=str(r.get("imageTagMutability", "MUTABLE")),
            scan_on_push=as_dict(r.get("imageScanningConfiguration")).get("scanOnPush") is True,
            encryption=str(as_dict(r.get("encryptionConfiguration")).get("encryptionType", "AES256")),
        )
        for r in (as_dict(x) for x in as_list(data.get("repositories")))
    )
