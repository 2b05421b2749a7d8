"""Real-shaped CloudTrail records, the sample events a CIS 4.x metric filter must count.

Record fields: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html,
sign-in events: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-aws-console-sign-in-events.html
"""

from __future__ import annotations

from typing import Any

ACCOUNT = "123456789012"
USER = {
    "type": "IAMUser",
    "principalId": "AIDACKCEVSQ6C2EXAMPLE",
    "arn": f"arn:aws:iam::{ACCOUNT}:user/Alice",
    "accountId": ACCOUNT,
    "accessKeyId": "AKIAIOSFODNN7EXAMPLE",
    "userName": "Alice",
}
ROOT = {"type": "Root", "principalId": ACCOUNT, "arn": f"arn:aws:iam::{ACCOUNT}:root", "accountId": ACCOUNT}

Event = tuple[str, dict[str, Any]]  # (label shown in evidence, the record)


def api(source: str, name: str, *, identity: dict[str, Any] | None = None, **extra: Any) -> Event:
    """An API call ``source`` / ``name`` by an IAM user (or ``identity``), with ``extra`` fields."""
    record: dict[str, Any] = {
        "eventVersion": "1.09",
        "userIdentity": identity or USER,
        "eventTime": "2026-11-01T12:00:00Z",
        "eventSource": source,
        "eventName": name,
        "awsRegion": "us-east-1",
        "sourceIPAddress": "198.51.100.7",
        "userAgent": "aws-cli/2.15.0 Python/3.11.6",
        "requestParameters": {},
        "responseElements": None,
        "requestID": "0c5b1a8e-1f2b-4c3d-9e8f-0a1b2c3d4e5f",
        "eventID": "3e1f7c2a-5b6d-4e8f-9a0b-1c2d3e4f5a6b",
        "readOnly": False,
        "eventType": "AwsApiCall",
        "managementEvent": True,
        "recipientAccountId": ACCOUNT,
        "eventCategory": "Management",
    }
    record.update(extra)
    label = f"{source.split('.')[0]}:{name}" + (f" ({extra['errorCode']})" if "errorCode" in extra else "")
    return label, record


def calls(source: str, *names: str) -> tuple[Event, ...]:
    return tuple(api(source, n) for n in names)


def console_login(*, identity: dict[str, Any], success: bool, mfa: str) -> dict[str, Any]:
    """A ``ConsoleLogin`` record (``AwsConsoleSignIn``, ``signin.amazonaws.com``)."""
    _, record = api(
        "signin.amazonaws.com",
        "ConsoleLogin",
        identity=identity,
        eventType="AwsConsoleSignIn",
        userAgent="Mozilla/5.0 (X11; Linux x86_64)",
        requestParameters=None,
        responseElements={"ConsoleLogin": "Success" if success else "Failure"},
        additionalEventData={
            "LoginTo": "https://console.aws.amazon.com/console/home",
            "MobileVersion": "No",
            "MFAUsed": mfa,
        },
    )
    if not success:
        record["errorMessage"] = "Failed authentication"
    return record
