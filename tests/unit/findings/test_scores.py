"""Scores follow suppressions (Security Hub's control status), on a real scan of real-shaped JSON."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import botocore.session
import pytest
from test_export_asff import import_batches

from keyaki.findings.export import EXPORTERS
from keyaki.findings.model import Finding, Status
from keyaki.findings.scores import control_record, rescore, status
from keyaki.findings.suppress import parse_rules
from keyaki.scan import ScanResult, run_scan
from meta.checks_cases import FAIL
from meta.checks_snapshot import MGMT, OPTIONS, SEC, baseline, snapshot

CIS = "cis-aws-foundations-benchmark/v3.0.0"
FSBP = "aws-foundational-security-best-practices/v1.0.0"
SG_CHECK = "check/ec2_sg_admin_ports_ipv4"  # CIS 5.2 and FSBP EC2.53
SG_ARN = f"arn:aws:ec2:us-east-1:{SEC}:security-group/sg-0web"


def _open_rdp() -> dict[str, Any]:
    files = baseline()
    FAIL["ec2_sg_admin_ports_ipv4"](files)
    return files


def _scan(files: dict[str, Any], rules: str | None = None) -> ScanResult:
    parsed = parse_rules(rules, "rules.yaml") if rules else None
    return run_scan(snapshot(files), OPTIONS, only=["checks"], rules=parsed)


def _std(result: ScanResult, name: str) -> dict[str, Any]:
    return next(s for s in result.sections["scores"]["standards"] if s["standard"] == name)


def _control(std: dict[str, Any], control: str) -> dict[str, Any]:
    return next(c for c in std["controls"] if c["control"] == control)


RULE_BY_TYPE = f"""\
suppressions:
  - reason: the RDP jump host is accepted, RISK-7
    type: {SG_CHECK}
    expires: 2026-12-31
