"""OCSF 1.1.0 Compliance Finding events (class 2003, category Findings), one per finding.

Follows the schema https://schema.ocsf.io/1.1.0/classes/compliance_finding (base event + finding +
compliance finding, with the ``cloud`` profile): ``type_uid = class_uid * 100 + activity_id``;
``time`` is epoch milliseconds (the scan's time); severity, status and compliance status use the
1.1.0 enums. The evidence has no attribute in this class in 1.1.0, so it goes, whole, under
``unmapped.evidence`` as OCSF prescribes for source data without a mapped attribute.

The output is a JSON list of events (Amazon Security Lake and most OCSF tools also take one event per
line: ``jq -c '.[]'``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from keyaki import __version__
from keyaki.findings.export.common import (
    PRODUCT_NAME,
    VENDOR_NAME,
    account_of,
    json_lines_array,
    partition,
    region_of,
    scan_time,
    standard_label,
)
from keyaki.findings.model import Finding, Severity, Status

if TYPE_CHECKING:
    from keyaki.scan import ScanResult

OCSF_VERSION = "1.1.0"
CATEGORY_UID, CATEGORY_NAME = 2, "Findings"
CLASS_UID, CLASS_NAME = 2003, "Compliance Finding"

SEVERITY_ID = {
    Severity.INFORMATIONAL: (1, "Informational"),
    Severity.LOW: (2, "Low"),
    Severity.MEDIUM: (3, "Medium"),
    Severity.HIGH: (4, "High"),
    Severity.CRITICAL: (5, "Critical"),
}
# finding status_id: 1 New, 2 In Progress, 3 Suppressed, 4 Resolved
STATUS_ID = {Status.ACTIVE: (1, "New"), Status.SUPPRESSED: (3, "Suppressed"), Status.RESOLVED: (4, "Resolved")}
# activity_id: 1 Create, 2 Update, 3 Close
ACTIVITY_ID = {Status.ACTIVE: (1, "Create"), Status.SUPPRESSED: (1, "Create"), Status.RESOLVED: (3, "Close")}
# compliance status_id: 1 Pass, 2 Warning (no result for missing information), 3 Fail
COMPLIANCE_FAIL, COMPLIANCE_WARNING = (3, "Fail"), (2, "Warning")
KEYAKI_STANDARD = "keyaki"  # ``compliance.standards`` is required: keyaki's own checks name keyaki


def _compliance(f: Finding) -> dict[str, Any]:
    status_id, status = COMPLIANCE_WARNING if f.type == "keyaki/coverage-gap" else COMPLIANCE_FAIL
    out: dict[str, Any] = {
        "standards": list(dict.fromkeys(s.standard for s in f.standards)) or [KEYAKI_STANDARD],
        "requirements": [standard_label(s.standard, s.control) for s in f.standards] or [f.type],
        "control": f.standards[0].control if f.standards else f.type,
        "status": status,
        "status_id": status_id,
    }
    return out


def _resource(f: Finding, account: str, region: str) -> dict[str, Any]:
    out: dict[str, Any] = {
        "uid": f.resource,
        "type": f.resource_type or "Other",
        "region": region,
        "cloud_partition": partition(f),
        "owner": {"account": {"uid": account, "type": "AWS Account", "type_id": 10}},
    }
    return out


def _classification(f: Finding, time_ms: int) -> dict[str, Any]:
    """The base event's ids and their captions: category, class, activity, type, severity, status, time."""
    activity_id, activity = ACTIVITY_ID[f.status]
    severity_id, severity = SEVERITY_ID[f.severity]
    status_id, status = STATUS_ID[f.status]
    return {
        "category_uid": CATEGORY_UID,
        "category_name": CATEGORY_NAME,
        "class_uid": CLASS_UID,
        "class_name": CLASS_NAME,
        "activity_id": activity_id,
        "activity_name": activity,
        "type_uid": CLASS_UID * 100 + activity_id,
        "type_name": f"{CLASS_NAME}: {activity}",
        "severity_id": severity_id,
        "severity": severity,
        "status_id": status_id,
        "status": status,
        "time": time_ms,
        "message": f.title,
    }


def to_ocsf_event(f: Finding, time_ms: int) -> dict[str, Any]:
    """One OCSF 1.1.0 Compliance Finding event for ``f``."""
    account, region = account_of(f), region_of(f)
    aws_account = {"uid": account, "type": "AWS Account", "type_id": 10}
    event: dict[str, Any] = {
        **_classification(f, time_ms),
        "metadata": {
            "version": OCSF_VERSION,
            "product": {"name": PRODUCT_NAME, "vendor_name": VENDOR_NAME, "version": __version__},
            "profiles": ["cloud"],
            "uid": f.id,
        },
        "finding_info": {
            "uid": f.id,
            "title": f.title,
            "desc": f.evidence.summary,
            "types": [f.type],
            "created_time": time_ms,
        },
        "compliance": _compliance(f),
        "resources": [_resource(f, account, region)],
        "cloud": {"provider": "AWS", "account": aws_account, "region": region},
        "unmapped": {"evidence": f.evidence.model_dump(mode="json")},
    }
    if f.remediation:
        event["remediation"] = {"desc": f.remediation}
    if f.suppression:
        event["status_detail"] = f.suppression
    return event


def to_ocsf_events(result: ScanResult) -> list[dict[str, Any]]:
    """Every finding of the scan as an OCSF event."""
    time_ms = int(scan_time(result).timestamp() * 1000)
    return [to_ocsf_event(f, time_ms) for f in result.findings]


def to_ocsf(result: ScanResult) -> str:
    """The scan as a JSON list of OCSF 1.1.0 Compliance Finding events."""
    return json_lines_array(to_ocsf_events(result))
