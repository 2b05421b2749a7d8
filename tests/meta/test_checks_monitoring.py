"""The CIS 4.x chain trail → log group → metric filter → alarm → SNS subscriber, link by link, and
EFS encryption, on the compliant baseline and small mutations of it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from keyaki.checks.catalog import checks
from keyaki.checks.registry import Context, Outcome, Result

from .checks_monitoring import metric
from .checks_snapshot import MGMT, OPTIONS, REGION, SEC, Files, baseline, p, snapshot

ROOT_CHECK = "cloudwatch_root_usage_monitored"


def _run(mutate: Callable[[Files], None] | None = None, check_id: str = ROOT_CHECK) -> list[Result]:
    files = baseline()
    if mutate is not None:
        mutate(files)
    return list(Context(snapshot(files), OPTIONS).run(checks()[check_id]))


def _filters(files: Files) -> list[dict[str, Any]]:
    return files[p(MGMT, "logs", "describe-metric-filters")]["metricFilters"]


def _alarm(files: Files, check_id: str = ROOT_CHECK) -> dict[str, Any]:
    alarms = files[p(MGMT, "cloudwatch", "describe-alarms")]["MetricAlarms"]
    return next(a for a in alarms if a["MetricName"] == metric(check_id))


def _root_filter(files: Files) -> dict[str, Any]:
    return next(f for f in _filters(files) if f["filterName"] == metric(ROOT_CHECK))


def test_pass_names_every_link_of_the_chain_for_each_account() -> None:
    results = _run()
    assert {(r.account, r.outcome) for r in results} == {(MGMT, Outcome.PASS), (SEC, Outcome.PASS)}
    d = results[0].details
    assert d["trail"] == "org-trail" and d["log_group"] == "org-trail" and d["log_group_account"] == MGMT
    assert d["filter"] == "root_usage" and "Root" in d["pattern"]
    assert d["alarm"] == "cis-root_usage" and d["topic"].endswith(":security-alerts")
    assert d["subscriptions"] == 1 and d["protocols"] == ["email"]
    assert d["matched_events"] == ["signin:ConsoleLogin by the root user", "iam:CreateAccessKey"]
    assert "→ alarm `cis-root_usage`" in results[0].summary


def test_an_equivalent_pattern_written_differently_passes() -> None:
    def rewrite(files: Files) -> None:
        _root_filter(files)["filterPattern"] = (
            '{($.userIdentity.type="Root")&&($.userIdentity.invokedBy NOT EXISTS)&&($.eventType!=AwsServiceEvent)}'
        )

    assert {r.outcome for r in _run(rewrite)} == {Outcome.PASS}


def _set_pattern(pattern: str) -> Callable[[Files], None]:
    def mutate(files: Files) -> None:
        _root_filter(files)["filterPattern"] = pattern

    return mutate


def test_a_filter_that_misses_an_event_fails_and_says_which() -> None:
    results = _run(_set_pattern('{ $.userIdentity.type = "Root" && $.eventType = "AwsApiCall" }'))
    assert {r.outcome for r in results} == {Outcome.FAIL}
    assert "closest: `root_usage` misses ['signin:ConsoleLogin by the root user']" in results[0].summary


def test_an_unreadable_filter_is_not_evaluated_with_its_location() -> None:
    results = _run(_set_pattern("{ $.userIdentity.type = %Ro+t% }"))
    assert {r.outcome for r in results} == {Outcome.NOT_EVALUATED}
    assert "column 25" in results[0].summary and "regular expressions" in results[0].summary


def test_an_undecidable_filter_is_not_evaluated() -> None:
    results = _run(_set_pattern('{ $.userIdentity.type = "Root" && $.userIdentity.sessionContext.x != "y" }'))
    assert {r.outcome for r in results} == {Outcome.NOT_EVALUATED}
    assert "cannot decide" in results[0].summary


@pytest.mark.parametrize(
    ("mutate", "reason"),
    [
        (lambda f: _filters(f).clear(), "has no metric filter"),
        (lambda f: _root_filter(f).update(logGroupName="other-group"), "closest: `unauthorized_api_calls` misses"),
        (lambda f: _alarm(f).update(MetricName="Other"), "no alarm watches the metric"),
        (lambda f: _alarm(f).update(Namespace="Other"), "no alarm watches the metric"),
        (lambda f: _alarm(f).update(ActionsEnabled=False), "has its actions disabled"),
        (lambda f: _alarm(f).update(AlarmActions=[]), "notifies no SNS topic"),
        (
            lambda f: f[p(MGMT, "sns", "list-subscriptions")]["Subscriptions"][0].update(
                SubscriptionArn="PendingConfirmation"
            ),
            "has no confirmed subscription",
        ),
        (lambda f: f[p(MGMT, "sns", "list-subscriptions")].update(Subscriptions=[]), "has no confirmed subscription"),
        (
            lambda f: f[p(MGMT, "cloudtrail", "describe-trails")]["trailList"][0].update(IsMultiRegionTrail=False),
            "no multi-region trail",
        ),
        (
            lambda f: f[p(SEC, "cloudtrail", "get-trail-status", "org-trail")].update(IsLogging=False),
            "no multi-region trail",
        ),
    ],
)
def test_each_broken_link_fails(mutate: Callable[[Files], None], reason: str) -> None:
    failed = [r for r in _run(mutate) if r.outcome is Outcome.FAIL]
    assert failed and all(reason in r.summary for r in failed), [r.summary for r in _run(mutate)]


@pytest.mark.parametrize(
    ("op", "service"),
    [("describe-metric-filters", "logs"), ("describe-alarms", "cloudwatch"), ("list-subscriptions", "sns")],
)
def test_missing_data_is_not_evaluated(op: str, service: str) -> None:
    results = _run(lambda f: f.pop(p(MGMT, service, op)))
    assert {r.outcome for r in results} == {Outcome.NOT_EVALUATED}
    assert all(f"{service}/{op}.json` was not collected" in r.summary for r in results)


def test_trail_status_not_collected_is_not_evaluated() -> None:
    def drop(files: Files) -> None:
        files.pop(p(SEC, "cloudtrail", "get-trail-status", "org-trail"))
        files.pop(p(MGMT, "cloudtrail", "get-trail-status", "org-trail"))

    results = _run(drop)
    assert {r.outcome for r in results} == {Outcome.NOT_EVALUATED}


def test_a_dimensioned_metric_is_not_evaluated() -> None:
    def dimensions(files: Files) -> None:
        _root_filter(files)["metricTransformations"][0]["dimensions"] = {"user": "$.userIdentity.arn"}

    results = _run(dimensions)
    assert {r.outcome for r in results} == {Outcome.NOT_EVALUATED}
    assert "publishes dimensions" in results[0].summary


def test_a_second_good_chain_is_enough() -> None:
    def second(files: Files) -> None:
        good = dict(_root_filter(files), filterName="root-2")
        _root_filter(files)["filterPattern"] = '{ $.eventName = "Nothing" }'
        _filters(files).append(good)

    results = _run(second)
    assert {r.outcome for r in results} == {Outcome.PASS} and results[0].details["filter"] == "root-2"


def test_efs_unencrypted_fails_and_missing_field_is_not_evaluated() -> None:
    def plain(files: Files) -> None:
        files[p(SEC, "efs", "describe-file-systems")]["FileSystems"][0]["Encrypted"] = False

    results = _run(plain, "efs_encryption_enabled")
    assert {(r.account, r.outcome) for r in results} == {(MGMT, Outcome.PASS), (SEC, Outcome.FAIL)}
    failed = next(r for r in results if r.outcome is Outcome.FAIL)
    assert failed.resource == f"arn:aws:elasticfilesystem:{REGION}:{SEC}:file-system/fs-0123456789abcdef0"
    assert "Encrypted=false" in failed.summary

    def absent(files: Files) -> None:
        del files[p(SEC, "efs", "describe-file-systems")]["FileSystems"][0]["Encrypted"]

    assert Outcome.NOT_EVALUATED in {r.outcome for r in _run(absent, "efs_encryption_enabled")}


def test_one_result_per_account_and_no_trail_listing_is_not_evaluated() -> None:
    results = _run(lambda f: f.pop(p(SEC, "cloudtrail", "describe-trails")))
    assert {(r.account, r.region, r.outcome) for r in results} == {
        (MGMT, "global", Outcome.PASS),
        (SEC, "global", Outcome.NOT_EVALUATED),
    }
    assert "cloudtrail/describe-trails.json` was not collected" in next(r for r in results if r.account == SEC).summary