"""


# ---- the arithmetic -------------------------------------------------------------------------------
def test_status_of_counts_follows_security_hub() -> None:
    assert status({"passed": 3, "failed": 2, "not_evaluated": 0}, suppressed=1) == "FAILED"
    assert status({"passed": 3, "failed": 2, "not_evaluated": 0}, suppressed=2) == "PASSED"
    assert status({"passed": 0, "failed": 2, "not_evaluated": 0}, suppressed=2) == "PASSED"
    assert status({"passed": 0, "failed": 1, "not_evaluated": 1}, suppressed=1) == "NOT_EVALUATED"
    assert status({"passed": 0, "failed": 0, "not_evaluated": 0}) is None
    assert status({"passed": 0, "failed": 1, "not_evaluated": 0}, suppressed=5) == "PASSED"  # clamped


def test_control_record_sums_accounts_and_unowned_results() -> None:
    rec = control_record(
        "1.4",
        {"b": {"passed": 1, "failed": 0, "not_evaluated": 0}, "a": {"passed": 0, "failed": 1, "not_evaluated": 0}},
        {"passed": 0, "failed": 0, "not_evaluated": 2},
    )
    assert (rec["passed"], rec["failed"], rec["not_evaluated"], rec["status"]) == (1, 1, 2, "FAILED")
    assert list(rec["by_account"]) == ["a", "b"]
    assert rec["by_account"]["a"]["status"] == "FAILED" and rec["by_account"]["b"]["status"] == "PASSED"


def test_rescore_leaves_a_section_without_control_records_alone() -> None:
    old = {"standards": [{"standard": CIS, "controls_passed": 1, "controls_failed": 0, "score": 1.0}]}
    assert rescore(json.loads(json.dumps(old)), []) == old


# ---- a real scan --------------------------------------------------------------------------------
def test_unsuppressed_scores_are_unchanged() -> None:
    result = _scan(_open_rdp())
    cis = _std(result, CIS)
    assert _control(cis, "5.2")["status"] == "FAILED" and cis["controls_failed"] == 1
    assert cis["controls_suppressed"] == cis["findings_suppressed"] == 0
    assert cis["by_account"][SEC]["controls_failed"] == 1 and cis["by_account"][MGMT]["controls_failed"] == 0


def test_a_control_whose_only_failure_is_suppressed_passes() -> None:
    clean = _std(_scan(baseline()), CIS)
    result = _scan(_open_rdp(), RULE_BY_TYPE)
    cis, fsbp = _std(result, CIS), _std(result, FSBP)
    sg = next(f for f in result.findings if f.type == SG_CHECK)
    assert sg.status is Status.SUPPRESSED and sg.suppression == "the RDP jump host is accepted, RISK-7"
    assert cis["score"] == clean["score"] == 1.0
    assert (cis["controls_failed"], cis["controls_suppressed"], cis["findings_suppressed"]) == (0, 1, 1)
    assert cis["controls_passed"] == clean["controls_passed"]
    rec = _control(cis, "5.2")
    assert (rec["status"], rec["failed"], rec["suppressed"]) == ("PASSED", 1, 1)  # nothing hidden
    assert rec["by_account"][SEC] == {"status": "PASSED", "suppressed": 1, "passed": 1, "failed": 1, "not_evaluated": 0}
    assert cis["by_account"][SEC]["score"] == 1.0 and cis["by_account"][SEC]["controls_suppressed"] == 1
    assert cis["by_account"][MGMT]["controls_suppressed"] == 0
    assert _control(fsbp, "EC2.53")["status"] == "PASSED" and fsbp["findings_suppressed"] == 1


def test_an_expired_rule_fails_the_control_again() -> None:
    expired = RULE_BY_TYPE.replace("2026-12-31", "2026-10-31")  # the snapshot is from 2026-11-01
    result = _scan(_open_rdp(), expired)
    cis = _std(result, CIS)
    assert next(f for f in result.findings if f.type == SG_CHECK).status is Status.ACTIVE
    assert _control(cis, "5.2")["status"] == "FAILED" and cis["controls_suppressed"] == 0 and cis["score"] < 1
    assert [r["rule"] for r in result.sections["suppressions"]["expired"]] == [0]


def test_one_of_two_failures_suppressed_still_fails() -> None:
    files = _open_rdp()
    sgs = files[f"accounts/{MGMT}/us-east-1/ec2/describe-security-groups.json"]["SecurityGroups"]
    ssh = {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}
    sgs[1]["IpPermissions"].append(ssh)
    result = _scan(files, RULE_BY_TYPE.replace(f"type: {SG_CHECK}", f'resource: "{SG_ARN}"'))
    cis = _std(result, CIS)
    rec = _control(cis, "5.2")
    assert (rec["status"], rec["failed"], rec["suppressed"]) == ("FAILED", 2, 1)
    assert (cis["controls_suppressed"], cis["findings_suppressed"]) == (0, 1)
    assert cis["by_account"][SEC]["controls_suppressed"] == 1 and cis["by_account"][MGMT]["controls_failed"] == 1


# ---- tags ---------------------------------------------------------------------------------------
def _tagged(files: dict[str, Any]) -> dict[str, Any]:
    sg = files[f"accounts/{SEC}/us-east-1/ec2/describe-security-groups.json"]["SecurityGroups"][1]
    sg["Tags"] = [{"Key": "team", "Value": "payments"}, {"Key": "Name", "Value": "web"}]
    return files


def test_findings_carry_their_resource_tags_and_keep_their_ids() -> None:
    plain = next(f for f in _scan(_open_rdp()).findings if f.type == SG_CHECK)
    tagged = next(f for f in _scan(_tagged(_open_rdp())).findings if f.type == SG_CHECK)
    assert plain.resource == tagged.resource == SG_ARN
    assert "tags" not in plain.evidence.details
    assert tagged.evidence.details["tags"] == {"Name": "web", "team": "payments"}
    assert tagged.id == plain.id


def test_a_tag_rule_matches_and_the_control_passes() -> None:
    rules = "suppressions:\n  - reason: payments owns it\n    tags: {team: pay*}\n"
    result = _scan(_tagged(_open_rdp()), rules)
    assert next(f for f in result.findings if f.type == SG_CHECK).status is Status.SUPPRESSED
    assert _control(_std(result, CIS), "5.2")["status"] == "PASSED"
    on_sg = [f for f in result.findings if f.resource == SG_ARN]
    assert len(on_sg) >= 1 and all(f.evidence.details["tags"]["team"] == "payments" for f in on_sg)
    suppressed = [f for f in result.findings if f.status is Status.SUPPRESSED]
    assert suppressed == on_sg and result.sections["suppressions"]["suppressed"] == len(on_sg)
    asff = [a for a in json.loads(EXPORTERS["asff"](result)) if a["Resources"][0]["Id"] == SG_ARN]
    assert asff and all(a["Resources"][0]["Tags"] == {"Name": "web", "team": "payments"} for a in asff)
    shape = botocore.session.get_session().get_service_model("securityhub").operation_model("BatchImportFindings")
    import_batches(json.loads(EXPORTERS["asff"](result)), shape.input_shape)  # botocore's own validation
    wrong = _scan(_tagged(_open_rdp()), rules.replace("pay*", "web"))
    assert wrong.sections["suppressions"]["unused"] and _control(_std(wrong, CIS), "5.2")["status"] == "FAILED"


GAAD = {
    "UserDetailList": [
        {
            "Path": "/",
            "UserName": "alice",
            "UserId": "AIDAEXAMPLEALICE00001",
            "Arn": "arn:aws:iam::111122223333:user/alice",
            "CreateDate": "2024-01-02T03:04:05+00:00",
            "UserPolicyList": [],
            "GroupList": [],
            "AttachedManagedPolicies": [],
            "Tags": [{"Key": "team", "Value": "data"}],
        },
        {
            "Path": "/",
            "UserName": "bob",
            "UserId": "AIDAEXAMPLEBOB0000001",
            "Arn": "arn:aws:iam::111122223333:user/bob",
            "CreateDate": "2024-01-02T03:04:05+00:00",
            "UserPolicyList": [],
            "GroupList": [],
            "AttachedManagedPolicies": [],
        },
    ],
    "GroupDetailList": [],
    "RoleDetailList": [
        {
            "Path": "/service/",
            "RoleName": "etl",
            "RoleId": "AROAEXAMPLEETL000001",
            "Arn": "arn:aws:iam::111122223333:role/service/etl",
            "CreateDate": "2024-01-02T03:04:05+00:00",
            "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": []},
            "InstanceProfileList": [],
            "RolePolicyList": [],
            "AttachedManagedPolicies": [],
            "Tags": [{"Key": "env", "Value": "prod"}],
        }
    ],
    "Policies": [],
}


def test_tag_index_reads_gaad_ec2_and_secrets(make_snapshot: Callable[..., Path]) -> None:
    from keyaki.findings.tags import TagIndex
    from keyaki.snapshot import open_snapshot

    acct, base = "111122223333", "accounts/111122223333"
    root = make_snapshot(
        {
            f"{base}/global/iam/get-account-authorization-details.json": GAAD,
            f"{base}/us-east-1/ec2/describe-instances.json": {
                "Reservations": [
                    {
                        "ReservationId": "r-0a1",
                        "OwnerId": acct,
                        "Instances": [{"InstanceId": "i-0abc", "Tags": [{"Key": "Name", "Value": "bastion"}]}],
                    }
                ]
            },
            f"{base}/us-east-1/ec2/describe-volumes.json": {
                "Volumes": [{"VolumeId": "vol-01", "Tags": [{"Key": "backup", "Value": "daily"}]}]
            },
            f"{base}/us-east-1/secretsmanager/list-secrets.json": {
                "SecretList": [
                    {
                        "ARN": f"arn:aws:secretsmanager:us-east-1:{acct}:secret:db-AbCdEf",
                        "Name": "db",
                        "Tags": [{"Key": "owner", "Value": "dba"}],
                    }
                ]
            },
        }
    )
    index = TagIndex(open_snapshot(root))
    assert index.tags_of(f"arn:aws:iam::{acct}:user/alice") == {"team": "data"}
    assert index.tags_of(f"arn:aws:iam::{acct}:user/bob") == {}
    assert index.tags_of(f"arn:aws:iam::{acct}:role/service/etl") == {"env": "prod"}
    assert index.tags_of(f"arn:aws:ec2:us-east-1:{acct}:instance/i-0abc") == {"Name": "bastion"}
    assert index.tags_of(f"arn:aws:ec2:us-east-1:{acct}:volume/vol-01") == {"backup": "daily"}
    assert index.tags_of(f"arn:aws:secretsmanager:us-east-1:{acct}:secret:db-AbCdEf") == {"owner": "dba"}
    assert index.tags_of(f"arn:aws:ec2:eu-west-1:{acct}:instance/i-0abc") == {}  # not collected there
    assert index.tags_of("arn:aws:s3:::bucket") == index.tags_of(f"arn:aws:::{acct}") == {}


# ---- the CLI and every report ---------------------------------------------------------------------
@pytest.fixture
def rdp_dir(make_snapshot: Callable[..., Path]) -> Path:
    return make_snapshot(_open_rdp(), manifest=None)  # the files hold their own manifest.json


def _cli_scan(cli: Any, snap: Path, rules: Path | None, *extra: str) -> tuple[int, str, str]:
    args = ["scan", "-s", str(snap), "--fail-on", "low", *extra]
    return cli(*args, *(["--suppressions", str(rules)] if rules else []))


@pytest.fixture
def all_rules(tmp_path: Path, rdp_dir: Path, cli: Any) -> Path:
    """Rules that suppress every finding the RDP snapshot has (by id), so the CI gate must pass."""
    code, out, _ = _cli_scan(cli, rdp_dir, None, "-f", "json")
    assert code == 1
    ids = [f["id"] for f in json.loads(out)["findings"]]
    rules = tmp_path / "rules.yaml"
    rules.write_text(f"suppressions:\n  - reason: accepted, RISK-7\n    id: {json.dumps(ids)}\n", encoding="utf-8")
    return rules


def test_cli_gate_ignores_suppressed_findings_and_scores_say_so(cli: Any, rdp_dir: Path, all_rules: Path) -> None:
    code, out, _ = _cli_scan(cli, rdp_dir, all_rules, "-f", "json")
    assert code == 0
    report = json.loads(out)
    cis = next(s for s in report["sections"]["scores"]["standards"] if s["standard"] == CIS)
    assert cis["score"] == 1.0 and cis["controls_suppressed"] >= 1
    assert all(f["status"] == "SUPPRESSED" for f in report["findings"])
    code, out, _ = _cli_scan(cli, rdp_dir, all_rules)
    assert code == 0 and "passed only because their findings are suppressed" in out
    assert "suppressed: kept and marked" in out


def test_cli_expired_rule_fails_the_gate(cli: Any, rdp_dir: Path, all_rules: Path) -> None:
    text = all_rules.read_text(encoding="utf-8") + "    expires: 2026-10-01\n"
    all_rules.write_text(text, encoding="utf-8")
    code, out, err = _cli_scan(cli, rdp_dir, all_rules, "-f", "json")
    assert code == 1 and "expired on 2026-10-01" in err
    cis = next(s for s in json.loads(out)["sections"]["scores"]["standards"] if s["standard"] == CIS)
    assert cis["score"] < 1 and cis["controls_suppressed"] == 0


def test_every_export_agrees_on_the_suppressed_finding(cli: Any, rdp_dir: Path, tmp_path: Path) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_text(RULE_BY_TYPE, encoding="utf-8")
    reports = {}
    for fmt in ("json", "asff", "sarif", "ocsf", "csv", "html"):
        code, out, _ = cli("scan", "-s", str(rdp_dir), "-f", fmt, "--suppressions", str(rules))
        assert code == 0
        reports[fmt] = out
    sg: Finding = next(
        Finding.model_validate(f) for f in json.loads(reports["json"])["findings"] if f["type"] == SG_CHECK
    )
    asff = next(f for f in json.loads(reports["asff"]) if f["Id"] == sg.id)
    assert asff["Workflow"]["Status"] == "SUPPRESSED" and asff["Note"]["Text"] == sg.suppression
    sarif = next(
        r
        for r in json.loads(reports["sarif"])["runs"][0]["results"]
        if r["partialFingerprints"]["keyakiFindingId/v1"] == sg.id
    )
    assert sarif["suppressions"][0]["justification"] == sg.suppression
    ocsf = next(e for e in json.loads(reports["ocsf"]) if e["metadata"]["uid"] == sg.id)
    assert (ocsf["status_id"], ocsf["status_detail"]) == (3, sg.suppression)
    row = next(r for r in csv.DictReader(io.StringIO(reports["csv"], newline="")) if r["id"] == sg.id)
    assert (row["status"], row["suppression"]) == ("SUPPRESSED", sg.suppression)
    assert 'data-suppressed="1"' in reports["html"] and ">suppressed</th>" in reports["html"]
    assert '<td class="num">1 (1)</td>' in reports["html"]  # the CIS row: 1 control passed by suppression
