"""IAM Access Analyzer analyzers of one account and region.

Types ``ACCOUNT`` / ``ORGANIZATION`` find external access; ``*_UNUSED_ACCESS`` find unused access.
https://docs.aws.amazon.com/access-analyzer/latest/APIReference/API_AnalyzerSummary.html
"""

from __future__ import annotations

from dataclasses import dataclass

from keyaki.snapshot import Snapshot
from keyaki.snapshot.views.common import as_dict, as_list, need


@dataclass(frozen=True, slots=True)
class Analyzer:
    arn: str
    name: str
    type: str
    status: str

    @property
    def external_access(self) -> bool:
        return self.type in ("ACCOUNT", "ORGANIZATION") and self.status == "ACTIVE"


def load(snap: Snapshot, account: str, region: str) -> tuple[Analyzer, ...]:
    data = as_dict(need(snap.call(account, region, "accessanalyzer", "list-analyzers")))
    return tuple(
        Analyzer(str(a.get("arn", "")), str(a.get("name", "")), str(a.get("type", "")), str(a.get("status", "")))
        for a in as_list(data.get("analyzers"))
        if isinstance(a, dict)
    )
