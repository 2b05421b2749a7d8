"""The checks on the bundled demo organisation: every planted posture problem of docs/demo.md is found,
and nothing planted as a decoy (or listed as a good resource) is reported by the checks."""

from __future__ import annotations

import pytest

from keyaki.checks.analysis import evaluate
from keyaki.checks.registry import Outcome, Result
from keyaki.cli.scan import demo_path
from keyaki.scan import ScanOptions, default_now
from keyaki.snapshot import open_snapshot

PROD, DEV, SANDBOX, MGMT = "333333333333", "444444444444", "555555555555", "111111111111"
SECURITY = "222222222222"
DEV_KEY = f"arn:aws:kms:us-east-1:{DEV}:key/bc1ae0c2-e337-44c4-a2e3-9747d8f99983"
FTP = f"arn:aws:secretsmanager:eu-west-1:{PROD}:secret:prod/legacy/ftp-password-tLqwUz"
CERT = f"arn:aws:acm:eu-west-1:{PROD}:certificate/927734bb-0b95-4753-bea0-d182adf67614"

PLANTED = [  # (check, account, region, resource or None for the account)
    ("s3_bucket_policy_public", PROD, "global", "arn:aws:s3:::acme-prod-data-exports"),
    ("iam_access_key_rotated", PROD, "global", f"arn:aws:iam::{PROD}:user/legacy-batch"),
    ("iam_credentials_unused_45_days", DEV, "global", f"arn:aws:iam::{DEV}:user/report-exporter"),
    ("iam_credentials_unused_90_days", DEV, "global", f"arn:aws:iam::{DEV}:user/report-exporter"),
    ("iam_user_console_mfa", PROD, "global", f"arn:aws:iam::{PROD}:user/dave.ops"),
    ("iam_root_access_key", DEV, "global", f"arn:aws:iam::{DEV}:root"),
    ("ec2_imdsv2", PROD, "us-east-1", f"arn:aws:ec2:us-east-1:{PROD}:instance/i-c0dc5b75c184be2d1"),
    ("kms_key_rotation", DEV, "us-east-1", DEV_KEY),
    ("secretsmanager_rotation_enabled", PROD, "eu-west-1", FTP),
    ("secretsmanager_unused", PROD, "eu-west-1", FTP),
    ("acm_certificate_expiring", PROD, "eu-west-1", CERT),
    ("iam_password_policy_min_length", SANDBOX, "global", None),
    ("iam_password_policy_reuse", SANDBOX, "global", None),
    ("iam_password_policy_strong", SANDBOX, "global", None),
    ("config_recorder_enabled", DEV, "eu-west-1", None),
    ("guardduty_enabled", SANDBOX, "eu-west-1", None),
    ("securityhub_enabled", SANDBOX, "us-east-1", None),
    ("securityhub_enabled", SANDBOX, "eu-west-1", None),
    ("s3_bucket_versioning", DEV, "global", "arn:aws:s3:::acme-dev-scratch"),
    ("iam_root_recent_use", DEV, "global", f"arn:aws:iam::{DEV}:root"),
    ("iam_root_hardware_mfa", MGMT, "global", f"arn:aws:iam::{MGMT}:root"),
    ("ec2_ebs_default_encryption", DEV, "us-east-1", None),
    ("ec2_ebs_volume_encrypted", DEV, "us-east-1", None),
    ("ec2_eip_unused", DEV, "us-east-1", None),
    ("ec2_default_vpc", DEV, "eu-west-1", None),
    ("ec2_default_vpc", SANDBOX, "us-east-1", None),
    ("ec2_default_sg_closed", PROD, "us-east-1", None),
    ("lambda_runtime_supported", DEV, "us-east-1", f"arn:aws:lambda:us-east-1:{DEV}:function:nightly-infra-sync"),
    ("cloudwatch_iam_policy_changes_monitored", SECURITY, "global", None),
    ("cloudwatch_cloudtrail_changes_monitored", SECURITY, "global", None),
    ("cloudwatch_root_usage_monitored", PROD, "global", None),
    ("cloudwatch_vpc_changes_monitored", SECURITY, "global", None),
]

