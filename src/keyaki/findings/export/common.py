"""Small helpers the report formats share: the scan's time, ARN parts, standards, truncation.

ARN format: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
(``arn:partition:service:region:account-id:resource``).

>>> arn_part("arn:aws-us-gov:s3:::my-bucket", 1)
'aws-us-gov'
>>> truncate("abcdef", 4)
'a...'
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from keyaki.findings.model import Finding

if TYPE_CHECKING:
    from keyaki.scan import ScanResult

PRODUCT_NAME = "keyaki"
VENDOR_NAME = "keyaki"
INFORMATION_URI = "https://github.com/keyaki/keyaki"
HOME_REGION = "us-east-1"  # where account-level and global (IAM, S3 account) findings are filed


def scan_time(result: ScanResult) -> datetime:
    """The scan's time (the snapshot's creation time), in UTC; the wall clock only when unknown."""
    when = result.now or datetime.now(UTC)
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def iso_time(when: datetime) -> str:
    """RFC 3339 with milliseconds and ``Z``, as ASFF's ``CreatedAt`` takes it.

    >>> iso_time(datetime(2026, 11, 1, 12, 0, tzinfo=UTC))
    '2026-11-01T12:00:00.000Z'
    """
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{when.microsecond // 1000:03d}Z"


def arn_part(arn: str, index: int) -> str:
    """Field ``index`` of an ARN (1 partition, 2 service, 3 region, 4 account), ``""`` when absent."""
    parts = arn.split(":", 5)
    return parts[index] if arn.startswith("arn:") and len(parts) > index else ""


def partition(f: Finding) -> str:
    """``aws``, ``aws-cn`` or ``aws-us-gov``, read from the resource ARN (``aws`` by default)."""
    return arn_part(f.resource, 1) or "aws"


def account_of(f: Finding) -> str:
    """The finding's account, else the ARN's, else ``""``."""
    return f.account or arn_part(f.resource, 4)


def region_of(f: Finding) -> str:
    """The finding's region; global and account-level findings are filed in :data:`HOME_REGION`."""
    region = f.region or arn_part(f.resource, 3)
    return HOME_REGION if region in ("", "global") else region


def standard_label(standard: str, control: str) -> str:
    """``cis-aws-foundations-benchmark/v3.0.0`` + ``1.4`` -> ``cis-aws-foundations-benchmark/v3.0.0/1.4``."""
    return f"{standard}/{control}"


def truncate(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, ending with ``...`` when cut."""
    return text if len(text) <= limit else text[: max(limit - 3, 0)] + "..."


def json_lines_array(items: list[Any]) -> str:
    """A JSON array with one compact item per line: readable, diffable, and written by the C encoder.

    >>> json_lines_array([{"a": 1}, {"b": [2]}])
    '[\\n{"a": 1},\\n{"b": [2]}\\n]\\n'
    """
    if not items:
        return "[]\n"
    return "[\n" + ",\n".join(json.dumps(i) for i in items) + "\n]\n"


def compact_json(value: Any) -> str:
    """Deterministic one-line JSON (sorted keys) for evidence details inside text fields."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), default=str)
