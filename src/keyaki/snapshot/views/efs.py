"""EFS file systems of one account and region, reduced to what the checks ask.

Fields: https://docs.aws.amazon.com/efs/latest/ug/API_FileSystemDescription.html
"""

from __future__ import annotations

from dataclasses import dataclass

from keyaki.snapshot import Snapshot
from keyaki.snapshot.views.common import as_dict, as_list, need


@dataclass(frozen=True, slots=True)
class FileSystem:
    id: str
    arn: str
    name: str
    encrypted: bool | None  # None: the field is absent
    kms_key: str | None


def load(snap: Snapshot, account: str, region: str) -> tuple[FileSystem, ...]:
    data = as_dict(need(snap.call(account, region, "efs", "describe-file-systems")))
    return tuple(
        FileSystem(
            id=str(fs.get("FileSystemId", "")),
            arn=str(
                fs.get("FileSystemArn")
                or f"arn:aws:elasticfilesystem:{region}:{account}:file-system/{fs.get('FileSystemId', '')}"
            ),
            name=str(fs.get("Name", "")),
            encrypted=fs["Encrypted"] if isinstance(fs.get("Encrypted"), bool) else None,
            kms_key=fs.get("KmsKeyId"),
        )
        for fs in as_list(data.get("FileSystems"))
        if isinstance(fs, dict)
    )
