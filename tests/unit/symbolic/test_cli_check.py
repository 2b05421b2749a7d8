"""``keyaki check``: exit codes (0 PASS, 1 FAIL, 2 bad input, 3 UNKNOWN), JSON shape, errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from keyaki.cli.main import app

RUNNER = CliRunner()
BUCKET = "arn:aws:s3:::amzn-s3-demo-bucket"


def write(tmp: Path, name: str, doc: Any) -> str:
    path = tmp / name
    path.write_text(json.dumps(doc) if not isinstance(doc, str) else doc)
    return str(path)


def policy(*statements: dict[str, Any]) -> dict[str, Any]:
    return {"Version": "2012-10-17", "Statement": list(statements)}


READ = policy({"Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": [BUCKET, f"{BUCKET}/*"]})
WIDER = policy({"Effect": "Allow", "Action": "s3:*", "Resource": f"{BUCKET}/*"})


def run(*args: str) -> Any:
    return RUNNER.invoke(app, ["check", *args])


def test_no_new_access_fail_and_pass(tmp_path: Path) -> None:
    new, old = write(tmp_path, "new.json", WIDER), write(tmp_path, "old.json", READ)
    result = run("no-new-access", "--new", new, "--existing", old, "--format", "json")
    assert result.exit_code == 1, result.output
    out = json.loads(result.stdout)
    assert out["result"] == "FAIL" and out["reasons"] == []
    assert set(out["witness"]["request"]) == {"principal", "action", "resource", "context"}
    assert out["witness"]["identity_policies"] == [WIDER]
    assert out["decisions"] == {"new": "allowed", "existing": "implicitDeny"}
    result = run("no-new-access", "--new", old, "--existing", old, "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {"result": "PASS", "witness": None, "reasons": [], "method": "containment"}


def test_no_new_access_resource_policy_type(tmp_path: Path) -> None:
    one = policy({"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "sqs:*", "Resource": "*"})
    two = policy({"Effect": "Allow", "Principal": "*", "Action": "sqs:*", "Resource": "*"})
    a, b = write(tmp_path, "a.json", one), write(tmp_path, "b.json", two)
    assert run("no-new-access", "--new", a, "--existing", b, "--policy-type", "RESOURCE_POLICY").exit_code == 0
    result = run("no-new-access", "--new", b, "--existing", a, "--policy-type", "RESOURCE_POLICY", "--format", "json")
    assert result.exit_code == 1
    assert "resource_policy" in json.loads(result.stdout)["witness"]


def test_access_not_granted(tmp_path: Path) -> None:
    p = write(tmp_path, "p.json", READ)
    assert run("access-not-granted", "--policy", p, "--actions", "s3:PutObject,iam:PassRole").exit_code == 0
    result = run("access-not-granted", "--policy", p, "--actions", "s3:GetObject", "--format", "json")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["witness"]["request"]["action"] == "s3:getobject"
    other = "arn:aws:s3:::other-bucket/k"
    assert run("access-not-granted", "--policy", p, "--actions", "s3:GetObject", "--resources", other).exit_code == 0


def test_no_public_access(tmp_path: Path) -> None:
    public = policy({"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": f"{BUCKET}/*"})
    vpce = policy({"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": f"{BUCKET}/*",
                   "Condition": {"StringEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}}})  # fmt: skip
    a, b = write(tmp_path, "public.json", public), write(tmp_path, "vpce.json", vpce)
    result = run("no-public-access", "--policy", a, "--resource-type", "AWS::S3::Bucket")
    assert result.exit_code == 1
    assert "FAIL" in result.stderr and "witness" in result.stderr
    assert run("no-public-access", "--policy", b, "--resource-type", "AWS::S3::Bucket").exit_code == 0


def test_guardrails_deny(tmp_path: Path) -> None:
    root = write(tmp_path, "root.json", policy({"Effect": "Allow", "Action": "*", "Resource": "*"}))
    deny = write(tmp_path, "deny.json", policy({"Effect": "Deny", "Action": "iam:CreateAccessKey", "Resource": "*"}))
    args = ["guardrails-deny", "--actions", "iam:CreateAccessKey", "--scps", root, "--scps", f"{root},{deny}"]
    assert run(*args).exit_code == 0
    result = run("guardrails-deny", "--actions", "iam:CreateAccessKey", "--scps", root, "--format", "json")
    assert result.exit_code == 1
    witness = json.loads(result.stdout)["witness"]
    assert witness["identity_policies"] and len(witness["scps"]) == 1


def test_unknown_exit_3(tmp_path: Path) -> None:
    binary = policy({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
                     "Condition": {"BinaryEquals": {"s3:x-amz-content-sha256": "QmluYXJ5"}}})  # fmt: skip
    p = write(tmp_path, "p.json", binary)
    deny = {"Effect": "Deny", "Action": "s3:PutObject", "Resource": "*"}
    guarded = dict(binary, Statement=[*binary["Statement"], deny])
    old = write(tmp_path, "old.json", guarded)
    result = run("no-new-access", "--new", p, "--existing", old, "--format", "json")
    assert result.exit_code == 3
    out = json.loads(result.stdout)
    assert out["result"] == "UNKNOWN" and any("BinaryEquals" in r for r in out["reasons"])


@pytest.mark.parametrize(
    "args",
    [
        ["no-new-access", "--new", "{missing}", "--existing", "{good}"],
        ["no-new-access", "--new", "{bad}", "--existing", "{good}"],
        ["no-new-access", "--new", "{good}", "--existing", "{good}", "--policy-type", "BOUNDARY"],
        ["no-public-access", "--policy", "{good}", "--resource-type", "AWS::Nope::Thing"],
        ["access-not-granted", "--policy", "{good}"],
        ["guardrails-deny", "--actions", "iam:CreateUser"],
    ],
)
def test_bad_input_exit_2(tmp_path: Path, args: list[str]) -> None:
    files = {
        "good": write(tmp_path, "good.json", READ),
        "bad": write(tmp_path, "bad.json", '{"Statement": [{"Effect": "Allow", "Action": 3}]}'),
        "missing": str(tmp_path / "missing.json"),
    }
    result = run(*[a.format(**files) for a in args])
    assert result.exit_code == 2, result.output
    assert "keyaki: error:" in result.stderr and "Traceback" not in result.output
