"""AWS Config recorders, their status and delivery channels in one account and region.

https://docs.aws.amazon.com/config/latest/APIReference/API_ConfigurationRecorder.html
"""

from __future__ import annotations

from dataclasses import dataclass

from keyaki.snapshot import Snapshot
from keyaki.snapshot.views.common import as_dict, as_list, need


@dataclass(frozen=True, slots=True)
class Recorder:
    name: str
    role_arn: str
    all_supported: bool
    include_global: bool
    recording: bool | None  # None: status not listed
    last_status: str | None


@dataclass(frozen=True, slots=True)
class ConfigService:
    recorders: tuple[Recorder, ...]
    delivery_channels: tuple[str, ...]


def load(snap: Snapshot, account: str, region: str) -> ConfigService:
    recs = as_dict(need(snap.call(account, region, "configservice", "describe-configuration-recorders")))
    stat = as_dict(need(snap.call(account, region, "configservice", "describe-configuration-recorder-status")))
    chans = as_dict(need(snap.call(account, region, "configservice", "describe-delivery-channels")))
    status = {s.get("name"): s for s in as_list(stat.get("ConfigurationRecordersStatus")) if isinstance(s, dict)}
    recorders = []
    for r in as_list(recs.get("ConfigurationRecorders")):
        group = as_dict(as_dict(r).get("recordingGroup"))
        st = status.get(as_dict(r).get("name"))
        recorders.append(
            Recorder(
                name=str(r.get("name", "")),
                role_arn=str(r.get("roleARN", "")),
                all_supported=group.get("allSupported", False) is True,
                include_global=group.get("includeGlobalResourceTypes", False) is True,
                recording=st.get("recording") is True if st else None,
                last_status=st.get("lastStatus") if st else None,
            )
        )
    names = tuple(str(c.get("name", "")) for c in as_list(chans.get("DeliveryChannels")) if isinstance(c, dict))
    return ConfigService(tuple(recorders), names)
