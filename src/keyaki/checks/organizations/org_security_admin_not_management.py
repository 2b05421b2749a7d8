"""Security Hub, GuardDuty and Detective are administered from a delegated account, not the management account.

Detective is optional: it is looked at only when it has a delegated administrator.
https://docs.aws.amazon.com/organizations/latest/userguide/orgs_best-practices_mgmt-acct.html
"""

from __future__ import annotations

from collections.abc import Iterator

from keyaki.checks.organizations._org import REQUIRED, SECURITY_SERVICES
from keyaki.checks.registry import Check, Meta, Result, Scope, Where
from keyaki.findings.model import Severity
from keyaki.snapshot.views import org_admins

META = Meta(
    id="org_security_admin_not_management",
    title="Security services are delegated away from the management account",
    severity=Severity.MEDIUM,
    service="organizations",
    resource_type="AWS::Organizations::Account",
    rationale="Everyday security work in the management account widens access to the org's most powerful account.",
    remediation="`aws organizations register-delegated-administrator --account-id SECURITY_ACCOUNT "
    "--service-principal securityhub.amazonaws.com` (same for guardduty and detective)",
    doc="https://docs.aws.amazon.com/organizations/latest/userguide/orgs_best-practices_mgmt-acct.html",
    needs=("organizations list-delegated-administrators", "organizations list-delegated-services-for-account"),
)


def run(where: Where, services: dict[str, tuple[str, ...]]) -> Iterator[Result]:
    for s in SECURITY_SERVICES:
        admins = services.get(s, ())
        if not admins and s not in REQUIRED:
            continue
        ok = bool(admins) and where.account not in admins
        summary = f"{s} is delegated to {list(admins)}" if admins else f"{s} has no delegated administrator"
        yield where.result(ok, f"{where.account_arn}/{s}", summary)


CHECK = Check(META, Scope.ORG, org_admins.delegated_services, run)
