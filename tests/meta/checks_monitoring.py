"""The compliant baseline's CIS 4.x monitoring and EFS data: in the management account (home of the
organisation trail's log group), one metric filter per control with the benchmark's own pattern, an
alarm on each metric and a topic with a confirmed e-mail subscription; an encrypted EFS file system in
every account."""

from __future__ import annotations

from importlib import import_module
from typing import Any

from keyaki.checks.catalog import CHECK_MODULES

MONITORING = [m for m in CHECK_MODULES if m.startswith("cloudwatch.")]
GROUP = "org-trail"
NAMESPACE = "CISBenchmark"


def metric(check_id: str) -> str:
    return check_id.removeprefix("cloudwatch_").removesuffix("_monitored")


def monitoring(mgmt: str, region: str) -> dict[str, Any]:
    """(operation -> verbatim response) for the management account's log group, alarms and topic."""
    topic = f"arn:aws:sns:{region}:{mgmt}:security-alerts"
    filters, alarms = [], []
    for name in MONITORING:
        module = import_module(f"keyaki.checks.{name}")
        m = metric(module.CHECK.id)
        filters.append(
            {
                "filterName": m,
                "filterPattern": module.REFERENCE,
                "metricTransformations": [{"metricName": m, "metricNamespace": NAMESPACE, "metricValue": "1"}],
                "creationTime": 1767225600000,
                "logGroupName": GROUP,
                "applyOnTransformedLogs": False,
            }
        )
        alarms.append(
            {
                "AlarmName": f"cis-{m}",
                "AlarmArn": f"arn:aws:cloudwatch:{region}:{mgmt}:alarm:cis-{m}",
                "ActionsEnabled": True,
                "OKActions": [],
                "AlarmActions": [topic],
                "InsufficientDataActions": [],
                "StateValue": "OK",
                "MetricName": m,
                "Namespace": NAMESPACE,
                "Statistic": "Sum",
                "Dimensions": [],
                "Period": 300,
                "EvaluationPeriods": 1,
                "Threshold": 1.0,
                "ComparisonOperator": "GreaterThanOrEqualToThreshold",
                "TreatMissingData": "notBreaching",
            }
        )
    subs = {
        "Subscriptions": [
            {
                "SubscriptionArn": f"{topic}:5d2f3c4b-6a7e-4f80-9b1c-2d3e4f5a6b7c",
                "Owner": mgmt,
                "Protocol": "email",
                "Endpoint": "security@example.com",
                "TopicArn": topic,
            }
        ]
    }
    return {
        "describe-metric-filters": {"metricFilters": filters},
        "describe-alarms": {"MetricAlarms": alarms, "CompositeAlarms": []},
        "list-subscriptions": subs,
    }


def file_systems(account: str, region: str) -> dict[str, Any]:
    fid = "fs-0123456789abcdef0"
    return {
        "FileSystems": [
            {
                "OwnerId": account,
                "CreationToken": "shared-files",
                "FileSystemId": fid,
                "FileSystemArn": f"arn:aws:elasticfilesystem:{region}:{account}:file-system/{fid}",
                "CreationTime": "2025-03-01T10:00:00+00:00",
                "LifeCycleState": "available",
                "Name": "shared-files",
                "NumberOfMountTargets": 2,
                "SizeInBytes": {"Value": 6144, "ValueInIA": 0, "ValueInStandard": 6144},
                "PerformanceMode": "generalPurpose",
                "Encrypted": True,
                "KmsKeyId": f"arn:aws:kms:{region}:{account}:key/1234abcd-12ab-34cd-56ef-1234567890ab",
                "ThroughputMode": "bursting",
                "Tags": [{"Key": "Name", "Value": "shared-files"}],
                "FileSystemProtection": {"ReplicationOverwriteProtection": "ENABLED"},
            }
        ]
    }
