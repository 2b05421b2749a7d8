"""``no-public-access`` on every bucket policy of the bundled demo agrees with S3's own verdict
(``get-bucket-policy-status`` → ``PolicyStatus.IsPublic``), the SourceVpce-limited bucket included."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from keyaki.iam.parse import parse_policy
from keyaki.symbolic import Checker

DEMO = Path(__file__).parents[3] / "src" / "keyaki" / "data" / "demo" / "accounts"


def _buckets() -> list[object]:
    out: list[object] = []
    for path in sorted(DEMO.glob("*/global/s3api/get-bucket-policy/*.json")):
        if path.name.endswith(".error.json"):
            continue
        status = path.parent.parent / "get-bucket-policy-status" / path.name
        if status.exists():
            out.append(pytest.param(path, status, id=path.stem))
    return out


def test_demo_has_public_and_private_buckets() -> None:
    statuses = DEMO.glob("*/global/s3api/get-bucket-policy-status/*.json")
    verdicts = [json.loads(s.read_text())["PolicyStatus"]["IsPublic"] for s in statuses if "error" not in s.name]
    assert True in verdicts and False in verdicts


@pytest.mark.parametrize(("policy", "status"), _buckets())
def test_agrees_with_s3(policy: Path, status: Path) -> None:
    doc = json.loads(policy.read_text())["Policy"]
    expected = json.loads(status.read_text())["PolicyStatus"]["IsPublic"]
    result = Checker().verify_no_public_access(parse_policy(doc), "AWS::S3::Bucket")
    assert result.result == ("FAIL" if expected else "PASS"), result.reasons
