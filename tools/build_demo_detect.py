"""The demo's logging and detection services: CloudTrail, Config, GuardDuty, Security Hub, Access Analyzer.

Planted: Config is not recording in dev eu-west-1; GuardDuty has no detector in sandbox eu-west-1;
Security Hub is not enabled in sandbox. The organisation trail (management, us-east-1) is
multi-region with log file validation and appears (as a shadow trail) in every account and region.
"""

from __future__ import annotations

from typing import Any

import build_demo_monitoring
from build_demo_common import (
    DEV,
    JOINED_FALLBACK,
    KMS_TRAIL,
    MGMT,
    SANDBOX,
    SECURITY,
    Writer,
    ago,
    at,
    hexid,
    iso,
    iso_ms,
    zulu_ms,
)

TRAIL = "org-trail"
TRAIL_ARN = f"arn:aws:cloudtrail:us-east-1:{MGMT}:trail/{TRAIL}"
NOT_RECORDING = (DEV, "eu-west-1")
NO_GUARDDUTY = (SANDBOX, "eu-west-1")
NO_SECURITYHUB = SANDBOX


def _trail() -> dict[str, Any]:
    return {
        "Name": TRAIL,
        "S3BucketName": f"acme-org-cloudtrail-{SECURITY}",
        "IncludeGlobalServiceEvents": True,
        "IsMultiRegionTrail": True,
        "HomeRegion": "us-east-1",
        "TrailARN": TRAIL_ARN,
        "LogFileValidationEnabled": True,
        "CloudWatchLogsLogGroupArn": f"arn:aws:logs:us-east-1:{MGMT}:log-group:aws-cloudtrail-logs-org:*",
        "CloudWatchLogsRoleArn": f"arn:aws:iam::{MGMT}:role/service-role/CloudTrailCloudWatchLogs",
        "KmsKeyId": KMS_TRAIL,
        "HasCustomEventSelectors": False,
        "HasInsightSelectors": False,
        "IsOrganizationTrail": True,
    }


