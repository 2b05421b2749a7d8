"""What watches the CloudTrail events of one account and region: each trail's CloudWatch Logs group,
the metric filters on it, the alarms on their metrics, and the subscriptions of the alarms' SNS topics.

The log group, its filters and the alarms live in the account and region of the trail's
``CloudWatchLogsLogGroupArn`` (an organisation trail delivers member accounts' events to the
management account's group); subscriptions are read in the topic's own account and region.
Field names: https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_MetricFilter.html,
https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_MetricAlarm.html,
https://docs.aws.amazon.com/sns/latest/api/API_Subscription.html (``PendingConfirmation`` until confirmed).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from keyaki.snapshot import Snapshot
from keyaki.snapshot.load import Status
from keyaki.snapshot.views import cloudtrail
from keyaki.snapshot.views.cloudtrail import Trail
from keyaki.snapshot.views.common import Missing, as_dict, as_list


@dataclass(frozen=True, slots=True)
class MetricFilter:
    name: str
    log_group: str
    pattern: str
    metrics: tuple[tuple[str, str], ...]  # (namespace, metric name) of transformations without dimensions
    dimensioned: bool  # a transformation publishes dimensions (an alarm then needs their values)


@dataclass(frozen=True, slots=True)
class Alarm:
    name: str
    arn: str
    namespace: str
    metric: str
    dimensioned: bool
    actions_enabled: bool
    actions: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Subscription:
    topic: str
    arn: str
    protocol: str
    endpoint: str

    @property
    def confirmed(self) -> bool:
        return self.arn.startswith("arn:")  # "PendingConfirmation" / "Deleted" otherwise


@dataclass(frozen=True, slots=True)
class Sink:
    """One trail's log group and what reads it; ``None`` fields were not collected (see ``missing``)."""

    trail: Trail
    log_group: str
    account: str
    region: str
    filters: tuple[MetricFilter, ...] | None
    alarms: tuple[Alarm, ...] | None
    subscriptions: dict[str, tuple[Subscription, ...] | None]  # by topic ARN of the alarms' actions
    missing: tuple[str, ...]  # "`path` was not collected", one per call the sink lacks


@dataclass(frozen=True, slots=True)
class Monitoring:
    trails: tuple[Trail, ...]
    sinks: tuple[Sink, ...]


def load(snap: Snapshot, account: str, region: str) -> Monitoring:
    """The trails one account's regions list, each once (a multi-region trail is listed in every region,
    read here from its home region's copy when collected), and what watches their log groups.

    ``region`` is ignored: the checks are account-wide. A region whose ``describe-trails`` is missing
    hides no multi-region trail (the others list it as a shadow trail); when no region's is readable,
    :class:`Missing`.
    """
    trails: dict[str, Trail] = {}
    first_missing: Missing | None = None
    for r in snap.regions(account):
        try:
            listed = cloudtrail.load(snap, account, r)
        except Missing as exc:
            first_missing = first_missing or exc
            continue
        for t in listed:
            if t.arn not in trails or r == t.home_region:
                trails[t.arn] = t
    if not trails and first_missing is not None:
        raise first_missing
    if not trails and not snap.regions(account):
        raise Missing(f"accounts/{account}/<region>/cloudtrail/describe-trails.json", "was not collected")
    found = tuple(trails.values())
    sinks = tuple(_sink(snap, t) for t in found if t.cloudwatch_logs and _group(t.cloudwatch_logs) is not None)
    return Monitoring(found, sinks)


def _group(arn: str) -> tuple[str, str, str] | None:
    """(account, region, name) of ``arn:aws:logs:REGION:ACCOUNT:log-group:NAME:*``."""
    parts = arn.split(":")
    if len(parts) < 7 or parts[2] != "logs" or parts[5] != "log-group":
        return None
    name = ":".join(parts[6:])
    return parts[4], parts[3], name[:-2] if name.endswith(":*") else name


def _read(snap: Snapshot, account: str, region: str, service: str, op: str, missing: list[str]) -> Any:
    resp = snap.call(account, region, service, op)
    if resp.status is Status.OK:
        return as_dict(resp.data)
    missing.append(
        f"`{resp.path}` " + ("was not collected" if resp.status is Status.NOT_COLLECTED else "could not be read")
    )
    return None


def _sink(snap: Snapshot, trail: Trail) -> Sink:
    account, region, name = _group(str(trail.cloudwatch_logs)) or ("", "", "")
    missing: list[str] = []
    raw_filters = _read(snap, account, region, "logs", "describe-metric-filters", missing)
    raw_alarms = _read(snap, account, region, "cloudwatch", "describe-alarms", missing)
    filters = None if raw_filters is None else tuple(_filters(raw_filters))
    alarms = None if raw_alarms is None else tuple(_alarms(raw_alarms))
    subs: dict[str, tuple[Subscription, ...] | None] = {}
    for topic in sorted({a for alarm in alarms or () for a in alarm.actions if a.split(":")[2:3] == ["sns"]}):
        t_region, t_account = topic.split(":")[3:5]
        got = _read(snap, t_account, t_region, "sns", "list-subscriptions", missing)
        subs[topic] = None if got is None else tuple(s for s in _subscriptions(got) if s.topic == topic)
    return Sink(trail, name, account, region, filters, alarms, subs, tuple(dict.fromkeys(missing)))


def _filters(data: dict[str, Any]) -> list[MetricFilter]:
    out = []
    for f in as_list(data.get("metricFilters")):
        if not isinstance(f, dict):
            continue
        ts = [t for t in as_list(f.get("metricTransformations")) if isinstance(t, dict)]
        out.append(
            MetricFilter(
                name=str(f.get("filterName", "")),
                log_group=str(f.get("logGroupName", "")),
                pattern=str(f.get("filterPattern", "")),
                metrics=tuple(
                    (str(t.get("metricNamespace", "")), str(t.get("metricName", "")))
                    for t in ts
                    if not t.get("dimensions")
                ),
                dimensioned=any(t.get("dimensions") for t in ts),
            )
        )
    return out


def _alarms(data: dict[str, Any]) -> list[Alarm]:
    return [
        Alarm(
            name=str(a.get("AlarmName", "")),
            arn=str(a.get("AlarmArn", "")),
            namespace=str(a.get("Namespace", "")),
            metric=str(a.get("MetricName", "")),
            dimensioned=bool(a.get("Dimensions")),
            actions_enabled=a.get("ActionsEnabled", True) is True,
            actions=tuple(str(x) for x in as_list(a.get("AlarmActions"))),
        )
        for a in as_list(data.get("MetricAlarms"))
        if isinstance(a, dict) and a.get("MetricName")
    ]


def _subscriptions(data: dict[str, Any]) -> list[Subscription]:
    return [
        Subscription(
            topic=str(s.get("TopicArn", "")),
            arn=str(s.get("SubscriptionArn", "")),
            protocol=str(s.get("Protocol", "")),
            endpoint=str(s.get("Endpoint", "")),
        )
        for s in as_list(data.get("Subscriptions"))
        if isinstance(s, dict)
    ]
