"""CSV: one row per finding, for spreadsheets (RFC 4180, ``\\r\\n`` line ends, a header row).

Cells that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, tab or
carriage return) get a leading ``'``, as OWASP's "CSV Injection" page recommends: findings carry
user-controlled strings (names, tags). https://owasp.org/www-community/attacks/CSV_Injection
"""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

from keyaki.findings.export.common import standard_label
from keyaki.findings.model import Finding

if TYPE_CHECKING:
    from keyaki.scan import ScanResult

COLUMNS = [
    "id",
    "severity",
    "type",
    "title",
    "resource",
    "resource_type",
    "account",
    "region",
    "standards",
    "evidence",
    "sources",
    "remediation",
    "status",
    "suppression",
]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_START) else value


def _row(f: Finding) -> list[str]:
    return [
        f.id,
        f.severity.value,
        f.type,
        f.title,
        f.resource,
        f.resource_type or "",
        f.account or "",
        f.region or "",
        "; ".join(standard_label(s.standard, s.control) for s in f.standards),
        f.evidence.summary,
        "; ".join(f.evidence.sources),
        f.remediation,
        f.status.value,
        f.suppression or "",
    ]


def to_csv(result: ScanResult) -> str:
    """The findings as CSV text, most severe first (the scan's order)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for f in result.findings:
        writer.writerow([_cell(v) for v in _row(f)])
    return out.getvalue()