def _write_trail(w: Writer, account: str, region: str) -> None:
    own = build_demo_monitoring.trails(account)
    w.call(account, region, "cloudtrail", "describe-trails", {"trailList": [_trail(), *own]})
    delivered = ago(0, 0, 4)
    status = {
        "IsLogging": True,
        "LatestDeliveryTime": iso_ms(delivered, 211),
        "LatestCloudWatchLogsDeliveryTime": iso_ms(delivered, 305),
        "StartLoggingTime": iso_ms(at("2020-06-03T09:10:00"), 118),
        "LatestDigestDeliveryTime": iso_ms(ago(0, 0, 31), 457),
        "LatestDeliveryAttemptTime": delivered.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "LatestNotificationAttemptTime": "",
        "LatestNotificationAttemptSucceeded": "",
        "LatestDeliveryAttemptSucceeded": delivered.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "TimeLoggingStarted": "2020-06-03T09:10:00Z",
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


def _write_config(w: Writer, account: str, region: str) -> None:
    recorder = {
        "arn": f"arn:aws:config:{region}:{account}:configuration-recorder/default/"
        + hexid("cr", account, region, n=16)[3:],
        "name": "default",
        "roleARN": f"arn:aws:iam::{account}:role/service-role/ConfigRecorderRole",
        "recordingGroup": {
            "allSupported": True,
            "includeGlobalResourceTypes": region == "us-east-1",
            "resourceTypes": [],
            "exclusionByResourceTypes": {"resourceTypes": []},
            "recordingStrategy": {"useOnly": "ALL_SUPPORTED_RESOURCE_TYPES"},
        },
        "recordingMode": {"recordingFrequency": "CONTINUOUS", "recordingModeOverrides": []},
        "recordingScope": "PAID",
    }
    w.call(account, region, "configservice", "describe-configuration-recorders", {"ConfigurationRecorders": [recorder]})
    started = at("2022-04-19T09:12:31") if account == SANDBOX else JOINED_FALLBACK
    status: dict[str, Any] = {"arn": recorder["arn"], "name": "default", "lastStartTime": iso_ms(started, 640)}
    if (account, region) == NOT_RECORDING:
        status.update(
            {
                "lastStopTime": iso_ms(at("2026-07-18T16:44:10"), 92),
                "recording": False,
                "lastStatus": "SUCCESS",
                "lastStatusChangeTime": iso_ms(at("2026-07-18T16:44:10"), 92),
            }
        )
    else:
        status.update({"recording": True, "lastStatus": "SUCCESS", "lastStatusChangeTime": iso_ms(ago(0, 2, 17), 380)})
    w.call(
        account,
        region,
        "configservice",
        "describe-configuration-recorder-status",
        {"ConfigurationRecordersStatus": [status]},
    )
    channel = {
        "name": "default",
        "s3BucketName": f"acme-org-config-{SECURITY}",
        "configSnapshotDeliveryProperties": {"deliveryFrequency": "TwentyFour_Hours"},
    }
    w.call(account, region, "configservice", "describe-delivery-channels", {"DeliveryChannels": [channel]})


def detector_id(account: str, region: str) -> str:
    return hexid("gd", account, region, n=34)[3:]


def _write_guardduty(w: Writer, account: str, region: str) -> None:
    if (account, region) == NO_GUARDDUTY:
        w.call(account, region, "guardduty", "list-detectors", {"DetectorIds": []})
        return
    det = detector_id(account, region)
    w.call(account, region, "guardduty", "list-detectors", {"DetectorIds": [det]})
    created = zulu_ms(at("2020-06-03T10:20:09"))
    features = [
        "CLOUD_TRAIL",
        "DNS_LOGS",
        "FLOW_LOGS",
        "S3_DATA_EVENTS",
        "EKS_AUDIT_LOGS",
        "EBS_MALWARE_PROTECTION",
        "RDS_LOGIN_EVENTS",
        "LAMBDA_NETWORK_LOGS",
        "RUNTIME_MONITORING",
    ]
    detail = {
        "CreatedAt": created,
        "FindingPublishingFrequency": "SIX_HOURS",
        "ServiceRole": f"arn:aws:iam::{account}:role/aws-service-role/guardduty.amazonaws.com/"
        "AWSServiceRoleForAmazonGuardDuty",
        "Status": "ENABLED",
        "UpdatedAt": zulu_ms(ago(30)),
        "DataSources": {
            "CloudTrail": {"Status": "ENABLED"},
            "DNSLogs": {"Status": "ENABLED"},
            "FlowLogs": {"Status": "ENABLED"},
            "S3Logs": {"Status": "ENABLED"},
            "Kubernetes": {"AuditLogs": {"Status": "ENABLED"}},
            "MalwareProtection": {
                "ScanEc2InstanceWithFindings": {"EbsVolumes": {"Status": "ENABLED"}},
                "ServiceRole": f"arn:aws:iam::{account}:role/aws-service-role/"
                "malware-protection.guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDutyMalwareProtection",
            },
        },
        "Tags": {},
        "Features": [
            {"Name": f, "Status": "DISABLED" if f == "RUNTIME_MONITORING" else "ENABLED", "UpdatedAt": zulu_ms(ago(30))}
            for f in features
        ],
    }
    w.call(account, region, "guardduty", "get-detector", detail, key=det)


def _write_securityhub(w: Writer, account: str, region: str) -> None:
    if account == NO_SECURITYHUB:
        msg = f"Account {account} is not subscribed to AWS Security Hub"
        w.error(account, region, "securityhub", "describe-hub", "InvalidAccessException", msg)
        w.error(account, region, "securityhub", "get-enabled-standards", "InvalidAccessException", msg)
        return
    hub = {
        "HubArn": f"arn:aws:securityhub:{region}:{account}:hub/default",
        "SubscribedAt": zulu_ms(at("2020-06-03T10:22:51")),
        "AutoEnableControls": True,
        "ControlFindingGenerator": "SECURITY_CONTROL",
    }
    w.call(account, region, "securityhub", "describe-hub", hub)
    subs = []
    for std in ("aws-foundational-security-best-practices/v/1.0.0", "cis-aws-foundations-benchmark/v/3.0.0"):
        subs.append(
            {
                "StandardsSubscriptionArn": f"arn:aws:securityhub:{region}:{account}:subscription/{std}",
                "StandardsArn": f"arn:aws:securityhub:{region}::standards/{std}",
                "StandardsInput": {},
                "StandardsStatus": "READY",
                "StandardsControlsUpdatable": "READY_FOR_UPDATES",
            }
        )
    w.call(account, region, "securityhub", "get-enabled-standards", {"StandardsSubscriptions": subs})


def _write_analyzers(w: Writer, account: str, region: str) -> None:
    analyzers = []
    if account == SECURITY:
        analyzers.append(
            {
                "arn": f"arn:aws:access-analyzer:{region}:{account}:analyzer/org-access-analyzer",
                "name": "org-access-analyzer",
                "type": "ORGANIZATION",
                "createdAt": iso(at("2020-06-03T10:15:30")),
                "lastResourceAnalyzed": f"arn:aws:s3:::acme-org-config-{SECURITY}",
                "lastResourceAnalyzedAt": iso_ms(ago(0, 0, 42), 118),
                "tags": {},
                "status": "ACTIVE",
            }
        )
    w.call(account, region, "accessanalyzer", "list-analyzers", {"analyzers": analyzers})


def build(w: Writer, account: str, region: str) -> None:
    _write_trail(w, account, region)
    _write_config(w, account, region)
    _write_guardduty(w, account, region)
    _write_securityhub(w, account, region)
    _write_analyzers(w, account, region)
