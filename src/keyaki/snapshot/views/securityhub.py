"""Security Hub in one account and region: whether it is enabled and the standards subscribed.

``describe-hub`` answers ``InvalidAccessException`` when the account is not subscribed (kept as NOT_FOUND).
https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_DescribeHub.html
"""

from __future__ import annotations

from dataclasses import dataclass

from keyaki.snapshot import Snapshot
from keyaki.snapshot.views.common import as_dict, as_list, need, need_or_none


@dataclass(frozen=True, slots=True)
class SecurityHub:
    hub_arn: str | None  # None: not enabled
    standards: dict[str, str]  # standards ARN -> StandardsStatus


def load(snap: Snapshot, account: str, region: str) -> SecurityHub:
    hub = need_or_none(snap.call(account, region, "securityhub", "describe-hub"))
    if hub is None:
        return SecurityHub(None, {})
    subs = as_dict(need(snap.call(account, region, "securityhub", "get-enabled-standards")))
    standards = {
        str(s.get("StandardsArn")): str(s.get("StandardsStatus"))
        for s in as_list(subs.get("StandardsSubscriptions"))
        if isinstance(s, dict)
    }
    return SecurityHub(str(as_dict(hub).get("HubArn", "")), standards)
