"""A scan result with real-shaped findings of every kind, for the report-format tests."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from keyaki.findings.model import Evidence, Finding, Severity, StandardRef, account_arn
from keyaki.scan import ScanResult
from keyaki.snapshot import Gap

MGMT, PROD, SANDBOX = "111122223333", "444455556666", "777788889999"
CIS = "cis-aws-foundations-benchmark/v3.0.0"
FSBP = "aws-foundational-security-best-practices/v1.0.0"
SCAN_TIME = datetime(2026, 11, 1, 9, 30, 0, tzinfo=UTC)


def root_key() -> Finding:
    return Finding.make(
        type="iam/root-access-key",
        severity=Severity.CRITICAL,
        title="The root user has an active access key",
        resource=account_arn(MGMT),
        account=MGMT,
        region="global",
        evidence=Evidence(
            summary="the credential report shows access_key_1_active=true for <root_account>",
            details={
                "user": "<root_account>",
                "access_key_1_active": "true",
                "access_key_1_last_rotated": "2019-03-04T10:11:12+00:00",
            },
            sources=[f"accounts/{MGMT}/global/iam/get-credential-report.json"],
        ),
        remediation="Delete the root user's access keys: sign in as root, Security credentials, Delete.",
        standards=[StandardRef(standard=CIS, control="1.4"), StandardRef(standard=FSBP, control="IAM.4")],
    )


def public_bucket() -> Finding:
    return Finding.make(
        type="access/public-resource",
        severity=Severity.HIGH,
        title="S3 bucket acme-public-assets is readable by anyone",
        resource="arn:aws:s3:::acme-public-assets",
        resource_type="AWS::S3::Bucket",
        account=SANDBOX,
        region="global",
        discriminator="s3:GetObject",
        evidence=Evidence(
            summary="the bucket policy allows s3:GetObject to Principal * without a condition",
            details={
                "request": {
                    "principal": "*",
                    "action": "s3:GetObject",
                    "resource": "arn:aws:s3:::acme-public-assets/index.html",
                },
                "statement": {
                    "Sid": "PublicRead",
                    "Effect": "Allow",
                    "Principal": "*",
                    "Action": "s3:GetObject",
                    "Resource": "arn:aws:s3:::acme-public-assets/*",
                },
                "Tags": [{"Key": "Environment", "Value": "sandbox"}, {"Key": "Owner", "Value": "web"}],
            },
            sources=[
                f"accounts/{SANDBOX}/global/s3api/get-bucket-policy/acme-public-assets.json",
                f"accounts/{SANDBOX}/global/s3api/get-public-access-block/acme-public-assets.json",
            ],
        ),
        remediation="Remove the PublicRead statement or enable Block Public Access on the bucket.",
        standards=[StandardRef(standard=FSBP, control="S3.2")],
    )


def ssh_open() -> Finding:
    return Finding.make(
        type="network/internet-exposure",
        severity=Severity.HIGH,
        title="SSH on i-0a1b2c3d4e5f60718 is reachable from the internet",
        resource=f"arn:aws:ec2:us-east-1:{PROD}:instance/i-0a1b2c3d4e5f60718",
        resource_type="AWS::EC2::Instance",
        account=PROD,
        region="us-east-1",
        discriminator="tcp/22-22",
        evidence=Evidence(
            summary="tcp/22 is open to 0.0.0.0/0 through igw-0f1e2d3c, acl-0a1b2c3d, sg-0123456789abcdef0",
            details={
                "path": [
                    "internet",
                    "igw-0f1e2d3c",
                    "rtb-0aa11bb2",
                    "acl-0a1b2c3d",
                    "sg-0123456789abcdef0",
                    "eni-0fedcba987654321",
                ],
                "port": 22,
                "protocol": "tcp",
            },
            sources=[f"accounts/{PROD}/us-east-1/ec2/describe-security-groups.json"],
        ),
        remediation="Remove the 0.0.0.0/0 rule for port 22 from sg-0123456789abcdef0.",
        standards=[StandardRef(standard=CIS, control="5.2"), StandardRef(standard=FSBP, control="EC2.13")],
    )


def kms_rotation() -> Finding:
    return Finding.make(
        type="kms/key-rotation-disabled",
        severity=Severity.MEDIUM,
        title="KMS key 1234abcd-12ab-34cd-56ef-1234567890ab does not rotate",
        resource=f"arn:aws:kms:eu-west-1:{PROD}:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        resource_type="AWS::KMS::Key",
        account=PROD,
        region="eu-west-1",
        evidence=Evidence(
            summary="get-key-rotation-status returned KeyRotationEnabled=false for a customer managed key",
            details={"KeyRotationEnabled": False, "tags": [{"TagKey": "team", "TagValue": "payments"}]},
            sources=[],
        ),
        remediation="aws kms enable-key-rotation --key-id 1234abcd-12ab-34cd-56ef-1234567890ab",
        standards=[StandardRef(standard=CIS, control="3.6"), StandardRef(standard=FSBP, control="KMS.4")],
    )


def coverage_gap() -> Finding:
    return Finding.make(
        type="keyaki/coverage-gap",
        severity=Severity.INFORMATIONAL,
        title="kms list-keys could not be read (AccessDenied)",
        resource=account_arn(SANDBOX),
        account=SANDBOX,
        region="eu-west-1",
        discriminator=f"accounts/{SANDBOX}/eu-west-1/kms/list-keys.json",
        evidence=Evidence(
            summary="the collector was refused `list-keys`: AccessDenied",
            sources=[f"accounts/{SANDBOX}/eu-west-1/kms/list-keys.json"],
        ),
        remediation="Grant the collector role read access to this call.",
    )


def hostile() -> Finding:
    """User-controlled strings everywhere: markup, a formula, quotes, non-ASCII, a very long text."""
    return Finding.make(
        type="iam/role-external-trust",
        severity=Severity.LOW,
        title='Role <script>alert("x")</script> trusts 999999999999 & "friends"',
        resource=f'arn:aws:iam::{PROD}:role/=HYPERLINK("http://evil")',
        resource_type="AWS::IAM::Role",
        account=PROD,
        region="global",
        evidence=Evidence(
            summary="=cmd|' /C calc'!A0 \u2014 trust policy allows sts:AssumeRole " + "x" * 3000,
            details={"policy": "</pre><img src=x onerror=alert(1)>"},
            sources=[f"accounts/{PROD}/global/iam/get-account-authorization-details.json"],
        ),
        remediation="Add an sts:ExternalId condition </script>.",
    )


def all_findings() -> list[Finding]:
    return [root_key(), public_bucket(), ssh_open(), kms_rotation(), hostile(), coverage_gap()]


SCORES = {
    "standards": [
        {
            "standard": CIS,
            "controls_passed": 30,
            "controls_failed": 5,
            "controls_not_evaluated": 2,
            "score": 0.857,
            "by_account": {
                MGMT: {"controls_passed": 10, "controls_failed": 2, "controls_not_evaluated": 0, "score": 0.833}
            },
        },
        {
            "standard": FSBP,
            "controls_passed": 40,
            "controls_failed": 10,
            "controls_not_evaluated": 6,
            "score": 0.8,
            "by_account": {},
        },
    ],
    "checks": [],
}


def make_result(findings: list[Finding] | None = None, *, scores: bool = True) -> ScanResult:
    gaps = [
        Gap(
            f"accounts/{SANDBOX}/eu-west-1/kms/list-keys.json",
            "AccessDenied",
            "User: arn:aws:sts::777788889999:assumed-role/keyaki-collector/s is not authorized to perform: "
            "kms:ListKeys",
            SANDBOX,
            "eu-west-1",
            "kms",
            "list-keys",
        ),
        Gap(
            f"accounts/{PROD}/us-east-1/lambda/list-functions.json",
            "not_collected",
            "not in the snapshot",
            PROD,
            "us-east-1",
            "lambda",
            "list-functions",
        ),
    ]
    return ScanResult(
        snapshot="snapshots/acme-2026-11-01",
        findings=all_findings() if findings is None else findings,
        gaps=gaps,
        errors=[{"analysis": "network", "error": "KeyError: 'VpcId'"}],
        analyses=["coverage", "checks", "network"],
        sections={"scores": SCORES} if scores else {},
        now=SCAN_TIME,
    )


@pytest.fixture
def result() -> ScanResult:
    return make_result()


@pytest.fixture
def build() -> Callable[..., ScanResult]:
    """The factory itself, for tests that need a variant (other findings, no scores)."""
    return make_result


@pytest.fixture
def suppressed_result() -> ScanResult:
    """The fixture scan with the public bucket suppressed (as ``--suppressions`` leaves it)."""
    from keyaki.findings.model import Status

    findings = [
        f.model_copy(update={"status": Status.SUPPRESSED, "suppression": "public website, approved in SEC-1234"})
        if f.type == "access/public-resource"
        else f
        for f in all_findings()
    ]
    return make_result(findings)


@pytest.fixture
def posture_analysis(monkeypatch: pytest.MonkeyPatch) -> list[Finding]:
    """Register an analysis yielding the fixture findings and scores (as the posture checks will)."""
    from keyaki import scan

    findings = all_findings()

    def analysis(snapshot: object, options: object) -> list[object]:
        return [*findings, scan.Section("scores", SCORES)]

    monkeypatch.setitem(scan.ANALYSES, "fixture-posture", analysis)
    return findings


@pytest.fixture
def snapshot_dir(make_snapshot: Callable[..., Path]) -> Path:
    """A snapshot whose collector was refused one call (a real coverage finding) in the sandbox account."""
    manifest = {
        "format": "keyaki-snapshot",
        "format_version": 1,
        "created": "2026-11-01T09:30:00Z",
        "accounts": [{"id": SANDBOX, "name": "sandbox", "regions": ["eu-west-1"]}],
        "gaps": [
            {
                "account": SANDBOX,
                "region": "eu-west-1",
                "service": "kms",
                "operation": "list-keys",
                "error": "AccessDeniedException",
                "message": "User: arn:aws:sts::777788889999:assumed-role/keyaki-collector/s is not authorized "
                "to perform: kms:ListKeys",
            }
        ],
    }
    return make_snapshot({}, manifest)
