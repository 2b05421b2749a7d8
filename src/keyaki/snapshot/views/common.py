"""Helpers every view shares: "data or Missing", AWS CLI timestamps, tag lists.

The AWS CLI prints timestamps as ISO 8601 (``2024-05-01T12:00:00+00:00`` or with ``Z``); boto3 dumps
may hold epoch seconds. Both parse to an aware UTC ``datetime``
(https://docs.aws.amazon.com/cli/latest/userguide/cli-usage-output-format.html).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from keyaki.snapshot.load import Response, Status


class Missing(Exception):
    """The data a view needs is not in the snapshot (not collected, access denied, unreadable)."""

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{reason}: {path}")


def need(resp: Response) -> Any:
    """The response's data; :class:`Missing` unless it is OK."""
    if resp.status is Status.OK:
        return resp.data
    raise Missing(resp.path, _reason(resp))


def need_or_none(resp: Response) -> Any:
    """The response's data, ``None`` when AWS said "not found"; :class:`Missing` when not collected/failed."""
    if resp.status is Status.NOT_FOUND:
        return None
    return need(resp)


def _reason(resp: Response) -> str:
    if resp.status is Status.NOT_COLLECTED:
        return "was not collected"
    return f"could not be read ({resp.error_code or 'error'})"


def parse_time(value: Any) -> datetime | None:
    """An aware UTC datetime from an ISO 8601 string or epoch seconds; ``None`` for N/A and the like.

    >>> parse_time("2024-05-01T12:00:00Z").isoformat()
    '2024-05-01T12:00:00+00:00'
    >>> parse_time("N/A") is None
    True
    """
    if isinstance(value, int | float) and not isinstance(value, bool):
        return datetime.fromtimestamp(float(value), UTC)
    if not isinstance(value, str) or not value or not value[0].isdigit():
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def days_since(now: datetime, then: datetime) -> int:
    """Whole days from ``then`` to ``now``."""
    return (now - then).days


def tags(items: Any, key: str = "Key", value: str = "Value") -> dict[str, str]:
    """``[{"Key": k, "Value": v}]`` as a dict (absent or malformed lists give ``{}``)."""
    if not isinstance(items, list):
        return {}
    return {str(t.get(key)): str(t.get(value, "")) for t in items if isinstance(t, dict) and key in t}


def as_list(value: Any) -> list[Any]:
    """``value`` if it is a list, else ``[]`` (permissive reading of optional AWS fields)."""
    return value if isinstance(value, list) else []


def as_dict(value: Any) -> dict[str, Any]:
    """``value`` if it is a dict, else ``{}``."""
    return value if isinstance(value, dict) else {}
