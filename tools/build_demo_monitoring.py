"""The demo's CIS 4.x monitoring: the security account's own trail, its metric filters, alarms and the
subscriptions of every topic; and the subscriptions of the other accounts' topics.

Planted (``docs/demo.md`` #28-#29): the security account (222222222222) has its own multi-region trail
``security-trail`` delivering to the log group ``security-trail-logs`` (us-east-1), with metric filters
and alarms that notify the topic ``security-alerts`` (a confirmed e-mail subscription) for unauthorized
API calls (4.1), console sign-in without MFA (4.2) and root use (4.3): those PASS there. Its IAM policy
filter is a legacy pattern without the ``Attach*``/``Detach*`` events (4.4 FAIL, the filter misses them),
its CloudTrail-changes alarm has its actions disabled (4.5 FAIL); 4.6-4.15 have no filter (FAIL). The
organisation trail's log group (management account) has no metric filter: every other account FAILs
4.1-4.15. Every account and region answers ``describe-metric-filters``, ``describe-alarms`` and
``list-subscriptions`` (empty where there is nothing).

Shapes: ``aws logs describe-metric-filters``, ``aws cloudwatch describe-alarms``, ``aws sns
list-subscriptions``, ``aws cloudtrail describe-trails`` (``--output json``).
"""

from __future__ import annotations

from typing import Any

from build_demo_common import KMS_TRAIL, PROD, SECURITY, Writer, ago, at, iso_ms, uid

TRAIL = "security-trail"
TRAIL_ARN = f"arn:aws:cloudtrail:us-east-1:{SECURITY}:trail/{TRAIL}"
GROUP = "security-trail-logs"
TOPIC = f"arn:aws:sns:us-east-1:{SECURITY}:security-alerts"
NAMESPACE = "CISBenchmark"

# (filter and metric name, pattern, alarm actions enabled): 4.1, 4.2, 4.3 pass; 4.4 misses events; 4.5 is muted
FILTERS = [
    ("UnauthorizedAPICalls", '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }', True),
    ("ConsoleSigninWithoutMFA", '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") }', True),
    (
        "RootAccountUsage",
        '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }',
        True,
    ),
    (
        "IAMPolicyChanges",
        "{($.eventName=DeleteGroupPolicy)||($.eventName=DeleteRolePolicy)||($.eventName=DeleteUserPolicy)||"
        "($.eventName=PutGroupPolicy)||($.eventName=PutRolePolicy)||($.eventName=PutUserPolicy)||"
        "($.eventName=CreatePolicy)||($.eventName=DeletePolicy)||($.eventName=CreatePolicyVersion)||"
        "($.eventName=DeletePolicyVersion)}",
        True,
    ),
    (
        "CloudTrailChanges",
        "{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || "
        "($.eventName = StartLogging) || ($.eventName = StopLogging) }",
        False,
    ),
]


def trails(account: str) -> list[dict[str, Any]]:
    """The security account's own trail (listed in each of its regions: multi-region)."""
    if account != SECURITY:
        return []
    return [
        {
            "Name": TRAIL,
            "S3BucketName": f"acme-org-cloudtrail-{SECURITY}",
            "S3KeyPrefix": "security",
            "IncludeGlobalServiceEvents": True,
            "IsMultiRegionTrail": True,
            "HomeRegion": "us-east-1",
            "TrailARN": TRAIL_ARN,
            "LogFileValidationEnabled": True,
            "CloudWatchLogsLogGroupArn": f"arn:aws:logs:us-east-1:{SECURITY}:log-group:{GROUP}:*",
            "CloudWatchLogsRoleArn": f"arn:aws:iam::{SECURITY}:role/service-role/CloudTrailCloudWatchLogs",
            "KmsKeyId": KMS_TRAIL,
            "HasCustomEventSelectors": False,
            "HasInsightSelectors": False,
            "IsOrganizationTrail": False,
        }
    ]


