"""The organisation has all features enabled (needed for SCPs, RCPs and delegated administrators).

https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_org_support-all-features.html
"""

from __future__ import annotations

from collections.abc import Iterator

from keyaki.checks.registry import Check, Meta, Result, Scope, Where
from keyaki.findings.model import Severity
from keyaki.snapshot import Snapshot
from keyaki.snapshot.views.common import as_dict, need

META = Meta(
    id="org_all_features",
    title="The organisation has all features enabled",
    severity=Severity.MEDIUM,
    service="organizations",
    resource_type="AWS::Organizations::Organization",
    rationale="Consolidated billing only means no SCPs: no guardrail can stop a member account.",
    remediation="`aws organizations enable-all-features` and have every member account accept",
    doc="https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_org_support-all-features.html",
    needs=("organizations describe-organization",),
)


def load(snap: Snapshot, account: str, region: str) -> dict[str, object]:
    return as_dict(as_dict(need(snap.org("describe-organization"))).get("Organization"))


def run(where: Where, org: dict[str, object]) -> Iterator[Result]:
    arn = str(org.get("Arn") or where.account_arn)
    feature_set = org.get("FeatureSet")
    yield where.result(feature_set == "ALL", arn, f"the organisation has FeatureSet={feature_set}")


CHECK = Check(META, Scope.ORG, load, run)
