"""keyaki's own JSON report: ``{"snapshot", "summary", "findings", "coverage_gaps", "analysis_errors"}``."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from keyaki.scan import ScanResult


def to_json_text(result: ScanResult) -> str:
    """The scan as indented JSON (documented in ``docs/findings.md``)."""
    return json.dumps(result.to_json(), indent=2) + "\n"
