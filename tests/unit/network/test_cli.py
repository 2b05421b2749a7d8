"""``keyaki network exposure`` and ``keyaki network reach``: output, JSON shape, exit codes, errors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from keyaki.cli.main import app, main

CORPUS = Path(__file__).parents[2] / "corpus" / "network"
runner = CliRunner()


def _run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_exposure_json_shape_and_exit_1_when_exposed() -> None:
    code, out, _ = _run("network", "exposure", "--snapshot", str(CORPUS / "public-subnet-ssh-open"), "-f", "json")
    assert code == 1
    doc = json.loads(out)
    assert set(doc) == {"exposures", "warnings"}
    e = doc["exposures"][0]
    assert {"resource", "instance_id", "eni_id", "protocol", "ports", "sources", "path"} <= set(e)
    assert e["resource"] == "arn:aws:ec2:us-east-1:111122223333:instance/i-0f00000000000a001"
    assert (e["protocol"], e["ports"]) == ("tcp", [[22, 22]])
    assert e["path"][0] == {"component": "internet-gateway", "id": "igw-0a1b2c3d4e5f60718",
                            "rule": "attached to vpc-0a1b2c3d4e5f60718"}


def test_exposure_exit_0_when_nothing_is_exposed() -> None:
    code, out, _ = _run("network", "exposure", "-s", str(CORPUS / "private-subnet-ssh-open"), "-f", "json")
    assert code == 0
    assert json.loads(out) == {"exposures": [], "warnings": []}


def test_exposure_table_and_warnings_on_stderr() -> None:
    code, out, err = _run("network", "exposure", "-s", str(CORPUS / "unsupported-appliance-route"))
    assert code == 0
    assert "warning" in err and "network-firewall" in err
    code, out, _ = _run("network", "exposure", "-s", str(CORPUS / "elastic-ip"))
    assert code == 1 and "3389" in out and "203.0.113.0/24" in out


def test_reach_exit_codes() -> None:
    snap = str(CORPUS / "public-subnet-ssh-open")
    assert _run("network", "reach", "-s", snap, "--to", "i-0f00000000000a001", "--port", "22")[0] == 0
    code, out, _ = _run("network", "reach", "-s", snap, "--to", "i-0f00000000000a001", "--port", "80")
    assert code == 1 and "not reachable" in out and "security-group" in out
    code, _, _ = _run("network", "reach", "-s", str(CORPUS / "unsupported-appliance-route"),
                      "--to", "i-0f0000000000e0001", "--port", "22")
    assert code == 3


def test_reach_json_from_cidr_and_eni() -> None:
    snap = str(CORPUS / "sg-references-another-sg")
    code, out, _ = _run("network", "reach", "-s", snap, "--from", "eni-0f0000000000b0001",
                        "--to", "eni-0f0000000000b0002", "--port", "22", "-f", "json")
    assert code == 0
    assert json.loads(out)["paths"][0]["path"][-1]["id"] == "eni-0f0000000000b0002"
    code, out, _ = _run("network", "reach", "-s", snap, "--from", "198.51.100.9/32",
                        "--to", "i-0f0000000000b0001", "--port", "22", "-f", "json")
    assert code == 0 and json.loads(out)["paths"][0]["sources"] == ["198.51.100.9/32"]


def _main(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    with pytest.raises(SystemExit) as exc:
        main(args)
    return int(exc.value.code or 0), capsys.readouterr().err


def test_reach_bad_input_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    snap = str(CORPUS / "public-subnet-ssh-open")
    for args, needle in (
        (["--to", "i-0000000000000dead", "--port", "22"], "`--to i-0000000000000dead`"),
        (["--to", "i-0f00000000000a001", "--port", "22", "--from", "not-a-cidr"], "`--from not-a-cidr`"),
        (["--to", "i-0f00000000000a001", "--port", "22", "--protocol", "icmp"], "`--protocol icmp`"),
        (["--to", "i-0f00000000000a001", "--port", "70000"], "`--port 70000`"),
    ):
        code, err = _main(["network", "reach", "-s", snap, *args], capsys)
        assert code == 2, args
        assert err.startswith("keyaki: error: ") and needle in err and err.count("\n") == 1, args


def test_missing_data_is_undecided_not_unreachable(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copytree(CORPUS / "public-subnet-ssh-open", tmp_path / "s")
    (tmp_path / "s" / "us-east-1" / "describe-network-acls.json").unlink()
    code, out, _ = _run("network", "exposure", "-s", str(tmp_path / "s"), "-f", "json")
    doc = json.loads(out)
    assert code == 0 and doc["exposures"] == []
    assert doc["warnings"][0]["component"] == "coverage-gap"
    code, err = _main(["network", "reach", "-s", str(tmp_path / "s"), "--to", "i-0f00000000000a001", "--port", "22"],
                      capsys)
    assert code == 3 and "describe-network-acls" in err
