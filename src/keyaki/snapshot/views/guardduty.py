"""GuardDuty detectors of one account and region, with their protection plans (features).

Feature names: https://docs.aws.amazon.com/guardduty/latest/APIReference/API_DetectorFeatureConfigurationResult.html
"""

from __future__ import annotations

from dataclasses import dataclass

from keyaki.snapshot import Snapshot
from keyaki.snapshot.views.common import as_dict, as_list, need


@dataclass(frozen=True, slots=True)
class Detector:
    id: str
    enabled: bool
    features: dict[str, bool]  # feature name -> ENABLED
    additional: dict[str, bool]  # additional configuration name -> ENABLED (runtime agents)


def load(snap: Snapshot, account: str, region: str) -> tuple[Detector, ...]:
    ids = as_list(as_dict(need(snap.call(account, region, "guardduty", "list-detectors"))).get("DetectorIds"))
    out = []
    for det_id in ids:
        d = as_dict(need(snap.call(account, region, "guardduty", "get-detector", str(det_id))))
        features: dict[str, bool] = {}
        additional: dict[str, bool] = {}
        for f in as_list(d.get("Features")):
            features[str(f.get("Name"))] = f.get("Status") == "ENABLED"
            for a in as_list(as_dict(f).get("AdditionalConfiguration")):
                additional[str(a.get("Name"))] = a.get("Status") == "ENABLED"
        out.append(Detector(str(det_id), d.get("Status") == "ENABLED", features, additional))
    return tuple(out)
