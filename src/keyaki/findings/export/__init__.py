"""Report formats for a scan: one function per format, registered by name.

Adding a format = one module here and one line in :data:`EXPORTERS`. Each exporter turns a
:class:`keyaki.scan.ScanResult` into the text of the report.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from keyaki.findings.export.json_report import to_json_text

if TYPE_CHECKING:
    from keyaki.scan import ScanResult

Exporter = Callable[["ScanResult"], str]

# --- registered formats: one line each (``table`` is rendered by the CLI for people) -------------
EXPORTERS: dict[str, Exporter] = {
    "json": to_json_text,
}
