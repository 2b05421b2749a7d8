"""``keyaki iam simulate``: JSON output, batch mode, exit codes and errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from keyaki.cli.main import app
from keyaki.errors import BadInput, UsageError

CASE = {
    "request": {
        "principal": "arn:aws:iam::111122223333:user/alice",
        "action": "s3:GetObject",
        "resource": "arn:aws:s3:::example-bucket/report.csv",
        "resource_account": "111122223333",
        "context": {
            "aws:SourceIp": "203.0.113.7",
            "aws:MultiFactorAuthPresent": True,
            "aws:TagKeys": ["team", "env"],
        },
    },
    "identity_policies": [
        {
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "Action": "s3:*", "Resource": "*"},
                {
                    "Effect": "Deny",
                    "Action": "s3:GetObject",
                    "Resource": "*",
                    "Condition": {"NotIpAddress": {"aws:SourceIp": "203.0.113.0/24"}},
                },
            ],
        }
    ],
    "resource_policy": None,
    "permissions_boundaries": [],
    "session_policies": [],
    "scps": [
        {"target": "r-abcd", "policies": []},
        {"target": "ou-abcd-11111111", "policies": []},
        {"target": "111122223333", "policies": []},
    ],
    "rcps": [],
    "vpc_endpoint_policies": [],
}

runner = CliRunner()


def write(tmp_path: Path, name: str, content: str) -> Path:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return path


def test_simulate_json(tmp_path: Path) -> None:
    path = write(tmp_path, "case.json", json.dumps(CASE))
    result = runner.invoke(app, ["iam", "simulate", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {
        "decision": "allowed",
        "matched_statements": [{"policy": "identity_policies[0]", "statement": 0, "effect": "Allow"}],
        "missing_context_keys": [],
    }


def test_simulate_explicit_deny_and_table(tmp_path: Path) -> None:
    case = json.loads(json.dumps(CASE))
    case["request"]["context"]["aws:SourceIp"] = "198.51.100.1"
    path = write(tmp_path, "case.json", json.dumps(case))
    result = runner.invoke(app, ["iam", "simulate", str(path), "--format", "json"])
    out = json.loads(result.stdout)
    assert out["decision"] == "explicitDeny"
    assert {"policy": "identity_policies[0]", "statement": 1, "effect": "Deny"} in out["matched_statements"]
    table = runner.invoke(app, ["iam", "simulate", str(path)])
    assert table.exit_code == 0 and "explicitDeny" in table.stdout


def test_batch_keeps_order_and_reports_bad_lines(tmp_path: Path) -> None:
    denied = json.loads(json.dumps(CASE))
    denied["request"]["action"] = "ec2:RunInstances"
    bad_policy = json.loads(json.dumps(CASE))
    bad_policy["identity_policies"][0]["Statement"][0]["Effect"] = "Permit"
    lines = [json.dumps(CASE), "{not json", json.dumps(bad_policy), "", json.dumps(denied)]
    path = write(tmp_path, "cases.jsonl", "\n".join(lines) + "\n")
    result = runner.invoke(app, ["iam", "simulate", "--batch", str(path), "--format", "json"])
    assert result.exit_code == 2
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o.get("decision") for o in out] == ["allowed", None, None, "implicitDeny"]
    assert out[1]["line"] == 2 and "invalid json" in out[1]["error"]
    assert out[2]["line"] == 3 and "/identity_policies/0/Statement/0/Effect" in out[2]["error"]


def test_batch_all_good_exits_zero(tmp_path: Path) -> None:
    path = write(tmp_path, "cases.jsonl", json.dumps(CASE) + "\n" + json.dumps(CASE) + "\n")
    result = runner.invoke(app, ["iam", "simulate", "--batch", str(path), "--format", "json"])
    assert result.exit_code == 0 and len(result.stdout.splitlines()) == 2


@pytest.mark.parametrize(
    ("mutate", "location"),
    [
        (lambda c: c["request"].pop("action"), "/request/action"),
        (lambda c: c.update(unknown=1), "/unknown"),
        (lambda c: c["request"].update(principal="alice"), "/request/principal"),
        (lambda c: c["scps"][0]["policies"].append({"Statement": "x"}), "/scps/0/policies/0/Statement"),
    ],
)
def test_bad_case_is_located(tmp_path: Path, mutate: object, location: str) -> None:
    case = json.loads(json.dumps(CASE))
    mutate(case)  # type: ignore[operator]
    path = write(tmp_path, "case.json", json.dumps(case))
    result = runner.invoke(app, ["iam", "simulate", str(path), "--format", "json"])
    assert isinstance(result.exception, BadInput)
    assert result.exception.location == location


def test_usage_errors(tmp_path: Path) -> None:
    result = runner.invoke(app, ["iam", "simulate", "--format", "json"])
    assert isinstance(result.exception, UsageError)
    missing = runner.invoke(app, ["iam", "simulate", str(tmp_path / "nope.json")])
    assert isinstance(missing.exception, BadInput)


def test_main_turns_errors_into_one_line_and_exit_2(tmp_path: Path) -> None:
    path = write(tmp_path, "case.json", "{")
    proc = subprocess.run(
        [sys.executable, "-c", "from keyaki.cli.main import main; main()", "iam", "simulate", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert proc.stderr.startswith("keyaki: error: ") and "Traceback" not in proc.stderr


def test_case_and_batch_together_is_a_usage_error(tmp_path: Path) -> None:
    path = write(tmp_path, "case.json", json.dumps(CASE))
    result = runner.invoke(app, ["iam", "simulate", str(path), "--batch", str(path)])
    assert isinstance(result.exception, UsageError) and "not both" in result.exception.message
