"""Building block of the CIS 4.x checks: events of a kind raise an alarm that reaches a person.

A control passes in an account (one result per account: a multi-region trail covers every region, and
its events reach one log group) when a multi-region trail that is logging read and write
management events delivers to a CloudWatch Logs group, a metric filter on that group counts every
sample event of the control (evaluated with :mod:`keyaki.checks.cloudwatch._pattern`, not by comparing
pattern strings), an alarm with actions enabled watches the filter's metric, and one of the alarm's
actions is an SNS topic with a confirmed subscription. A filter keyaki cannot read, or data that was
not collected, makes the result NOT_EVALUATED, never PASS.
https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html,
https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudwatch-alarms-for-cloudtrail.html
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from keyaki.checks.cloudwatch._events import Event
from keyaki.checks.cloudwatch._pattern import FilterPatternError, parse
from keyaki.checks.registry import Check, Meta, Result, Scope, Where
from keyaki.snapshot.views import monitoring
from keyaki.snapshot.views.monitoring import Alarm, MetricFilter, Monitoring, Sink

NEEDS = (
    "cloudtrail describe-trails",
    "cloudtrail get-trail-status",
    "cloudtrail get-event-selectors",
    "logs describe-metric-filters",
    "cloudwatch describe-alarms",
    "sns list-subscriptions",
)
DOC = "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudwatch-alarms-for-cloudtrail.html"
_parse = lru_cache(maxsize=4096)(parse)  # the same filters are read by 15 checks in every account and region


def remediation(metric: str, pattern: str) -> str:
    """The AWS CLI commands that create the filter, the alarm and the subscription."""
    return (
        f"`aws logs put-metric-filter --log-group-name TRAIL_LOG_GROUP --filter-name {metric} "
        f"--metric-transformations metricName={metric},metricNamespace=CISBenchmark,metricValue=1 "
        f"--filter-pattern '{pattern}'`, then `aws cloudwatch put-metric-alarm --alarm-name {metric} "
        f"--metric-name {metric} --namespace CISBenchmark --statistic Sum --period 300 --threshold 1 "
        "--comparison-operator GreaterThanOrEqualToThreshold --evaluation-periods 1 --alarm-actions TOPIC_ARN` "
        "and `aws sns subscribe --topic-arn TOPIC_ARN --protocol email --notification-endpoint ADDRESS`"
    )


@dataclass(slots=True)
class Verdict:
    """One sink's answer: a passing chain, or why not (``unknown`` reasons make it NOT_EVALUATED)."""

    chain: dict[str, Any] | None = None
    unknown: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def monitoring_check(meta: Meta, events: tuple[Event, ...]) -> Check[Monitoring]:
    """A check that every event of ``events`` is counted by a filter whose alarm notifies someone."""

    def run(where: Where, view: Monitoring) -> Iterator[Result]:
        yield _result(where, view, events)

    return Check(meta, Scope.ACCOUNT, monitoring.load, run)


def _eligible(view: Monitoring) -> tuple[list[Sink], list[str]]:
    good = [s for s in view.sinks if s.trail.multi_region and s.trail.logging and s.trail.logs_all_management]
    unknown = [
        f"status or event selectors of trail `{t.name}` were not collected"
        for t in view.trails
        if t.multi_region and t.cloudwatch_logs and (t.logging is None or t.selectors is None)
    ]
    return good, unknown


def _result(where: Where, view: Monitoring, events: tuple[Event, ...]) -> Result:
    sinks, unknown = _eligible(view)
    verdicts = [_verdict(s, events) for s in sinks]
    for v in verdicts:
        if v.chain is not None:
            return where.result(True, where.account_arn, _summary(v.chain), **v.chain)
    unknown += [u for v in verdicts for u in v.unknown]
    failed = [f for v in verdicts for f in v.failed]
    if unknown:
        return where.not_evaluated(where.account_arn, "not evaluated: " + "; ".join(unknown), failed=failed)
    if not sinks:
        failed = [
            "no multi-region trail that logs all management events delivers to CloudWatch Logs "
            f"(trails: {[t.name for t in view.trails]})"
        ]
    return where.result(False, where.account_arn, "; ".join(failed), reasons=failed)


