"""CloudTrail trails of one account and region, with status and event selectors.

``describe-trails --include-shadow-trails`` lists, in every region, the multi-region and organisation
trails homed elsewhere; their status and selectors are read in the region first, then in the home
region. Field names: https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_Trail.html,
event selectors: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from keyaki.snapshot import Snapshot
from keyaki.snapshot.load import Status
from keyaki.snapshot.views.common import as_dict, as_list, need


@dataclass(frozen=True, slots=True)
class Selector:
    """One basic or advanced event selector, reduced to what the checks ask."""

    management: bool  # logs management events
    read: bool  # logs read events
    write: bool  # logs write events
    s3_objects: bool  # logs S3 object-level (data) events for every bucket


@dataclass(frozen=True, slots=True)
class Trail:
    name: str
    arn: str
    home_region: str
    multi_region: bool
    organization: bool
    log_validation: bool
    kms_key: str | None
    cloudwatch_logs: str | None
    bucket: str | None
    logging: bool | None  # None: status not collected
    selectors: tuple[Selector, ...] | None  # None: selectors not collected

    @property
    def logs_all_management(self) -> bool:
        return any(s.management and s.read and s.write for s in self.selectors or ())

    def logs_s3_objects(self, *, read: bool) -> bool:
        return any(s.s3_objects and (s.read if read else s.write) for s in self.selectors or ())


def load(snap: Snapshot, account: str, region: str) -> tuple[Trail, ...]:
    data = as_dict(need(snap.call(account, region, "cloudtrail", "describe-trails")))
    return tuple(_trail(snap, account, region, t) for t in as_list(data.get("trailList")) if isinstance(t, dict))


def _per_trail(snap: Snapshot, account: str, region: str, home: str, op: str, name: str) -> Any:
    for r in (region, home):
        resp = snap.call(account, r, "cloudtrail", op, name)
        if resp.status is Status.OK:
            return resp.data
    return None


def _trail(snap: Snapshot, account: str, region: str, t: dict[str, Any]) -> Trail:
    name, home = str(t.get("Name", "")), str(t.get("HomeRegion", region))
    status = _per_trail(snap, account, region, home, "get-trail-status", name)
    sel = _per_trail(snap, account, region, home, "get-event-selectors", name)
    return Trail(
        name=name,
        arn=str(t.get("TrailARN", "")),
        home_region=home,
        multi_region=t.get("IsMultiRegionTrail") is True,
        organization=t.get("IsOrganizationTrail") is True,
        log_validation=t.get("LogFileValidationEnabled") is True,
        kms_key=t.get("KmsKeyId"),
        cloudwatch_logs=t.get("CloudWatchLogsLogGroupArn"),
        bucket=t.get("S3BucketName"),
        logging=as_dict(status).get("IsLogging") is True if status is not None else None,
        selectors=_selectors(as_dict(sel)) if sel is not None else None,
    )


def _selectors(data: dict[str, Any]) -> tuple[Selector, ...]:
    out = [_basic(s) for s in as_list(data.get("EventSelectors")) if isinstance(s, dict)]
    out += [_advanced(s) for s in as_list(data.get("AdvancedEventSelectors")) if isinstance(s, dict)]
    return tuple(out)


def _basic(s: dict[str, Any]) -> Selector:
    rw = s.get("ReadWriteType", "All")
    s3_all = any(
        d.get("Type") == "AWS::S3::Object"
        and any(v in ("arn:aws:s3", "arn:aws:s3:::") for v in as_list(d.get("Values")))
        for d in as_list(s.get("DataResources"))
        if isinstance(d, dict)
    )
    return Selector(
        management=s.get("IncludeManagementEvents", True) is True
        and not as_list(s.get("ExcludeManagementEventSources")),
        read=rw in ("All", "ReadOnly"),
        write=rw in ("All", "WriteOnly"),
        s3_objects=s3_all,
    )


def _advanced(s: dict[str, Any]) -> Selector:
    fields = {str(f.get("Field")): f for f in as_list(s.get("FieldSelectors")) if isinstance(f, dict)}
    category = as_list(fields.get("eventCategory", {}).get("Equals"))
    read_only = as_list(fields.get("readOnly", {}).get("Equals"))
    rtype = as_list(fields.get("resources.type", {}).get("Equals"))
    narrowed = any(k not in ("eventCategory", "readOnly", "resources.type") for k in fields)
    read = not read_only or "true" in read_only
    write = not read_only or "false" in read_only
    return Selector(
        management="Management" in category and not narrowed,
        read=read,
        write=write,
        s3_objects="Data" in category and rtype == ["AWS::S3::Object"] and not narrowed,
    )
