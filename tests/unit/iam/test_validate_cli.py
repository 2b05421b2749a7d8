"""``keyaki iam validate``: JSON shape, folders, table output, exit codes and usage errors."""

from __future__ import annotations

import json
from pathlib import Path

CLEAN = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*"}],
}
TYPO = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "*"}]}
PASS_ROLE = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}]}
SUGGESTION_ONLY = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": ["s3:Get*", "s3:GetObject"], "Resource": "arn:aws:s3:::b/*"}],
}


def write(tmp_path: Path, name: str, content: object) -> Path:
    path = tmp_path / name
    path.write_text(content if isinstance(content, str) else json.dumps(content, indent=2))
    return path


def test_clean_policy_exits_zero_with_empty_findings(cli, tmp_path: Path):
    path = write(tmp_path, "clean.json", CLEAN)
    code, out, err = cli("iam", "validate", str(path), "--format", "json")
    assert code == 0, err
    assert json.loads(out) == [{"file": str(path), "findings": []}]


def test_error_finding_exits_one_with_access_analyzer_shape(cli, tmp_path: Path):
    path = write(tmp_path, "typo.json", TYPO)
    code, out, _ = cli("iam", "validate", str(path), "--format", "json")
    assert code == 1
    (result,) = json.loads(out)
    (finding,) = result["findings"]
    assert finding["findingType"] == "ERROR" and finding["issueCode"] == "INVALID_ACTION"
    assert finding["locations"][0]["path"] == [{"value": "Statement"}, {"index": 0}, {"value": "Action"}]
    assert set(finding["locations"][0]["span"]["start"]) == {"line", "column", "offset"}
    assert finding["learnMoreLink"].startswith("https://docs.aws.amazon.com/IAM/latest/UserGuide/")


def test_security_warning_exits_one_suggestion_exits_zero(cli, tmp_path: Path):
    code, out, _ = cli("iam", "validate", str(write(tmp_path, "p.json", PASS_ROLE)), "--format", "json")
    assert code == 1 and json.loads(out)[0]["findings"][0]["findingType"] == "SECURITY_WARNING"
    code, out, _ = cli("iam", "validate", str(write(tmp_path, "s.json", SUGGESTION_ONLY)), "--format", "json")
    assert code == 0 and json.loads(out)[0]["findings"][0]["issueCode"] == "REDUNDANT_ACTION"


def test_broken_json_is_a_finding_not_a_usage_error(cli, tmp_path: Path):
    path = write(tmp_path, "broken.json", '{"Version": "2012-10-17",\n "Statement": [}')
    code, out, err = cli("iam", "validate", str(path), "--format", "json")
    assert code == 1, err
    (finding,) = json.loads(out)[0]["findings"]
    assert finding["issueCode"] == "JSON_SYNTAX_ERROR"
    assert finding["locations"][0]["span"]["start"]["line"] == 2


def test_folders_expand_to_sorted_json_files_and_several_arguments(cli, tmp_path: Path):
    folder = tmp_path / "policies"
    folder.mkdir()
    write(folder, "b.json", TYPO)
    write(folder, "a.json", CLEAN)
    write(folder, "notes.txt", "not a policy")
    extra = write(tmp_path, "extra.json", CLEAN)
    code, out, _ = cli("iam", "validate", str(folder), str(extra), "--format", "json")
    assert code == 1
    files = [r["file"] for r in json.loads(out)]
    assert files == [str(folder / "a.json"), str(folder / "b.json"), str(extra)]


def test_policy_type_changes_the_checks(cli, tmp_path: Path):
    bucket = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"AWS": "arn:aws:iam::444455556666:root"},
                "Action": "s3:GetObject",
                "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*",
            }
        ],
    }
    path = write(tmp_path, "bucket.json", bucket)
    code, out, _ = cli("iam", "validate", str(path), "--policy-type", "RESOURCE_POLICY", "--format", "json")
    assert code == 0 and json.loads(out)[0]["findings"] == []
    code, out, _ = cli("iam", "validate", str(path), "--format", "json")
    assert code == 1 and json.loads(out)[0]["findings"][0]["issueCode"] == "UNSUPPORTED_PRINCIPAL"


def test_get_policy_version_output(cli, tmp_path: Path):
    path = write(tmp_path, "v.json", {"PolicyVersion": {"Document": TYPO, "VersionId": "v2", "IsDefaultVersion": True}})
    code, out, _ = cli("iam", "validate", str(path), "--format", "json")
    assert code == 1 and json.loads(out)[0]["findings"][0]["issueCode"] == "INVALID_ACTION"


def test_table_output_for_people(cli, tmp_path: Path):
    path = write(tmp_path, "typo.json", TYPO)
    code, out, err = cli("iam", "validate", str(path))
    assert code == 1
    assert "INVALID_ACTION" in out and "/Statement/0/Action" in out and "s3:GetObjekt" in out
    assert "1 file(s), 1 finding(s)" in err


def test_usage_errors_exit_two(cli, tmp_path: Path):
    code, out, err = cli("iam", "validate", str(tmp_path / "missing.json"), "--format", "json")
    assert code == 2 and out == "" and "no such file or folder" in err and "missing.json" in err
    code, _, _ = cli("iam", "validate", str(write(tmp_path, "c.json", CLEAN)), "--policy-type", "BOGUS")
    assert code == 2
    code, _, _ = cli("iam", "validate")
    assert code == 2


def test_resource_type_option(cli, tmp_path: Path):
    trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole"}]}
    path = write(tmp_path, "trust.json", trust)
    args = ("iam", "validate", str(path), "--policy-type", "RESOURCE_POLICY", "--format", "json")
    code, out, _ = cli(*args, "--resource-type", "AWS::IAM::AssumeRolePolicyDocument")
    assert code == 1
    assert [f["issueCode"] for f in json.loads(out)[0]["findings"]] == [
        "ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL"
    ]
    code, _, err = cli(*args, "--resource-type", "AWS::Nope")
    assert code == 2 and "unknown resource type" in err
    code, _, err = cli("iam", "validate", str(path), "--resource-type", "AWS::S3::Bucket")
    assert code == 2 and "RESOURCE_POLICY" in err
