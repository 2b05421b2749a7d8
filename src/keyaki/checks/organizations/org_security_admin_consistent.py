"""Security Hub, GuardDuty and Detective share one delegated administrator account.

One security tooling account sees every finding; split administration splits the picture. Security Hub
and GuardDuty must be delegated; Detective, optional, must be delegated to the same account when it is.
https://docs.aws.amazon.com/securityhub/latest/userguide/designate-orgs-admin-account.html
"""

from __future__ import annotations

from collections.abc import Iterator

from keyaki.checks.organizations._org import REQUIRED, SECURITY_SERVICES
from keyaki.checks.registry import Check, Meta, Result, Scope, Where
from keyaki.findings.model import Severity
from keyaki.snapshot.views import org_admins

META = Meta(
    id="org_security_admin_consistent",
    title="Security Hub, GuardDuty and Detective have the same delegated administrator",
    severity=Severity.MEDIUM,
    service="organizations",
    resource_type="AWS::Organizations::Account",
    rationale="Findings triaged from one security account; different admins mean partial views and gaps.",
    remediation="From the management account: `aws organizations register-delegated-administrator --account-id "
    "SECURITY_ACCOUNT --service-principal SERVICE` for each of securityhub, guardduty and detective "
    "(and `aws securityhub enable-organization-admin-account --admin-account-id SECURITY_ACCOUNT`)",
    doc="https://docs.aws.amazon.com/organizations/latest/userguide/orgs_integrate_delegated_admin.html",
    needs=("organizations list-delegated-administrators", "organizations list-delegated-services-for-account"),
)


def run(where: Where, services: dict[str, tuple[str, ...]]) -> Iterator[Result]:
    admins = {s: services.get(s, ()) for s in SECURITY_SERVICES}
    distinct = {a for accts in admins.values() for a in accts}
    ok = len(distinct) == 1 and all(admins[s] for s in REQUIRED)
    shown = {s.split(".")[0]: list(a) or None for s, a in admins.items()}
    summary = f"delegated administrators: {shown}"
    yield where.result(ok, where.account_arn, summary, delegated_administrators=shown)


CHECK = Check(META, Scope.ORG, org_admins.delegated_services, run)
