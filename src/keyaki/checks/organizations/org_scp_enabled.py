"""Service control policies are enabled in the organisation root.

https://docs.aws.amazon.com/organizations/latest/userguide/enable-policy-type.html
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from keyaki.checks.registry import Check, Meta, Result, Scope, Where
from keyaki.findings.model import Severity
from keyaki.snapshot import Snapshot
from keyaki.snapshot.views.common import as_dict, as_list, need

META = Meta(
    id="org_scp_enabled",
    title="Service control policies are enabled",
    severity=Severity.MEDIUM,
    service="organizations",
    resource_type="AWS::Organizations::Root",
    rationale="Without SCPs no guardrail applies to member accounts, whatever their IAM policies allow.",
    remediation="`aws organizations enable-policy-type --root-id ROOT_ID --policy-type SERVICE_CONTROL_POLICY`",
    doc="https://docs.aws.amazon.com/organizations/latest/userguide/enable-policy-type.html",
    needs=("organizations list-roots",),
)


def load(snap: Snapshot, account: str, region: str) -> list[dict[str, Any]]:
    return [as_dict(r) for r in as_list(as_dict(need(snap.org("list-roots"))).get("Roots"))]


def run(where: Where, roots: list[dict[str, Any]]) -> Iterator[Result]:
    for root in roots:
        types = {
            str(t.get("Type")): str(t.get("Status")) for t in as_list(root.get("PolicyTypes")) if isinstance(t, dict)
        }
        on = types.get("SERVICE_CONTROL_POLICY") == "ENABLED"
        arn = str(root.get("Arn") or where.account_arn)
        yield where.result(on, arn, f"root `{root.get('Id')}` has policy types {types}")


CHECK = Check(META, Scope.ORG, load, run)
