"""Throttling is retried, AccessDenied is a gap and the collection completes, ``--resume`` skips work."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from botocore.awsrequest import AWSResponse
from collect_world import ACCOUNT, REGION

from keyaki.collect.runner import Options, run
from keyaki.snapshot import Status, open_snapshot
from keyaki.snapshot.layout import GLOBAL, call_path, error_path


class _Raw:
    def __init__(self, body: bytes) -> None:
        self._body = body

    def stream(self, **_: Any) -> Any:
        yield self._body


def _throttle_first(n: int, seen: list[str]) -> Any:
    """A ``before-send`` hook answering the first ``n`` requests with a KMS throttling error."""

    def handler(request: Any, **_: Any) -> AWSResponse | None:
        seen.append(request.url)
        if len(seen) > n:
            return None  # send it for real
        body = json.dumps({"__type": "ThrottlingException", "message": "Rate exceeded"}).encode()
        return AWSResponse(request.url, 400, {"x-amzn-RequestId": "throttled"}, _Raw(body))

    return handler


def _deny(**_: Any) -> tuple[AWSResponse, dict[str, Any]]:
    """A ``before-call`` hook answering AccessDenied without sending the request."""
    error = {"Error": {"Code": "AccessDenied", "Message": "not allowed by an SCP"}, "ResponseMetadata": {}}
    return AWSResponse("https://denied", 403, {}, _Raw(b"")), error


def test_throttling_is_retried_until_it_succeeds(moto_account: dict[str, Any], tmp_path: Path) -> None:
    seen: list[str] = []
    hooks = [("before-send.kms.ListKeys", _throttle_first(2, seen))]
    summary = run(Options(out=tmp_path, regions=(REGION,), services=("kms",), max_attempts=5, hooks=hooks))
    assert len(seen) == 3  # two throttled attempts, then the real one
    snap = open_snapshot(tmp_path)
    keys = snap.call(ACCOUNT, REGION, "kms", "list-keys").get("Keys")
    assert moto_account["key_id"] in {k["KeyId"] for k in keys}
    assert summary.gaps == [] and snap.gaps() == []


def test_throttling_beyond_the_retries_is_a_gap(moto_account: dict[str, Any], tmp_path: Path) -> None:
    seen: list[str] = []
    hooks = [("before-send.kms.ListAliases", _throttle_first(10, seen))]
    summary = run(Options(out=tmp_path, regions=(REGION,), services=("kms",), max_attempts=2, hooks=hooks))
    assert len(seen) == 2
    assert [(g.operation, g.error) for g in summary.gaps] == [("list-aliases", "ThrottlingException")]
    assert open_snapshot(tmp_path).call(ACCOUNT, REGION, "kms", "list-keys").ok  # the rest goes on


def test_access_denied_is_a_gap_and_the_collection_completes(moto_account: dict[str, Any], tmp_path: Path) -> None:
    hooks = [("before-call.s3.GetBucketPolicy", _deny), ("before-call.iam.GetAccountSummary", _deny)]
    summary = run(
        Options(out=tmp_path, regions=(REGION,), services=("iam", "s3api", "sqs"), max_attempts=2, hooks=hooks)
    )
    denied = sorted((g.operation or "", g.key or "") for g in summary.gaps if g.error == "AccessDenied")
    buckets = ["keyaki-private-data", "keyaki-public-site"]
    assert denied == [("get-account-summary", "")] + [("get-bucket-policy", b) for b in buckets]
    snap = open_snapshot(tmp_path)
    response = snap.call(ACCOUNT, GLOBAL, "s3api", "get-bucket-policy", "keyaki-public-site")
    assert response.status is Status.FAILED and response.error_code == "AccessDenied"
    assert snap.call(ACCOUNT, GLOBAL, "s3api", "get-bucket-acl", "keyaki-public-site").ok
    assert snap.call(ACCOUNT, REGION, "sqs", "get-queue-attributes", "orders").ok
    assert {g.operation for g in snap.gaps() if g.reason == "AccessDenied"} == {
        "get-account-summary",
        "get-bucket-policy",
    }


def test_resume_skips_what_is_on_disk_and_retries_gaps(moto_account: dict[str, Any], tmp_path: Path) -> None:
    hooks = [("before-call.sqs.GetQueueAttributes", _deny)]
    first = run(Options(out=tmp_path, regions=(REGION,), services=("sqs", "sns"), hooks=hooks))
    assert [g.operation for g in first.gaps] == ["get-queue-attributes"]
    queue = call_path(ACCOUNT, REGION, "sqs", "get-queue-attributes", "orders")
    assert (tmp_path / error_path(queue)).exists()
    second = run(Options(out=tmp_path, regions=(REGION,), services=("sqs", "sns"), resume=True))
    assert second.gaps == []
    assert second.calls == 1  # only the denied call is made again
    assert second.skipped == first.calls - 1
    assert (tmp_path / queue).exists() and not (tmp_path / error_path(queue)).exists()
    assert open_snapshot(tmp_path).gaps() == []


def test_an_unexpected_failure_is_a_gap_and_the_rest_goes_on(moto_account: dict[str, Any], tmp_path: Path) -> None:
    def boom(**_: Any) -> None:
        raise RuntimeError("boom")

    hooks = [("before-call.sns.ListTopics", boom)]
    summary = run(Options(out=tmp_path, regions=(REGION,), services=("sns", "sqs"), max_attempts=2, hooks=hooks))
    assert [(g.error, g.service, g.message) for g in summary.gaps] == [("CollectorError", "sns", "RuntimeError: boom")]
    assert open_snapshot(tmp_path).call(ACCOUNT, REGION, "sqs", "get-queue-attributes", "orders").ok


def test_a_table_not_described_is_a_gap_and_its_policies_are_not_guessed(
    moto_account: dict[str, Any], tmp_path: Path
) -> None:
    hooks = [("before-call.dynamodb.DescribeTable", _deny), ("before-call.efs.DescribeFileSystemPolicy", _deny)]
    summary = run(Options(out=tmp_path, regions=(REGION,), services=("dynamodb", "efs"), max_attempts=2, hooks=hooks))
    assert sorted((g.operation, g.key) for g in summary.gaps) == sorted(
        [("describe-table", "ledger")]
        + [("describe-file-system-policy", k) for k in (moto_account["fs_id"], moto_account["fs_id_private"])]
    )
    snap = open_snapshot(tmp_path)
    assert snap.keys(ACCOUNT, REGION, "dynamodb", "get-resource-policy") == []  # the ARNs come from describe-table
    assert snap.call(ACCOUNT, REGION, "dynamodb", "list-tables").ok
