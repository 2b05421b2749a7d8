"""Where CLI output goes: JSON for machines on stdout, people's output through Rich.

Contract (ARCHITECTURE.md): ``--format json`` prints machine-readable JSON on stdout; exit codes are
0 = pass / nothing found, 1 = findings at or above the threshold, 2 = bad input or usage,
3 = could not decide. Progress and human messages go to stderr so a pipe gets clean JSON.
"""

from __future__ import annotations

import json
import sys
from enum import Enum, StrEnum
from typing import Any

from rich.console import Console


class Format(StrEnum):
    """Output formats shared by commands that print results."""

    table = "table"
    json = "json"


def stderr_console() -> Console:
    """A console for people: progress, summaries, errors (never mixed into JSON)."""
    return Console(stderr=True, soft_wrap=True)


def stdout_console() -> Console:
    """A console for tables printed on stdout."""
    return Console(soft_wrap=True)


def to_jsonable(obj: Any) -> Any:
    """Turn keyaki values (pydantic models, dataclasses, enums, sets) into plain JSON values."""
    if hasattr(obj, "model_dump"):
        return obj.model_dump(mode="json", exclude_none=False)
    if hasattr(obj, "to_json"):
        return obj.to_json()
    if isinstance(obj, Enum):
        return obj.value
    if isinstance(obj, dict):
        return {str(k): to_jsonable(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [to_jsonable(v) for v in obj]
    if isinstance(obj, set | frozenset):
        return sorted(to_jsonable(v) for v in obj)
    return obj


def emit_json(obj: Any, *, stream: Any = None) -> None:
    """Print ``obj`` as indented JSON on stdout (or ``stream``)."""
    out = stream or sys.stdout
    json.dump(to_jsonable(obj), out, indent=2, sort_keys=False, default=str)
    out.write("\n")


def emit_json_line(obj: Any) -> None:
    """Print ``obj`` as one compact JSON line (JSON Lines output)."""
    sys.stdout.write(json.dumps(to_jsonable(obj), separators=(",", ":"), default=str))
    sys.stdout.write("\n")
