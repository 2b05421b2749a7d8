"""One ``Finding`` for every analysis, with a stable id and never-empty evidence.

Vocabulary follows AWS Security Finding Format (ASFF): severity labels CRITICAL, HIGH, MEDIUM, LOW,
INFORMATIONAL (https://docs.aws.amazon.com/securityhub/latest/userguide/asff-required-attributes.html).
The id is a hash of what identifies the finding (type, resource, account, region and an optional
discriminator such as the port range or the external principal), so the same finding has the same id
run after run, and a store can diff runs.

>>> f = Finding.make(
...     type="network/internet-exposure", severity=Severity.HIGH, title="SSH reachable from the internet",
...     resource="arn:aws:ec2:us-east-1:111122223333:instance/i-0abc", account="111122223333",
...     region="us-east-1", discriminator="tcp/22-22",
...     evidence=Evidence(summary="tcp/22 is open to 0.0.0.0/0 through igw-1, acl-1, sg-1"),
...     remediation="Remove the 0.0.0.0/0 rule for port 22 from sg-1.")
>>> f.id == Finding.make(type=f.type, severity=f.severity, title="x", resource=f.resource,
...     account=f.account, region=f.region, discriminator="tcp/22-22", evidence=f.evidence).id
True
"""

from __future__ import annotations

import hashlib
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator


class Severity(StrEnum):
    """ASFF severity labels, most severe first."""

    CRITICAL = "CRITICAL"
    HIGH = "HIGH"
    MEDIUM = "MEDIUM"
    LOW = "LOW"
    INFORMATIONAL = "INFORMATIONAL"

    @property
    def rank(self) -> int:
        """4 for CRITICAL down to 0 for INFORMATIONAL."""
        return _RANK[self]

    def at_least(self, other: Severity) -> bool:
        return self.rank >= other.rank

    @classmethod
    def parse(cls, text: str) -> Severity:
        """Case-insensitive; ``info`` is accepted for INFORMATIONAL."""
        t = text.strip().upper()
        if t == "INFO":
            t = "INFORMATIONAL"
        return cls(t)


_RANK = {
    Severity.CRITICAL: 4,
    Severity.HIGH: 3,
    Severity.MEDIUM: 2,
    Severity.LOW: 1,
    Severity.INFORMATIONAL: 0,
}


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class StandardRef(_Frozen):
    """A control of a compliance standard this finding fails."""

    standard: str  # e.g. "cis-aws-foundations-benchmark/v3.0.0"
    control: str  # e.g. "1.4"


class Evidence(_Frozen):
    """What was observed and why it is a problem.

    ``summary`` is one or two sentences for people; ``details`` holds the structured proof: the
    allowed request (a ``keyaki iam simulate`` case), the network path, the rule, the value seen.
    ``sources`` are the snapshot files it was read from.
    """

    summary: str
    details: dict[str, Any] = Field(default_factory=dict)
    sources: list[str] = Field(default_factory=list)

    @field_validator("summary")
    @classmethod
    def _not_empty(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("evidence summary must not be empty")
        return v


class Status(StrEnum):
    """Workflow status (the findings store sets it; analyses always produce ACTIVE)."""

    ACTIVE = "ACTIVE"
    SUPPRESSED = "SUPPRESSED"
    RESOLVED = "RESOLVED"


class Finding(_Frozen):
    """One problem keyaki found, with the evidence that proves it."""

    id: str
    type: str  # the check or analysis that produced it, e.g. "iam/root-access-key"
    severity: Severity
    title: str
    resource: str  # an ARN (or the account ARN ``arn:aws:::<account>`` for account-level findings)
    resource_type: str | None = None  # CloudFormation-style, e.g. "AWS::S3::Bucket"
    account: str | None = None
    region: str | None = None
    standards: list[StandardRef] = Field(default_factory=list)
    evidence: Evidence
    remediation: str = ""
    status: Status = Status.ACTIVE
    suppression: str | None = None  # why it is suppressed, when it is

    @classmethod
    def make(
        cls,
        *,
        type: str,
        severity: Severity,
        title: str,
        resource: str,
        evidence: Evidence,
        account: str | None = None,
        region: str | None = None,
        discriminator: str = "",
        **rest: Any,
    ) -> Finding:
        """Build a finding whose id is derived from what identifies it (stable across runs)."""
        fid = stable_id(type, resource, account or "", region or "", discriminator)
        return cls(
            id=fid,
            type=type,
            severity=severity,
            title=title,
            resource=resource,
            account=account,
            region=region,
            evidence=evidence,
            **rest,
        )


def stable_id(*parts: str) -> str:
    """``ky-`` and 20 hex digits of SHA-256 over the identifying parts.

    >>> stable_id("a", "b") == stable_id("a", "b") != stable_id("a", "c")
    True
    """
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return f"ky-{digest[:20]}"


def account_arn(account: str) -> str:
    """The ARN keyaki uses for account-level findings (as Security Hub does: ``AWS::::Account:<id>``)."""
    return f"arn:aws:::{account}"


def sort_key(f: Finding) -> tuple[int, str, str, str]:
    """Most severe first, then by type, resource and id (deterministic output)."""
    return (-f.severity.rank, f.type, f.resource, f.id)
