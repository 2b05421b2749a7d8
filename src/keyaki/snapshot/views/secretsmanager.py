"""Secrets Manager secrets of one account and region (from ``list-secrets``).

Fields: https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_SecretListEntry.html.
``LastAccessedDate`` is a date (day granularity).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from keyaki.snapshot import Snapshot
from keyaki.snapshot.views.common import as_dict, as_list, need, parse_time, tags


@dataclass(frozen=True, slots=True)
class Secret:
    arn: str
    name: str
    kms_key: str | None
    rotation_enabled: bool
    rotation_days: int | None
    schedule: str | None
    last_rotated: datetime | None
    last_accessed: datetime | None
    created: datetime | None
    tags: dict[str, str]


def load(snap: Snapshot, account: str, region: str) -> tuple[Secret, ...]:
    data = as_dict(need(snap.call(account, region, "secretsmanager", "list-secrets")))
    out = []
    for s in as_list(data.get("SecretList")):
        s = as_dict(s)
        rules = as_dict(s.get("RotationRules"))
        days = rules.get("AutomaticallyAfterDays")
        out.append(
            Secret(
                arn=str(s.get("ARN", "")),
                name=str(s.get("Name", "")),
                kms_key=s.get("KmsKeyId"),
                rotation_enabled=s.get("RotationEnabled") is True,
                rotation_days=days if isinstance(days, int) else None,
                schedule=rules.get("ScheduleExpression"),
                last_rotated=parse_time(s.get("LastRotatedDate")),
                last_accessed=parse_time(s.get("LastAccessedDate")),
                created=parse_time(s.get("CreatedDate")),
                tags=tags(s.get("Tags")),
            )
        )
    return tuple(out)
