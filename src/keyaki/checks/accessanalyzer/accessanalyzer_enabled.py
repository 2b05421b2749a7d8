"""An IAM Access Analyzer external-access analyzer covers the account in every region (CIS 1.20, Security Hub IAM.28).

An ACTIVE analyzer of type ACCOUNT in the account, or of type ORGANIZATION in any account of the
snapshot (an organisation analyzer covers every member), in the same region.
https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-getting-started.html
"""

from __future__ import annotations

from collections.abc import Iterator

from keyaki.checks.registry import Check, Meta, Missing, Result, Scope, Where, management_account
from keyaki.findings.model import Severity
from keyaki.snapshot import Snapshot
from keyaki.snapshot.load import Status
from keyaki.snapshot.views import accessanalyzer, org_admins
from keyaki.snapshot.views.accessanalyzer import Analyzer

META = Meta(
    id="accessanalyzer_enabled",
    title="IAM Access Analyzer covers every account and region",
    severity=Severity.MEDIUM,
    service="accessanalyzer",
    resource_type="AWS::::Account",
    rationale="Access Analyzer continuously reports resources shared outside the zone of trust.",
    remediation="`aws accessanalyzer create-analyzer --analyzer-name org --type ORGANIZATION` in each region "
    "from the management or delegated administrator account (or `--type ACCOUNT` per account)",
    doc="https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-getting-started.html",
    needs=("accessanalyzer list-analyzers",),
)


def load(snap: Snapshot, account: str, region: str) -> tuple[Analyzer, ...]:
    own = accessanalyzer.load(snap, account, region)
    if any(a.external_access for a in own):
        return own
    for other in _admins_first(snap, account):
        if snap.call(other, region, "accessanalyzer", "list-analyzers").status is Status.OK:
            org = [a for a in accessanalyzer.load(snap, other, region) if a.type == "ORGANIZATION"]
            if any(a.external_access for a in org):
                return own + tuple(org)
    return own


def _admins_first(snap: Snapshot, account: str) -> list[str]:
    """Other accounts, the Access Analyzer delegated administrator and the management account first."""
    try:
        admins = list(org_admins.delegated_services(snap).get("access-analyzer.amazonaws.com", ()))
    except Missing:
        admins = []
    first = [*admins, management_account(snap)]
    return [a for a in dict.fromkeys([*first, *snap.accounts()]) if a and a != account]


def run(where: Where, analyzers: tuple[Analyzer, ...]) -> Iterator[Result]:
    good = [a.arn for a in analyzers if a.external_access]
    summary = f"active external-access analyzers: {good}" if good else "no active external-access analyzer"
    yield where.result(bool(good), where.account_arn, summary, analyzers=good)


CHECK = Check(META, Scope.REGION, load, run)
