"""External findings are minimal: a class whose every action a wider class can always perform
(``*``, or the principal's own account) gets no finding of its own."""

from __future__ import annotations

import json
from typing import Any

import pytest

from keyaki.access.findings import external_findings
from keyaki.snapshot import open_snapshot

ACCT = "111122223333"
OTHER = "999988887777"
BUCKET = "reports"


def _findings(make_snapshot: Any, *statements: dict[str, Any]) -> dict[str, list[str]]:
    policy = {"Version": "2012-10-17", "Statement": list(statements)}
    files = {
        f"accounts/{ACCT}/global/s3api/list-buckets.json": {"Buckets": [{"Name": BUCKET}], "Owner": {"ID": "x"}},
        f"accounts/{ACCT}/global/s3api/get-bucket-policy/{BUCKET}.json": {"Policy": json.dumps(policy)},
    }
    found = external_findings(open_snapshot(make_snapshot(files)), "account")[0]
    return {f.evidence.details["principal_class"]: sorted(a["action"] for a in f.evidence.details["actions"])
            for f in found if "principal_class" in f.evidence.details}  # fmt: skip


def grant(principal: Any, actions: list[str], condition: dict[str, Any] | None = None) -> dict[str, Any]:
    stmt = {"Effect": "Allow", "Principal": principal, "Action": actions, "Resource": f"arn:aws:s3:::{BUCKET}/*"}
    return {**stmt, "Condition": condition} if condition else stmt


def test_an_account_that_only_has_what_everyone_has_gets_no_finding(make_snapshot):
    out = _findings(make_snapshot, grant("*", ["s3:GetObject"]), grant({"AWS": OTHER}, ["s3:GetObject"]))
    assert list(out) == ["*"]


def test_an_account_with_more_than_everyone_keeps_its_finding(make_snapshot):
    wider = grant({"AWS": OTHER}, ["s3:GetObject", "s3:PutObject"])
    out = _findings(make_snapshot, grant("*", ["s3:GetObject"]), wider)
    assert sorted(out) == ["*", f"AWS:{OTHER}"] and "s3:PutObject" in out[f"AWS:{OTHER}"]


def test_only_an_unconditional_wider_grant_implies(make_snapshot):
    tls = {"Bool": {"aws:SecureTransport": "true"}}
    out = _findings(make_snapshot, grant("*", ["s3:GetObject"], tls), grant({"AWS": OTHER}, ["s3:GetObject"]))
    assert sorted(out) == ["*", f"AWS:{OTHER}"]


@pytest.mark.parametrize("extra", [[], ["s3:DeleteObject"]])
def test_a_role_of_an_account_that_can_always_do_it_all(make_snapshot, extra):
    role = f"arn:aws:iam::{OTHER}:role/reader"
    out = _findings(make_snapshot, grant({"AWS": OTHER}, ["s3:GetObject", "s3:PutObject"]),
                    grant({"AWS": role}, ["s3:GetObject", *extra]))  # fmt: skip
    assert (f"AWS:{role}" in out) is bool(extra)