ONLY_FAILURES = {  # check -> the only resources (or account/region) it may fail
    "kms_key_rotation": {DEV_KEY},
    "secretsmanager_rotation_enabled": {FTP},
    "secretsmanager_unused": {FTP},
    "acm_certificate_expiring": {CERT},
    "s3_bucket_policy_public": {"arn:aws:s3:::acme-prod-data-exports"},
    "config_recorder_enabled": {(DEV, "eu-west-1")},
    "guardduty_enabled": {(SANDBOX, "eu-west-1")},
    "securityhub_enabled": {(SANDBOX, "us-east-1"), (SANDBOX, "eu-west-1")},
}
NEVER_FAIL = (
    "kms_key_public",
    "secretsmanager_secret_public",
    "sqs_queue_public",
    "sns_topic_public",
    "lambda_function_public",
    "ecr_repository_public",
    "accessanalyzer_enabled",
    "cloudtrail_multi_region_enabled",
    "cloudtrail_log_file_validation",
    "cloudtrail_kms_encryption",
    "org_trail_enabled",
    "org_trail_log_validation",
    "org_scp_deny_leave_organization",
    "s3_bucket_public_acl",
)


@pytest.fixture(scope="module")
def results() -> dict[str, list[Result]]:
    snap = open_snapshot(demo_path())
    out, errors = evaluate(snap, ScanOptions(now=default_now(snap)))
    assert errors == []
    return out


def _fails(results: dict[str, list[Result]], check: str) -> list[Result]:
    return [r for r in results[check] if r.outcome is Outcome.FAIL]


@pytest.mark.parametrize(("check", "account", "region", "resource"), PLANTED)
def test_planted_problem_is_found(
    results: dict[str, list[Result]], check: str, account: str, region: str, resource: str | None
) -> None:
    hits = [
        r
        for r in _fails(results, check)
        if r.account == account and r.region == region and (resource is None or r.resource == resource)
    ]
    assert hits, f"{check} did not fail on {account}/{region}/{resource}"


@pytest.mark.parametrize("check", sorted(ONLY_FAILURES))
def test_nothing_else_fails(results: dict[str, list[Result]], check: str) -> None:
    allowed = ONLY_FAILURES[check]
    for r in _fails(results, check):
        assert r.resource in allowed or (r.account, r.region) in allowed, r


@pytest.mark.parametrize("check", NEVER_FAIL)
def test_decoys_and_good_resources_are_not_reported(results: dict[str, list[Result]], check: str) -> None:
    assert _fails(results, check) == []


def test_decoy_bucket_is_judged_not_public(results: dict[str, list[Result]]) -> None:
    assets = [r for r in results["s3_bucket_policy_public"] if r.resource == "arn:aws:s3:::acme-prod-app-assets"]
    assert [r.outcome for r in assets] == [Outcome.PASS]


def test_sandbox_office_ssh_is_not_world_open(results: dict[str, list[Result]]) -> None:
    assert [r for r in _fails(results, "ec2_sg_admin_ports_ipv4") if r.account == SANDBOX] == []


def test_the_deliberate_gap_is_not_evaluated_never_pass(results: dict[str, list[Result]]) -> None:
    gap = [r for r in results["lambda_runtime_supported"] if r.account == SANDBOX and r.region == "eu-west-1"]
    assert [r.outcome for r in gap] == [Outcome.NOT_EVALUATED]
    assert "AccessDeniedException" in gap[0].summary


MONITORED_IN_SECURITY = (
    "cloudwatch_unauthorized_api_calls_monitored",
    "cloudwatch_console_login_without_mfa_monitored",
    "cloudwatch_root_usage_monitored",
    "cloudwatch_console_auth_failures_monitored",
)


@pytest.mark.parametrize("check", MONITORED_IN_SECURITY)
def test_the_security_accounts_alarms_pass_there_only(results: dict[str, list[Result]], check: str) -> None:
    passed = {(r.account, r.region) for r in results[check] if r.outcome is Outcome.PASS}
    assert passed == {(SECURITY, "global")}  # account-wide: the multi-region trail covers both regions
    assert {r.outcome for r in results[check] if r.account != SECURITY} == {Outcome.FAIL}


def test_monitoring_failures_say_which_link_is_broken(results: dict[str, list[Result]]) -> None:
    def summary(check: str) -> str:
        return next(r.summary for r in results[check] if r.account == SECURITY)

    assert "`IAMPolicyChanges` misses ['iam:AttachRolePolicy'" in summary("cloudwatch_iam_policy_changes_monitored")
    assert "alarm `cis-CloudTrailChanges` has its actions disabled" in summary(
        "cloudwatch_cloudtrail_changes_monitored"
    )
    root = next(r for r in results["cloudwatch_root_usage_monitored"] if r.account == SECURITY)
    assert root.details["topic"] == f"arn:aws:sns:us-east-1:{SECURITY}:security-alerts"
    assert root.details["log_group"] == "security-trail-logs" and root.details["protocols"] == ["email"]