def _write_trail_state(w: Writer, account: str, region: str) -> None:
    if account != SECURITY:
        return
    delivered = ago(0, 0, 6)
    status = {
        "IsLogging": True,
        "LatestDeliveryTime": iso_ms(delivered, 118),
        "LatestCloudWatchLogsDeliveryTime": iso_ms(delivered, 402),
        "StartLoggingTime": iso_ms(at("2023-02-14T08:30:00"), 731),
        "LatestDigestDeliveryTime": iso_ms(ago(0, 0, 36), 215),
        "LatestDeliveryAttemptTime": delivered.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "LatestNotificationAttemptTime": "",
        "LatestNotificationAttemptSucceeded": "",
        "LatestDeliveryAttemptSucceeded": delivered.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "TimeLoggingStarted": "2023-02-14T08:30:00Z",
        "TimeLoggingStopped": "",
    }
    w.call(account, region, "cloudtrail", "get-trail-status", status, key=TRAIL)
    selectors = {
        "TrailARN": TRAIL_ARN,
        "EventSelectors": [
            {
                "ReadWriteType": "All",
                "IncludeManagementEvents": True,
                "DataResources": [],
                "ExcludeManagementEventSources": [],
            }
        ],
    }
    w.call(account, region, "cloudtrail", "get-event-selectors", selectors, key=TRAIL)


def _filter(name: str, pattern: str) -> dict[str, Any]:
    return {
        "filterName": name,
        "filterPattern": pattern,
        "metricTransformations": [{"metricName": name, "metricNamespace": NAMESPACE, "metricValue": "1"}],
        "creationTime": 1676363400000,
        "logGroupName": GROUP,
        "applyOnTransformedLogs": False,
    }


def _alarm(name: str, enabled: bool) -> dict[str, Any]:
    arn = f"arn:aws:cloudwatch:us-east-1:{SECURITY}:alarm:cis-{name}"
    return {
        "AlarmName": f"cis-{name}",
        "AlarmArn": arn,
        "AlarmDescription": f"CIS AWS Foundations: {name}",
        "AlarmConfigurationUpdatedTimestamp": iso_ms(at("2023-02-14T08:41:00"), 512),
        "ActionsEnabled": enabled,
        "OKActions": [],
        "AlarmActions": [TOPIC],
        "InsufficientDataActions": [],
        "StateValue": "OK",
        "StateReason": "Threshold Crossed: no datapoints were received for 1 period and 1 missing datapoint was "
        "treated as [NonBreaching].",
        "StateUpdatedTimestamp": iso_ms(ago(2), 77),
        "MetricName": name,
        "Namespace": NAMESPACE,
        "Statistic": "Sum",
        "Dimensions": [],
        "Period": 300,
        "EvaluationPeriods": 1,
        "Threshold": 1.0,
        "ComparisonOperator": "GreaterThanOrEqualToThreshold",
        "TreatMissingData": "notBreaching",
        "StateTransitionedTimestamp": iso_ms(ago(2), 77),
    }


def _subscriptions(account: str, region: str) -> list[dict[str, Any]]:
    if (account, region) == (SECURITY, "us-east-1"):
        return [
            {
                "SubscriptionArn": f"{TOPIC}:{uid('sub', TOPIC, 'email')}",
                "Owner": SECURITY,
                "Protocol": "email",
                "Endpoint": "secops@acme.example",
                "TopicArn": TOPIC,
            }
        ]
    if (account, region) == (PROD, "us-east-1"):
        topic = f"arn:aws:sns:us-east-1:{PROD}:order-events"
        return [
            {
                "SubscriptionArn": f"{topic}:{uid('sub', topic, 'sqs')}",
                "Owner": PROD,
                "Protocol": "sqs",
                "Endpoint": f"arn:aws:sqs:us-east-1:{PROD}:orders",
                "TopicArn": topic,
            }
        ]
    return []


def build(w: Writer, account: str, region: str) -> None:
    _write_trail_state(w, account, region)
    here = (account, region) == (SECURITY, "us-east-1")
    filters = [_filter(n, p) for n, p, _ in FILTERS] if here else []
    alarms = [_alarm(n, on) for n, _, on in FILTERS] if here else []
    w.call(account, region, "logs", "describe-metric-filters", {"metricFilters": filters})
    w.call(account, region, "cloudwatch", "describe-alarms", {"MetricAlarms": alarms, "CompositeAlarms": []})
    w.call(account, region, "sns", "list-subscriptions", {"Subscriptions": _subscriptions(account, region)})
