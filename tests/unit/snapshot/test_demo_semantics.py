"""The demo's planted permissions mean what ``docs/demo.md`` says, per keyaki's reference IAM evaluator.

The SCP guarantee (#9), the PassRole + Lambda escalation path and its decoy (#14), the public bucket and
its ``aws:SourceVpce`` look-alike (#1, #2), and the key and secret shared with 999988887777 (#3): each is
decided here with :func:`keyaki.iam.authorize.authorize` over the demo's own policies (identity, SCP,
RCP, resource), so a change to the generator that breaks a planted problem fails a test.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from keyaki.cli.scan import demo_path
from keyaki.snapshot import Snapshot, open_snapshot
from keyaki.snapshot.layout import GLOBAL


@pytest.fixture(scope="module")
def snap() -> Snapshot:
    return open_snapshot(demo_path())


def _ok(snap: Snapshot, account: str, region: str, service: str, operation: str, key: str | None = None) -> Any:
    r = snap.call(account, region, service, operation, key)
    assert r.ok, f"{r.path}: {r.status}"
    return r.data


def _compiled(label: str, document: Any) -> tuple[str, Any]:
    from keyaki.iam.authorize import compile_policy
    from keyaki.iam.parse import parse_policy

    return label, compile_policy(parse_policy(document))


def _decide(snap: Snapshot, account: str, principal_arn: str, action: str, resource: str) -> str:
    from keyaki.iam.authorize import PolicySet, Request, authorize
    from keyaki.snapshot.views.iam import load_iam
    from keyaki.snapshot.views.organizations import load_organization

    iam = load_iam(snap, account)
    principal = iam.principal(principal_arn)
    assert principal is not None, principal_arn
    identity = [_compiled(f"identity[{i}]", d.document) for i, d in enumerate(iam.identity_policies(principal))]
    levels = load_organization(snap).policy_levels(account)
    scps = [[_compiled(f"scp[{n}][{i}]", d) for i, d in enumerate(lvl["policies"])] for n, lvl in enumerate(levels)]
    req = Request.make(principal_arn, action, resource, resource_account=account)
    return authorize(req, PolicySet(identity=identity, scps=scps)).decision


def test_scp_denies_access_key_creation_in_prod_only(snap: Snapshot) -> None:
    for account, expected in (("333333333333", "explicitDeny"), ("444444444444", "allowed")):
        admin = f"arn:aws:iam::{account}:role/OrganizationAccountAccessRole"
        user = f"arn:aws:iam::{account}:user/someone"
        assert _decide(snap, account, admin, "iam:CreateAccessKey", user) == expected
        assert _decide(snap, account, admin, "iam:CreateUser", user) == "allowed"


def test_privilege_escalation_path_and_its_decoy(snap: Snapshot) -> None:
    dev = "444444444444"
    admin_role = f"arn:aws:iam::{dev}:role/lambda-deploy-admin"
    function = f"arn:aws:lambda:us-east-1:{dev}:function:escalate"
    eve, frank = (f"arn:aws:iam::{dev}:user/{n}.developer" for n in ("eve", "frank"))
    assert _decide(snap, dev, eve, "iam:PassRole", admin_role) == "allowed"
    for action in ("lambda:CreateFunction", "lambda:InvokeFunction"):
        assert _decide(snap, dev, eve, action, function) == "allowed"
        assert _decide(snap, dev, frank, action, function) == "allowed"
    assert _decide(snap, dev, frank, "iam:PassRole", admin_role) == "implicitDeny"


def _resource_decision(
    snap: Snapshot, policy_text: str, principal: str, action: str, resource: str, context: dict[str, Any]
) -> str:
    """A request against one resource policy of prod, with an allow-everything identity side for IAM callers."""
    from keyaki.iam.authorize import PolicySet, Request, authorize
    from keyaki.snapshot.views.organizations import load_organization

    levels = load_organization(snap).policy_levels("333333333333", "RESOURCE_CONTROL_POLICY")
    rcps = [[_compiled(f"rcp[{n}][{i}]", d) for i, d in enumerate(lvl["policies"])] for n, lvl in enumerate(levels)]
    identity = []
    if principal != "anonymous":
        identity = [
            _compiled(
                "caller", {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
            )
        ]
    req = Request.make(principal, action, resource, resource_account="333333333333", context=context)
    policies = PolicySet(identity=identity, resource=_compiled("resource", json.loads(policy_text)), rcps=rcps)
    return authorize(req, policies).decision


def test_public_bucket_and_its_source_vpce_decoy(snap: Snapshot) -> None:
    def policy(bucket: str) -> str:
        return str(_ok(snap, "333333333333", GLOBAL, "s3api", "get-bucket-policy", bucket)["Policy"])

    tls = {"aws:SecureTransport": True}
    exports = "arn:aws:s3:::acme-prod-data-exports/report.csv"
    assert _resource_decision(snap, policy("acme-prod-data-exports"), "anonymous", "s3:GetObject", exports, tls) == (
        "allowed"
    )
    assets = "arn:aws:s3:::acme-prod-app-assets/logo.png"
    for caller in ("anonymous", "arn:aws:iam::999988887777:user/mallory"):
        assert _resource_decision(snap, policy("acme-prod-app-assets"), caller, "s3:GetObject", assets, tls) == (
            "implicitDeny"
        )
    endpoint = {**tls, "aws:SourceVpce": "vpce-86ea6ebcffda4e6b9"}
    assert _resource_decision(snap, policy("acme-prod-app-assets"), "anonymous", "s3:GetObject", assets, endpoint) == (
        "allowed"
    )


def test_key_and_secret_shared_with_the_unknown_account(snap: Snapshot) -> None:
    key_id = "2288c37f-2b6d-49f7-9fd0-1273500f0995"
    key = f"arn:aws:kms:us-east-1:333333333333:key/{key_id}"
    key_policy = _ok(snap, "333333333333", "us-east-1", "kms", "get-key-policy", key_id)["Policy"]
    outsider = "arn:aws:iam::999988887777:role/partner"
    stranger = "arn:aws:iam::777777777777:role/stranger"
    assert _resource_decision(snap, key_policy, outsider, "kms:Decrypt", key, {}) == "allowed"
    assert _resource_decision(snap, key_policy, outsider, "kms:Encrypt", key, {}) == "implicitDeny"
    assert _resource_decision(snap, key_policy, stranger, "kms:Decrypt", key, {}) == "implicitDeny"
    name = "prod/payments/partner-api-key"
    secret = _ok(snap, "333333333333", "us-east-1", "secretsmanager", "get-resource-policy", name)
    assert _resource_decision(
        snap, secret["ResourcePolicy"], outsider, "secretsmanager:GetSecretValue", secret["ARN"], {}
    ) == ("allowed")
