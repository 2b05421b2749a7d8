"""AWS Organizations, read from the management or a delegated-administrator account.

The organisation, its roots, every organisational unit (walked recursively from the roots with
``ListOrganizationalUnitsForParent``), the accounts of each parent, every service control policy and
resource control policy with its document (``DescribePolicy``) and targets, and the delegated
administrators with their services:
https://docs.aws.amazon.com/organizations/latest/APIReference/API_Operations.html.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from keyaki.collect.context import Context, items

SERVICE = "organizations"
POLICY_TYPES = ("SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY")


@dataclass(frozen=True, slots=True)
class OrgAccount:
    """A member account as Organizations lists it, with the OU (or root) that holds it."""

    id: str
    name: str | None
    active: bool
    parent: str | None


@dataclass
class Organization:
    """What the collector needs to go on: the organisation and its accounts."""

    id: str
    management_account: str | None
    accounts: list[OrgAccount] = field(default_factory=list)


def collect(ctx: Context) -> Organization | None:
    """Collect the organisation's structure and policies; ``None`` when it cannot be read."""
    described = ctx.call(SERVICE, "describe-organization")
    org = described.get("Organization") if isinstance(described, dict) else None
    if not isinstance(org, dict) or not isinstance(org.get("Id"), str):
        return None
    parents = _walk(ctx, [r["Id"] for r in items(ctx.call(SERVICE, "list-roots"), "Roots") if "Id" in r])
    for policy_type in POLICY_TYPES:
        for policy in items(ctx.call(SERVICE, "list-policies", policy_type, Filter=policy_type), "Policies"):
            if isinstance(policy.get("Id"), str):
                ctx.call(SERVICE, "describe-policy", policy["Id"], PolicyId=policy["Id"])
                ctx.call(SERVICE, "list-targets-for-policy", policy["Id"], PolicyId=policy["Id"])
    for admin in items(ctx.call(SERVICE, "list-delegated-administrators"), "DelegatedAdministrators"):
        if isinstance(admin.get("Id"), str):
            ctx.call(SERVICE, "list-delegated-services-for-account", admin["Id"], AccountId=admin["Id"])
    accounts = [
        OrgAccount(a["Id"], a.get("Name"), _active(a), parents.get(a["Id"]))
        for a in items(ctx.call(SERVICE, "list-accounts"), "Accounts")
        if isinstance(a.get("Id"), str)
    ]
    return Organization(org["Id"], org.get("MasterAccountId"), accounts)


def _walk(ctx: Context, roots: list[str]) -> dict[str, str]:
    """Visit every OU under ``roots``; the parent (OU or root id) of each account."""
    parent_of: dict[str, str] = {}
    queue = list(roots)
    while queue:
        parent = queue.pop(0)
        for account in items(ctx.call(SERVICE, "list-accounts-for-parent", parent, ParentId=parent), "Accounts"):
            if isinstance(account.get("Id"), str):
                parent_of[account["Id"]] = parent
        ous = ctx.call(SERVICE, "list-organizational-units-for-parent", parent, ParentId=parent)
        queue += [ou["Id"] for ou in items(ous, "OrganizationalUnits") if isinstance(ou.get("Id"), str)]
    return parent_of


def _active(account: dict[str, object]) -> bool:
    """``Status`` (and its successor ``State``) say whether the account is active."""
    state = account.get("State") or account.get("Status")
    return state == "ACTIVE"
