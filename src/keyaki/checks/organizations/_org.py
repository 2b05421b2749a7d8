"""Loading the organisation for checks: :class:`Missing` outside an organisation or when not collected.

View: :mod:`keyaki.snapshot.views.organizations`.
"""

from __future__ import annotations

from keyaki.snapshot import Snapshot
from keyaki.snapshot.layout import org_path
from keyaki.snapshot.views.common import Missing
from keyaki.snapshot.views.organizations import Organization, load_organization

SECURITY_SERVICES = ("securityhub.amazonaws.com", "guardduty.amazonaws.com", "detective.amazonaws.com")
REQUIRED = SECURITY_SERVICES[:2]  # Detective is optional: checked only when it is delegated


def organization(snap: Snapshot, account: str = "", region: str = "") -> Organization:
    org = load_organization(snap)
    if not org.known:
        raise Missing(org_path("describe-organization"), "was not collected (or the snapshot is not an organisation)")
    return org


def org_arn(org: Organization) -> str:
    return f"arn:aws:organizations::{org.management_account}:organization/{org.id}"