def _summary(chain: dict[str, Any]) -> str:
    return (
        f"trail `{chain['trail']}` → log group `{chain['log_group']}` → filter `{chain['filter']}` → "
        f"alarm `{chain['alarm']}` → topic `{chain['topic']}` ({chain['subscriptions']} confirmed subscription(s))"
    )


def _verdict(sink: Sink, events: tuple[Event, ...]) -> Verdict:
    v = Verdict(unknown=list(sink.missing) if sink.filters is None else [])
    where = f"log group `{sink.log_group}` of trail `{sink.trail.name}`"
    filters = [f for f in sink.filters or () if f.log_group == sink.log_group]
    if sink.filters is not None and not filters:
        v.failed.append(f"{where} has no metric filter")
    misses: dict[str, list[str]] = {}
    for f in filters:
        matched = _matches(f, events, v, misses)
        if matched is None:
            continue
        chain = _alarm_chain(sink, f, v)
        if chain is not None:
            v.chain = {
                "trail": sink.trail.name,
                "trail_arn": sink.trail.arn,
                "log_group": sink.log_group,
                "log_group_account": sink.account,
                "log_group_region": sink.region,
                "filter": f.name,
                "pattern": f.pattern,
                "matched_events": matched,
                **chain,
            }
            return v
    if filters and len(misses) == len(filters):
        closest = min(misses.items(), key=lambda kv: len(kv[1]))
        v.failed.append(
            f"none of the {len(filters)} metric filter(s) on {where} counts every event of "
            f"{[label for label, _ in events]} (closest: `{closest[0]}` misses {closest[1]})"
        )
    return v


def _matches(f: MetricFilter, events: tuple[Event, ...], v: Verdict, misses: dict[str, list[str]]) -> list[str] | None:
    """The labels of ``events`` when ``f`` counts them all; else ``None``, the reason noted in ``v``/``misses``."""
    try:
        pattern = _parse(f.pattern)
    except FilterPatternError as exc:
        v.unknown.append(f"metric filter `{f.name}` pattern `{f.pattern}`: {exc}")
        return None
    answers = [(label, pattern.matches(event)) for label, event in events]
    missed = [label for label, got in answers if got is False]
    undecided = [label for label, got in answers if got is None]
    if missed:
        misses[f.name] = missed
    elif undecided:
        v.unknown.append(f"metric filter `{f.name}` (`{f.pattern}`): cannot decide whether it counts {undecided}")
    return None if missed or undecided else [label for label, _ in answers]


def _alarm_chain(sink: Sink, f: MetricFilter, v: Verdict) -> dict[str, Any] | None:
    if f.dimensioned:
        v.unknown.append(f"metric filter `{f.name}` publishes dimensions: alarms on their values are not evaluated")
    if sink.alarms is None:
        v.unknown.extend(m for m in sink.missing if m not in v.unknown)
        return None
    alarms = [a for a in sink.alarms if (a.namespace, a.metric) in f.metrics and not a.dimensioned]
    if not alarms:
        v.failed.append(f"no alarm watches the metric {list(f.metrics)} of metric filter `{f.name}`")
    for a in alarms:
        chain = _notified(sink, a, v)
        if chain is not None:
            return chain
    return None


def _notified(sink: Sink, a: Alarm, v: Verdict) -> dict[str, Any] | None:
    if not a.actions_enabled:
        v.failed.append(f"alarm `{a.name}` has its actions disabled")
        return None
    topics = [t for t in a.actions if t in sink.subscriptions]
    if not topics:
        v.failed.append(f"alarm `{a.name}` notifies no SNS topic (actions: {list(a.actions)})")
    for topic in topics:
        subs = sink.subscriptions[topic]
        if subs is None:
            v.unknown.extend(m for m in sink.missing if m not in v.unknown)
            continue
        confirmed = [s for s in subs if s.confirmed]
        if confirmed:
            return {
                "alarm": a.name,
                "alarm_arn": a.arn,
                "metric": f"{a.namespace}/{a.metric}",
                "topic": topic,
                "subscriptions": len(confirmed),
                "protocols": sorted({s.protocol for s in confirmed}),
            }
        v.failed.append(f"topic `{topic}` of alarm `{a.name}` has no confirmed subscription")
    return None
