"""Delegated administrators of the organisation and the services delegated to each.

``list-delegated-administrators`` lists the accounts; ``list-delegated-services-for-account`` (keyed by
account id) lists each one's service principals
(https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListDelegatedServicesForAccount.html).
"""

from __future__ import annotations

from keyaki.snapshot import Snapshot
from keyaki.snapshot.views.common import as_dict, as_list, need


def delegated_services(snap: Snapshot, account: str = "", region: str = "") -> dict[str, tuple[str, ...]]:
    """Service principal -> delegated administrator account ids; :class:`Missing` when not collected."""
    admins = as_list(as_dict(need(snap.org("list-delegated-administrators"))).get("DelegatedAdministrators"))
    out: dict[str, list[str]] = {}
    for admin in admins:
        aid = str(as_dict(admin).get("Id", ""))
        services = as_dict(need(snap.org("list-delegated-services-for-account", aid))).get("DelegatedServices")
        for s in as_list(services):
            out.setdefault(str(as_dict(s).get("ServicePrincipal")), []).append(aid)
    return {k: tuple(sorted(v)) for k, v in out.items()}
