"""Report formats for a scan: one function per format, registered by name.

Adding a format = one module here and one line in :data:`EXPORTERS`. Each exporter turns a
:class:`keyaki.scan.ScanResult` into the text of the report.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from keyaki.findings.export.asff import to_asff
from keyaki.findings.export.csv_report import to_csv
from keyaki.findings.export.html_report import to_html
from keyaki.findings.export.json_report import to_json_text
from keyaki.findings.export.ocsf import to_ocsf
from keyaki.findings.export.sarif import to_sarif

if TYPE_CHECKING:
    from keyaki.scan import ScanResult

Exporter = Callable[["ScanResult"], str]

# --- registered formats: one line each (``table`` is rendered by the CLI for people) -------------
EXPORTERS: dict[str, Exporter] = {
    "json": to_json_text,
    "csv": to_csv,
    "sarif": to_sarif,
    "asff": to_asff,
    "ocsf": to_ocsf,
    "html": to_html,
}
