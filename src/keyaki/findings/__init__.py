"""Findings: one model for every analysis, plus the store and the report formats."""

from keyaki.findings.model import Evidence, Finding, Severity, StandardRef, Status, account_arn, stable_id

__all__ = ["Evidence", "Finding", "Severity", "StandardRef", "Status", "account_arn", "stable_id"]
