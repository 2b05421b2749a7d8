"""Views the checks read: credential report (CSV file or base64), CloudTrail selectors, NACL order,
timestamps."""

from __future__ import annotations

import base64
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from keyaki.snapshot import open_snapshot
from keyaki.snapshot.views import cloudtrail, credentials, ec2
from keyaki.snapshot.views.common import Missing, parse_time

A = "111122223333"
CSV = (
    "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,"
    "mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,"
    "access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,"
    "access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,"
    "cert_1_last_rotated,cert_2_active,cert_2_last_rotated\n"
    f"<root_account>,arn:aws:iam::{A}:root,2020-01-01T00:00:00+00:00,not_supported,2026-10-01T00:00:00+00:00,"
    "not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n"
    f"bob,arn:aws:iam::{A}:user/bob,2024-01-01T00:00:00+00:00,true,no_information,2024-01-01T00:00:00+00:00,"
    "N/A,false,true,2024-01-02T00:00:00+00:00,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n"
)
Make = Callable[..., Path]


def test_credential_report_from_csv_file_or_base64(make_snapshot: Make) -> None:
    as_csv = open_snapshot(make_snapshot({f"accounts/{A}/global/iam/credential-report.csv": CSV}))
    report = credentials.load(as_csv, A)
    assert report.root is not None and report.root.mfa_active and not report.root.password_enabled
    (bob,) = report.users
    assert bob.password_enabled and bob.password_last_used is None and len(bob.active_keys) == 1
    assert bob.active_keys[0].last_used is None and bob.active_keys[0].last_rotated is not None
    content = base64.b64encode(CSV.encode()).decode()
    as_json = open_snapshot(
        make_snapshot(
            {
                f"accounts/{A}/global/iam/get-credential-report.json": {
                    "Content": content,
                    "ReportFormat": "text/csv",
                    "GeneratedTime": "2026-11-01T00:00:00Z",
                }
            }
        )
    )
    assert credentials.load(as_json, A).rows == report.rows


def test_credential_report_missing_or_garbled_is_missing(make_snapshot: Make) -> None:
    with pytest.raises(Missing, match="not collected"):
        credentials.load(open_snapshot(make_snapshot({f"accounts/{A}/global/iam/get-account-summary.json": {}})), A)
    bad = open_snapshot(make_snapshot({f"accounts/{A}/global/iam/get-credential-report.json": {"Content": "%%%"}}))
    with pytest.raises(Missing, match="not base64"):
        credentials.load(bad, A)


def _trail_snapshot(make_snapshot: Make, selectors: dict[str, Any]) -> Any:
    base = f"accounts/{A}/us-east-1/cloudtrail"
    trail = {
        "Name": "t",
        "TrailARN": f"arn:aws:cloudtrail:us-east-1:{A}:trail/t",
        "HomeRegion": "us-east-1",
        "IsMultiRegionTrail": True,
        "S3BucketName": "b",
        "LogFileValidationEnabled": True,
    }
    return open_snapshot(
        make_snapshot(
            {
                f"{base}/describe-trails.json": {"trailList": [trail]},
                f"{base}/get-trail-status/t.json": {"IsLogging": True},
                f"{base}/get-event-selectors/t.json": selectors,
            }
        )
    )


def test_advanced_event_selectors(make_snapshot: Make) -> None:
    snap = _trail_snapshot(
        make_snapshot,
        {
            "AdvancedEventSelectors": [
                {"Name": "mgmt", "FieldSelectors": [{"Field": "eventCategory", "Equals": ["Management"]}]},
                {
                    "Name": "s3 writes",
                    "FieldSelectors": [
                        {"Field": "eventCategory", "Equals": ["Data"]},
                        {"Field": "resources.type", "Equals": ["AWS::S3::Object"]},
                        {"Field": "readOnly", "Equals": ["false"]},
                    ],
                },
            ]
        },
    )
    (t,) = cloudtrail.load(snap, A, "us-east-1")
    assert t.logging and t.logs_all_management
    assert t.logs_s3_objects(read=False) and not t.logs_s3_objects(read=True)


def test_advanced_selector_narrowed_to_one_bucket_is_not_all_buckets(make_snapshot: Make) -> None:
    snap = _trail_snapshot(
        make_snapshot,
        {
            "AdvancedEventSelectors": [
                {
                    "Name": "one bucket",
                    "FieldSelectors": [
                        {"Field": "eventCategory", "Equals": ["Data"]},
                        {"Field": "resources.type", "Equals": ["AWS::S3::Object"]},
                        {"Field": "resources.ARN", "StartsWith": ["arn:aws:s3:::one/"]},
                    ],
                }
            ]
        },
    )
    (t,) = cloudtrail.load(snap, A, "us-east-1")
    assert not t.logs_s3_objects(read=True) and not t.logs_all_management


def _acl(*entries: dict[str, Any]) -> dict[str, Any]:
    return {
        "NetworkAcls": [
            {
                "NetworkAclId": "acl-1",
                "VpcId": "vpc-1",
                "IsDefault": False,
                "Associations": [],
                "Entries": list(entries),
            }
        ]
    }


def _entry(n: int, action: str, cidr: str, port: tuple[int, int] | None = None, proto: str = "6") -> dict[str, Any]:
    e: dict[str, Any] = {"RuleNumber": n, "Protocol": proto, "RuleAction": action, "Egress": False, "CidrBlock": cidr}
    if port:
        e["PortRange"] = {"From": port[0], "To": port[1]}
    return e


def test_nacl_rule_order(make_snapshot: Make) -> None:
    path = f"accounts/{A}/us-east-1/ec2/describe-network-acls.json"
    closed = _acl(_entry(100, "allow", "0.0.0.0/0", proto="-1"), _entry(90, "deny", "0.0.0.0/0", (22, 22)))
    (acl,) = ec2.network_acls(open_snapshot(make_snapshot({path: closed})), A, "us-east-1")
    assert acl.world_open(22) is None and acl.world_open(3389) is not None
    narrow_deny = _acl(_entry(90, "deny", "203.0.113.0/24", (22, 22)), _entry(100, "allow", "0.0.0.0/0", (0, 1024)))
    (acl,) = ec2.network_acls(open_snapshot(make_snapshot({path: narrow_deny})), A, "us-east-1")
    opened = acl.world_open(22)
    assert opened is not None and opened.number == 100


def test_parse_time_forms() -> None:
    assert parse_time("2026-11-01T12:00:00Z") == parse_time("2026-11-01T12:00:00+00:00") == parse_time(1793534400)
    assert parse_time("no_information") is None and parse_time("N/A") is None and parse_time(None) is None
