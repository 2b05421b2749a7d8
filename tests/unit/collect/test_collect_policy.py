"""The collector policy: generated from the call table, List/Read only, and it allows every call.

The proof uses keyaki's own IAM reference data (access levels from the Service Authorization
Reference) and its evaluator (``keyaki.iam.authorize``).
"""

from __future__ import annotations

from pathlib import Path

import boto3
import pytest
import yaml

from keyaki.collect.policy import collector_policy, policy_json, stackset_template, stackset_yaml
from keyaki.collect.services import GLOBAL_SERVICES, REGIONAL_SERVICES
from keyaki.collect.spec import API_BY_NAME, API_CALLS
from keyaki.iam.authorize import PolicySet, Request, authorize, compile_policy
from keyaki.iam.parse import parse_policy
from keyaki.iam.reference import access_level, action
from keyaki.snapshot.layout import CALLS

DOCS = Path(__file__).resolve().parents[3] / "docs"
ROLE = "arn:aws:iam::111122223333:role/keyaki-audit"
# Calls of the layout the collector deliberately does not make (none today).
NOT_COLLECTED: set[tuple[str, str]] = set()


def _authorize(name: str) -> str:
    compiled = compile_policy(parse_policy(collector_policy()))
    req = Request.make(ROLE, name, "*")
    return authorize(req, PolicySet(identity=[("keyaki-collector", compiled)])).decision


def test_docs_are_generated_from_the_table() -> None:
    assert (DOCS / "collector-policy.json").read_text(encoding="utf-8") == policy_json()
    assert (DOCS / "collector-stackset.yaml").read_text(encoding="utf-8") == stackset_yaml()
    template = yaml.safe_load(stackset_yaml())
    role = template["Resources"]["AuditRole"]["Properties"]
    assert (
        role["Policies"][0]["PolicyDocument"]
        == collector_policy()
        == stackset_template()["Resources"]["AuditRole"]["Properties"]["Policies"][0]["PolicyDocument"]
    )


def test_the_table_covers_the_layout() -> None:
    missing = {(c.service, c.operation) for c in CALLS} - set(API_BY_NAME) - NOT_COLLECTED
    assert missing == set()


@pytest.mark.parametrize("row", API_CALLS, ids=lambda r: f"{r.service}:{r.operation}")
def test_each_call_is_a_real_api_and_a_list_or_read_action_allowed_by_the_policy(row: object) -> None:
    from keyaki.collect.spec import ApiCall

    assert isinstance(row, ApiCall)
    client = boto3.session.Session().client(row.client, region_name="us-east-1")
    assert hasattr(client, row.method), row
    for name in row.actions:
        assert action(name).name == name.split(":")[1]  # spelled as the reference spells it
        assert access_level(name) in ("List", "Read"), name
        assert _authorize(name) == "allowed", name


def test_the_policy_grants_only_list_and_read() -> None:
    actions = collector_policy()["Statement"][0]["Action"]
    assert actions == sorted(set(actions))
    assert {access_level(a) for a in actions} == {"List", "Read"}


@pytest.mark.parametrize(
    "name",
    [
        "secretsmanager:GetSecretValue",
        "s3:GetObject",
        "kms:Decrypt",
        "iam:CreateUser",
        "ec2:RunInstances",
        "sts:AssumeRole",
    ],
)
def test_the_policy_never_allows_reading_secrets_objects_or_writing(name: str) -> None:
    assert _authorize(name) == "implicitDeny"


def test_every_service_collector_is_registered_once() -> None:
    assert not set(GLOBAL_SERVICES) & set(REGIONAL_SERVICES)
    services = {r.service for r in API_CALLS} - {"sts", "organizations"}
    assert services == set(GLOBAL_SERVICES) | set(REGIONAL_SERVICES)
