"""The demo organisation's planted access problems (``docs/demo.md`` #1-#4 and their decoys)."""

from __future__ import annotations

from typing import Any

import pytest

from keyaki.access.engine import Engine
from keyaki.access.estate import Estate
from keyaki.access.findings import EXTERNAL, PUBLIC, external_findings
from keyaki.access.whocan import what_can, who_can
from keyaki.cli.scan import demo_path
from keyaki.findings.model import Finding, Severity
from keyaki.iam.case import simulate
from keyaki.scan import ANALYSES
from keyaki.snapshot import open_snapshot

PUBLIC_BUCKET = "arn:aws:s3:::acme-prod-data-exports"
VPCE_BUCKET = "arn:aws:s3:::acme-prod-app-assets"
PARTNER_KEY = "arn:aws:kms:us-east-1:333333333333:key/2288c37f-2b6d-49f7-9fd0-1273500f0995"
PARTNER_SECRET = "arn:aws:secretsmanager:us-east-1:333333333333:secret:prod/payments/partner-api-key-BpOzcJ"
VENDOR_ROLE = "arn:aws:iam::333333333333:role/VendorSupportAccess"
DATADOG_ROLE = "arn:aws:iam::333333333333:role/DatadogIntegrationRole"
GITHUB_ROLE = "arn:aws:iam::333333333333:role/GitHubActionsDeploy"


@pytest.fixture(scope="module")
def findings() -> list[Finding]:
    return external_findings(open_snapshot(demo_path()), "organization")[0]


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(Estate.load(open_snapshot(demo_path())))


def _on(findings: list[Finding], arn: str) -> list[Finding]:
    return [f for f in findings if f.resource == arn]


def test_the_public_bucket_is_public_with_a_replayed_anonymous_witness(findings):
    (f,) = _on(findings, PUBLIC_BUCKET)
    d = f.evidence.details
    assert f.type == PUBLIC and f.severity is Severity.HIGH and d["public"] is True
    assert d["principal_class"] == "*" and d["access"] == "always"
    assert d["witness"]["request"]["action"] == "s3:GetObject"
    assert simulate(d["witness"]).decision == "allowed"
    assert d["statements"][0]["name"] == PUBLIC_BUCKET and d["statements"][0]["file"].endswith(
        "acme-prod-data-exports.json"
    )
    assert d["public_check"]["result"] == "FAIL"


def test_the_source_vpce_bucket_is_not_reported(findings):
    assert _on(findings, VPCE_BUCKET) == []


def test_who_can_on_the_source_vpce_bucket_names_the_endpoint_condition(engine):
    out = who_can(engine, VPCE_BUCKET, ["s3:GetObject"])
    anon = next(p for p in out["principals"] if p["principal"] == "anonymous")
    (access,) = anon["access"]
    assert access["level"] == "conditionally"
    assert [g["text"] for g in access["conditions"]] == ['aws:SourceVpce = "vpce-86ea6ebcffda4e6b9"']
    assert simulate(access["witness"]).decision == "allowed"


@pytest.mark.parametrize(
    ("arn", "action"), [(PARTNER_KEY, "kms:Decrypt"), (PARTNER_SECRET, "secretsmanager:GetSecretValue")]
)
def test_key_and_secret_shared_with_the_unknown_account(findings, arn, action):
    (f,) = _on(findings, arn)
    d = f.evidence.details
    assert f.type == EXTERNAL and f.severity is Severity.HIGH
    assert d["principal_class"] == "AWS:999988887777" and d["public"] is False
    assert action in [a["action"] for a in d["actions"]]
    assert simulate(d["witness"]).decision == "allowed"


def test_vendor_role_trusted_without_external_id(findings):
    (f,) = _on(findings, VENDOR_ROLE)
    d = f.evidence.details
    assert f.severity is Severity.HIGH and d["missing_external_id"] is True
    assert d["principal_class"] == "AWS:123456789012" and "without sts:ExternalId" in f.title


def test_datadog_role_is_external_access_with_its_external_id_condition(findings):
    (f,) = _on(findings, DATADOG_ROLE)
    d = f.evidence.details
    assert f.severity is Severity.LOW and d["missing_external_id"] is False and "ExternalId" not in f.title
    assert d["conditions"] == ['sts:ExternalId = "6f1b2c9e0d7a4e3f8b5c1a2d3e4f5a6b"']
    assert simulate(d["witness"]).decision == "allowed"


def test_github_oidc_role_is_neither_public_nor_an_untrusted_account(findings):
    for f in _on(findings, GITHUB_ROLE):
        assert f.severity is Severity.LOW and f.type == EXTERNAL
        assert f.evidence.details["principal_class"].startswith("Federated:")


