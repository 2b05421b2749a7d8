"""``keyaki access``: JSON output and exit codes (0 nothing external, 1 findings, 2 bad input, 3 undecided)."""

from __future__ import annotations

import json

import pytest

from keyaki.access import engine as engine_module
from keyaki.access.engine import UNKNOWN, Answer
from keyaki.cli.scan import demo_path

DEMO = str(demo_path())
SECRET = "arn:aws:secretsmanager:us-east-1:333333333333:secret:prod/payments/partner-api-key-BpOzcJ"


def test_who_can_json(cli):
    code, out, _ = cli(
        "access", "who-can", "-s", DEMO, "-r", SECRET, "-a", "secretsmanager:GetSecretValue", "-f", "json"
    )
    assert code == 0
    report = json.loads(out)
    assert report["resource"] == SECRET and report["actions"] == ["secretsmanager:GetSecretValue"]
    who = {p["principal"]: p for p in report["principals"]}
    assert who["999988887777"]["kind"] == "account" and who["999988887777"]["in_snapshot"] is False
    access = who["999988887777"]["access"][0]
    assert access["level"] == "always" and access["witness"]["request"]["principal"] == "arn:aws:iam::999988887777:root"
    assert access["decision"]["decision"] == "allowed"


def test_who_can_table_goes_to_stdout(cli):
    code, out, _ = cli("access", "who-can", "-s", DEMO, "-r", SECRET, "-a", "secretsmanager:GetSecretValue")
    assert code == 0 and "999988887777" in out and "always" in out


def test_external_json_exit_1(cli):
    code, out, _ = cli("access", "external", "-s", DEMO, "--format", "json")
    assert code == 1
    report = json.loads(out)
    assert report["trust"] == "organization" and report["undecided"] == []
    assert {f["type"] for f in report["findings"]} == {"access/external-access", "access/public-access"}
    first = report["findings"][0]  # most severe first: the public EBS snapshot (docs/demo.md #18)
    assert first["severity"] == "CRITICAL" and first["resource_type"] == "AWS::EC2::Snapshot"


def test_external_exit_0_when_nothing_is_shared(cli, make_snapshot):
    code, out, _ = cli("access", "external", "-s", str(make_snapshot({})), "--format", "json")
    assert code == 0 and json.loads(out)["findings"] == []


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("who-can", "-s", DEMO, "-r", "arn:aws:s3:::no-such-bucket"), "no-such-bucket"),
        (("who-can", "-s", DEMO, "-r", SECRET, "-a", "s3:GetObject"), "s3:GetObject"),
        (("what-can", "-s", DEMO, "-p", "arn:aws:iam::333333333333:user/nobody"), "user/nobody"),
        (("external", "-s", DEMO, "--trust", "galaxy"), "galaxy"),
    ],
)
def test_bad_input_exit_2_with_one_line(cli, args, needle):
    code, out, err = cli("access", *args)
    assert code == 2 and out == ""
    assert needle in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_undecided_exit_3(cli, monkeypatch):
    def undecided(self, q):  # the solver could not decide: never shown as absent
        return Answer(UNKNOWN, reasons=("solver: timeout",))

    monkeypatch.setattr(engine_module.Engine, "decide", undecided)
    code, out, _ = cli(
        "access", "who-can", "-s", DEMO, "-r", SECRET, "-a", "secretsmanager:GetSecretValue", "-f", "json"
    )
    assert code == 3
    report = json.loads(out)
    assert report["undecided"] > 0
    assert all(a["level"] == UNKNOWN for p in report["principals"] for a in p["access"])


def test_unreadable_policy_is_undecided_never_nothing(cli, make_snapshot):
    acct = "111122223333"
    files = {
        f"accounts/{acct}/global/s3api/list-buckets.json": {"Buckets": [{"Name": "reports"}], "Owner": {"ID": "x"}},
        f"accounts/{acct}/global/s3api/get-bucket-policy/reports.json": {"Policy": '{"Statement": "not a statement"}'},
    }
    code, out, _ = cli("access", "external", "-s", str(make_snapshot(files)), "--format", "json")
    report = json.loads(out)
    assert code == 3, report
    (finding,) = report["findings"]
    assert finding["type"] == "access/external-access-undecided" and finding["severity"] == "INFORMATIONAL"
    assert report["undecided"] == [finding["id"]] and report["problems"]


def test_action_patterns_expand_to_the_actions_of_the_resource_type(cli):
    bucket = "arn:aws:s3:::acme-prod-data-exports"
    code, out, _ = cli("access", "who-can", "-s", DEMO, "-r", bucket, "-a", "s3:GetObject*", "-f", "json")
    assert code == 0
    report = json.loads(out)
    assert "s3:GetObject" in report["actions"] and "s3:GetObjectAcl" in report["actions"]
    assert all(a.lower().startswith("s3:getobject") for a in report["actions"])
    anon = next(p for p in report["principals"] if p["principal"] == "anonymous")
    assert [a["action"] for a in anon["access"]] == ["s3:GetObject"]


PARTNER_AP = "arn:aws:s3:us-east-1:333333333333:accesspoint/prod-partner-share"


def test_who_can_an_access_point_json_carries_the_bucket_side(cli):
    code, out, _ = cli("access", "who-can", "-s", DEMO, "-r", PARTNER_AP, "-a", "s3:GetObject", "-f", "json")
    assert code == 0
    report = json.loads(out)
    assert report["resource_type"] == "AWS::S3::AccessPoint" and report["undecided"] == 0
    (partner,) = [p for p in report["principals"] if p["principal"] == "999988887777"]
    (access,) = partner["access"]
    assert access["object"] is True and access["bucket"]["bucket"] == "arn:aws:s3:::acme-prod-customer-uploads"
    assert access["bucket"]["decision"]["decision"] == "allowed"
    assert [g.get("side") for g in access["conditions"]] == ["bucket"]


def test_who_can_an_access_point_rejects_a_control_plane_typo(cli):
    code, _, err = cli("access", "who-can", "-s", DEMO, "-r", PARTNER_AP, "-a", "s3:GetObjekt")
    assert code == 2 and "s3:GetObjekt" in err
