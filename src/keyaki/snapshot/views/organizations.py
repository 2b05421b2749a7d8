"""The organisation: accounts, OUs, and the SCPs and RCPs that apply at each level.

An account is governed by the SCPs (and RCPs) attached to the root, to every OU on its path, and to
the account itself; every level must allow
(https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html).
:meth:`Organization.policy_levels` gives them in the ``scps``/``rcps`` shape of a
``keyaki iam simulate`` case: ``[{"target": "r-…", "policies": [...]}, {"target": "ou-…"}, {"target": account}]``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from keyaki.snapshot.load import Snapshot
from keyaki.snapshot.views import policy_document

SCP = "SERVICE_CONTROL_POLICY"
RCP = "RESOURCE_CONTROL_POLICY"


@dataclass(frozen=True, slots=True)
class OrgAccount:
    id: str
    name: str
    email: str | None
    status: str | None
    parent_id: str | None


@dataclass(frozen=True, slots=True)
class OrgUnit:
    id: str
    name: str
    parent_id: str | None


@dataclass(frozen=True, slots=True)
class OrgPolicy:
    id: str
    name: str
    type: str
    document: Any  # parsed Content
    targets: tuple[str, ...]
    aws_managed: bool
    source: str


@dataclass
class Organization:
    """The organisation as the snapshot holds it; ``known`` is False outside an organisation or when not collected."""

    known: bool
    id: str | None = None
    management_account: str | None = None
    root_ids: list[str] = field(default_factory=list)
    accounts: dict[str, OrgAccount] = field(default_factory=dict)
    units: dict[str, OrgUnit] = field(default_factory=dict)
    policies: dict[str, OrgPolicy] = field(default_factory=dict)
    policy_types_known: set[str] = field(default_factory=set)

    def path(self, account: str) -> list[str]:
        """Targets from the root down to the account: ``[root, ou, ..., account]`` (empty if unknown)."""
        acct = self.accounts.get(account)
        if acct is None:
            return []
        chain = [account]
        parent = acct.parent_id
        seen: set[str] = set()
        while parent is not None and parent not in seen:
            seen.add(parent)
            chain.append(parent)
            unit = self.units.get(parent)
            parent = unit.parent_id if unit else None
        return list(reversed(chain))

    def target_path(self, target: str) -> list[str]:
        """Targets from the root down to ``target`` (an account, an OU or a root); empty if unknown.

        Policies at a level below an OU can only restrict further, so a guarantee proven on an OU's
        path holds for every account under it.
        """
        if target in self.accounts:
            return self.path(target)
        if target in self.root_ids:
            return [target]
        chain, node, seen = [], target, set()
        while node in self.units and node not in seen:
            seen.add(node)
            chain.append(node)
            node = self.units[node].parent_id or ""
        return [node, *reversed(chain)] if node in self.root_ids else []

    def policy_levels(self, account: str, policy_type: str = SCP) -> list[dict[str, Any]]:
        """The policies of each level on the account's path, as in a simulate case's ``scps``/``rcps``."""
        levels = []
        for target in self.path(account):
            docs = [p for p in self.policies.values() if p.type == policy_type and target in p.targets]
            levels.append({"target": target, "policies": [p.document for p in sorted(docs, key=lambda p: p.id)]})
        return levels

    def policies_at(self, target: str, policy_type: str = SCP) -> list[OrgPolicy]:
        return sorted(
            (p for p in self.policies.values() if p.type == policy_type and target in p.targets), key=lambda p: p.id
        )

    def unit_name(self, unit_id: str) -> str:
        unit = self.units.get(unit_id)
        return unit.name if unit else unit_id


def load_organization(snapshot: Snapshot) -> Organization:
    """Read the organisation: describe-organization, roots, OUs and accounts per parent, policies and targets."""
    desc = snapshot.org("describe-organization")
    if not desc.ok:
        return Organization(known=False)
    o = desc.get("Organization") or {}
    org = Organization(known=True, id=o.get("Id"), management_account=o.get("MasterAccountId"))
    org.root_ids = [r["Id"] for r in snapshot.org("list-roots").get("Roots", []) if isinstance(r, dict) and "Id" in r]
    listed = {
        a["Id"]: a for a in snapshot.org("list-accounts").get("Accounts", []) if isinstance(a, dict) and "Id" in a
    }
    parents: dict[str, str] = {}
    for parent in snapshot.org_keys("list-organizational-units-for-parent"):
        for ou in snapshot.org("list-organizational-units-for-parent", parent).get("OrganizationalUnits", []):
            org.units[ou["Id"]] = OrgUnit(ou["Id"], ou.get("Name", ou["Id"]), parent)
    for parent in snapshot.org_keys("list-accounts-for-parent"):
        for a in snapshot.org("list-accounts-for-parent", parent).get("Accounts", []):
            parents[a["Id"]] = parent
            listed.setdefault(a["Id"], a)
    for aid, a in listed.items():
        org.accounts[aid] = OrgAccount(aid, a.get("Name", aid), a.get("Email"), a.get("Status"), parents.get(aid))
    for ptype in (SCP, RCP):
        _load_policies(snapshot, org, ptype)
    return org


def _load_policies(snapshot: Snapshot, org: Organization, ptype: str) -> None:
    listing = snapshot.org("list-policies", ptype)
    if listing.ok:
        org.policy_types_known.add(ptype)
    for summary in listing.get("Policies", []):
        pid = summary.get("Id") if isinstance(summary, dict) else None
        if not pid:
            continue
        desc = snapshot.org("describe-policy", pid)
        content = (desc.get("Policy") or {}).get("Content")
        targets = snapshot.org("list-targets-for-policy", pid).get("Targets", [])
        org.policies[pid] = OrgPolicy(
            id=pid,
            name=summary.get("Name", pid),
            type=ptype,
            document=policy_document(content),
            targets=tuple(t["TargetId"] for t in targets if isinstance(t, dict) and "TargetId" in t),
            aws_managed=bool(summary.get("AwsManaged")),
            source=desc.path,
        )