def test_every_finding_carries_a_replayed_witness(findings):
    assert findings
    for f in findings:
        assert simulate(f.evidence.details["witness"]).decision == "allowed", f.title


def test_findings_are_deterministic_and_one_per_resource_and_class(findings):
    again = external_findings(open_snapshot(demo_path()), "organization")[0]
    assert [f.id for f in again] == [f.id for f in findings]
    pairs = [(f.resource, f.evidence.details["principal_class"]) for f in findings]
    assert len(pairs) == len(set(pairs))


def test_account_trust_zone_reports_sharing_between_member_accounts(findings):
    wider = external_findings(open_snapshot(demo_path()), "account")[0]
    ecr = "arn:aws:ecr:us-east-1:333333333333:repository/payments-api"
    assert _on(findings, ecr) == []
    assert [f.evidence.details["principal_class"] for f in _on(wider, ecr)] == ["AWS:444444444444"]


def test_what_can_lists_the_partner_secret_for_the_prod_admin_role(engine):
    out = what_can(engine, "arn:aws:iam::333333333333:role/OrganizationAccountAccessRole")
    reached = {r["resource"]: r for r in out["resources"]}
    assert PARTNER_SECRET in reached and out["undecided"] == 0
    acts: dict[str, Any] = {a["action"]: a for a in reached[PARTNER_SECRET]["access"]}
    assert acts["secretsmanager:GetSecretValue"]["level"] == "always"


def test_registered_in_scan():
    assert "access" in ANALYSES


PARTNER_EFS = "arn:aws:elasticfilesystem:us-east-1:333333333333:file-system/fs-3e6949ec3a56d92df"
LEDGER = "arn:aws:dynamodb:us-east-1:333333333333:table/payments-ledger"
LEDGER_STREAM = f"{LEDGER}/stream/2025-06-03T10:21:07.319"
PUBLIC_LAYER = "arn:aws:lambda:us-east-1:444444444444:layer:acme-common-utils:2"


def test_efs_file_system_shared_with_the_unknown_account(findings):
    (f,) = _on(findings, PARTNER_EFS)
    d = f.evidence.details
    assert f.type == EXTERNAL and f.severity is Severity.HIGH and f.resource_type == "AWS::EFS::FileSystem"
    assert d["principal_class"] == "AWS:999988887777" and d["access"] == "always"
    assert [a["action"] for a in d["actions"]] == ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"]
    assert d["statements"][0]["file"].endswith("describe-file-system-policy/fs-3e6949ec3a56d92df.json")


def test_org_only_table_and_its_stream_are_not_reported(findings, engine):
    assert _on(findings, LEDGER) == [] and _on(findings, LEDGER_STREAM) == []
    out = who_can(engine, LEDGER, ["dynamodb:GetItem"])
    prod_role = next(p for p in out["principals"] if p["principal"].endswith("333333333333:role/web-app-instance-role"))
    assert prod_role["access"][0]["level"] == "always"
    dev_admin = next(p for p in out["principals"] if p["principal"].endswith("444444444444:role/lambda-deploy-admin"))
    assert dev_admin["access"][0]["level"] == "always"  # another account of the organisation, via aws:PrincipalOrgID
    assert not [p for p in out["principals"] if not p["in_snapshot"]]
    assert engine.estate.resource(LEDGER_STREAM).status.value == "not_found"


def test_public_layer_version(findings):
    (f,) = _on(findings, PUBLIC_LAYER)
    d = f.evidence.details
    assert f.type == PUBLIC and f.severity is Severity.HIGH and f.resource_type == "AWS::Lambda::LayerVersion"
    assert d["public"] is True and d["witness"]["request"]["action"] == "lambda:GetLayerVersion"
    assert simulate(d["witness"]).decision == "allowed"
    assert _on(findings, PUBLIC_LAYER.replace(":2", ":1")) == []  # version 1 has no policy


def test_a_regional_resource_fixes_the_requested_region(engine):
    """A request reaches a us-east-1 table only through us-east-1: the sandbox account's SCP region
    guard (`aws:RequestedRegion` not in us-east-1, eu-west-1 → Deny) cannot apply, so the answer is
    `always`, not `conditionally` on the region."""
    out = who_can(engine, LEDGER, ["dynamodb:GetItem"])
    sandbox = next(p for p in out["principals"] if p["principal"].endswith("555555555555:user/sandbox-user"))
    (access,) = sandbox["access"]
    assert access["level"] == "always" and access["conditions"] == []
    assert access["witness"]["request"]["context"]["aws:RequestedRegion"] == "us-east-1"
