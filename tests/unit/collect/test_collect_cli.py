"""``keyaki collect``: the command line (policy printing, usage errors, JSON summary, exit codes)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from collect_world import ACCOUNT, REGION
from typer.testing import CliRunner

from keyaki.cli.main import app, main
from keyaki.collect.policy import policy_json
from keyaki.collect.writer import cli_json
from keyaki.errors import UsageError
from keyaki.snapshot import open_snapshot

runner = CliRunner()


def test_print_policy() -> None:
    result = runner.invoke(app, ["collect", "--print-policy"])
    assert result.exit_code == 0
    assert result.stdout == policy_json()
    assert json.loads(result.stdout)["Statement"][0]["Effect"] == "Allow"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "--out DIR"),
        (["--out", "{tmp}", "--services", "s3,bogus"], "`--services bogus`"),
        (["--out", "{tmp}", "--org"], "--role-name"),
        (["--out", "{tmp}", "--profile", "no-such-profile"], "cannot use the AWS configuration"),
        (["--out", "{file}"], "is a file"),
    ],
)
def test_usage_errors_exit_2(
    args: list[str], message: str, tmp_path: Path, moto_endpoint: str, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "file").write_text("x")
    argv = [
        "collect",
        *[a.replace("{tmp}", str(tmp_path / "out")).replace("{file}", str(tmp_path / "file")) for a in args],
    ]
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("keyaki: error: ") and message in err and err.count("\n") == 1


def test_json_summary_and_refusing_to_overwrite(moto_account: dict[str, Any], tmp_path: Path) -> None:
    out = tmp_path / "snap"
    argv = ["collect", "--out", str(out), "--regions", REGION, "--services", "sqs,sns", "--format", "json"]
    result = runner.invoke(app, argv)
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["accounts"] == 1 and summary["gaps"] == [] and summary["calls"] == summary["files"]
    assert open_snapshot(out).call(ACCOUNT, REGION, "sqs", "get-queue-attributes", "orders").ok
    again = runner.invoke(app, argv)
    assert isinstance(again.exception, UsageError) and "--resume" in str(again.exception)
    resumed = runner.invoke(app, [*argv, "--resume"])
    assert resumed.exit_code == 0 and json.loads(resumed.stdout)["calls"] == 0


def test_table_summary_goes_to_stderr(moto_account: dict[str, Any], tmp_path: Path) -> None:
    result = runner.invoke(app, ["collect", "--out", str(tmp_path / "s"), "--regions", REGION, "--services", "sns"])
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "collected 1 account(s), 1 region(s)" in result.stderr


def test_cli_json_is_what_the_aws_cli_prints() -> None:
    import datetime

    when = datetime.datetime(2024, 5, 1, 12, 0, 3, tzinfo=datetime.UTC)
    text = cli_json({"Content": b"user,arn\n", "CreateDate": when, "Name": "café"})
    assert (
        text
        == '{\n    "Content": "dXNlcixhcm4K",\n    "CreateDate": "2024-05-01T12:00:03+00:00",\n    "Name": "café"\n}\n'
    )
