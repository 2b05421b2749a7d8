"""Loading snapshots: permissive on content, strict on what cannot be opened; gaps are never "nothing"."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from keyaki.errors import SnapshotError
from keyaki.snapshot import Status, open_snapshot

ACCT = "111122223333"
SGS = {
    "SecurityGroups": [
        {
            "Description": "ssh",
            "GroupName": "ssh",
            "IpPermissions": [
                {
                    "FromPort": 22,
                    "IpProtocol": "tcp",
                    "IpRanges": [{"CidrIp": "0.0.0.0/0"}],
                    "ToPort": 22,
                    "Ipv6Ranges": [],
                    "PrefixListIds": [],
                    "UserIdGroupPairs": [],
                }
            ],
            "OwnerId": ACCT,
            "GroupId": "sg-0a1b2c3d4e5f60718",
            "IpPermissionsEgress": [],
            "VpcId": "vpc-0123456789abcdef0",
            "SomeFieldAwsAddsNextYear": {"x": 1},
        }
    ]
}


def test_reads_a_verbatim_response(make_snapshot):
    snap = open_snapshot(make_snapshot({f"accounts/{ACCT}/us-east-1/ec2/describe-security-groups.json": SGS}))
    r = snap.call(ACCT, "us-east-1", "ec2", "describe-security-groups")
    assert r.ok and r.get("SecurityGroups")[0]["GroupId"] == "sg-0a1b2c3d4e5f60718"
    assert snap.accounts() == [ACCT] and snap.regions(ACCT) == ["us-east-1"]


def test_missing_file_is_not_collected_and_a_gap(make_snapshot):
    snap = open_snapshot(make_snapshot({}))
    r = snap.call(ACCT, "us-east-1", "kms", "list-keys")
    assert r.status is Status.NOT_COLLECTED and not r.ok and r.get("Keys") is None
    gaps = snap.gaps()
    assert [(g.reason, g.operation) for g in gaps] == [("not_collected", "list-keys")]


def test_not_found_error_means_collected_and_absent(make_snapshot):
    bucket = "example-bucket"
    snap = open_snapshot(
        make_snapshot(
            {
                f"accounts/{ACCT}/global/s3api/get-bucket-policy/{bucket}.error.json": {
                    "Error": {"Code": "NoSuchBucketPolicy", "Message": "The bucket policy does not exist"}
                },
                f"accounts/{ACCT}/global/s3api/get-bucket-acl/{bucket}.error.json": {
                    "Error": {"Code": "AccessDenied", "Message": "Access Denied"}
                },
            }
        )
    )
    assert snap.call(ACCT, "global", "s3api", "get-bucket-policy", bucket).status is Status.NOT_FOUND
    acl = snap.call(ACCT, "global", "s3api", "get-bucket-acl", bucket)
    assert acl.status is Status.FAILED and acl.error_code == "AccessDenied"
    assert [g.reason for g in snap.gaps()] == ["AccessDenied"]
    assert snap.keys(ACCT, "global", "s3api", "get-bucket-policy") == [bucket]


def test_corrupt_file_is_a_located_gap_and_the_rest_loads(make_snapshot):
    root = make_snapshot(
        {
            f"accounts/{ACCT}/us-east-1/ec2/describe-vpcs.json": '{"Vpcs": [\n  {"VpcId": "vpc-1",}\n]}',
            f"accounts/{ACCT}/us-east-1/ec2/describe-security-groups.json": SGS,
        }
    )
    snap = open_snapshot(root)
    bad = snap.call(ACCT, "us-east-1", "ec2", "describe-vpcs")
    assert bad.status is Status.FAILED
    assert "describe-vpcs.json: line 2 column" in (bad.message or "") and "invalid JSON" in (bad.message or "")
    assert snap.call(ACCT, "us-east-1", "ec2", "describe-security-groups").ok
    assert [g.path for g in snap.validate()] == [f"accounts/{ACCT}/us-east-1/ec2/describe-vpcs.json"]


def test_keys_are_percent_encoded_in_file_names(make_snapshot):
    name = "prod/db/password"
    snap = open_snapshot(
        make_snapshot(
            {f"accounts/{ACCT}/us-east-1/secretsmanager/describe-secret/prod%2Fdb%2Fpassword.json": {"Name": name}}
        )
    )
    assert snap.keys(ACCT, "us-east-1", "secretsmanager", "describe-secret") == [name]
    assert snap.call(ACCT, "us-east-1", "secretsmanager", "describe-secret", name).get("Name") == name


def test_unknown_fields_in_manifest_are_ignored(make_snapshot):
    manifest = {"format": "keyaki-snapshot", "format_version": 1, "accounts": [{"id": ACCT, "future": 1}], "x": 2}
    assert open_snapshot(make_snapshot({}, manifest)).accounts() == [ACCT]


@pytest.mark.parametrize(
    ("manifest", "expected"),
    [
        ({"format": "keyaki-snapshot", "format_version": 99}, "unknown snapshot format version `99`"),
        ({"format": "something-else", "format_version": 1}, "unknown snapshot format `something-else`"),
        ([1, 2], "the manifest must be a JSON object"),
        ({"format": "keyaki-snapshot", "format_version": 1, "accounts": "nope"}, "/accounts"),
    ],
)
def test_bad_manifest_is_one_line_error(make_snapshot, manifest, expected):
    with pytest.raises(SnapshotError) as exc:
        open_snapshot(make_snapshot({}, manifest))
    assert expected in str(exc.value) and "manifest.json" in str(exc.value) and "\n" not in str(exc.value)


def test_corrupt_manifest_names_file_and_line(tmp_path: Path):
    (tmp_path / "manifest.json").write_text('{"format": "keyaki-snapshot",\n "format_version": }')
    with pytest.raises(SnapshotError, match=r"manifest.json: line 2 column \d+: invalid JSON"):
        open_snapshot(tmp_path)


def test_non_snapshot_folder(tmp_path: Path):
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(SnapshotError, match="not a snapshot"):
        open_snapshot(tmp_path)


def test_missing_path_and_non_zip_file(tmp_path: Path):
    with pytest.raises(SnapshotError, match="no such file or folder"):
        open_snapshot(tmp_path / "nope")
    f = tmp_path / "x.json"
    f.write_text("{}")
    with pytest.raises(SnapshotError, match=r"folder or a `\.zip`"):
        open_snapshot(f)


def _zip_folder(folder: Path, dest: Path, top: str | None) -> Path:
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as z:
        for p in sorted(folder.rglob("*")):
            if p.is_file():
                rel = p.relative_to(folder).as_posix()
                z.write(p, f"{top}/{rel}" if top else rel)
    return dest


@pytest.mark.parametrize("top", [None, "snapshot-2026-11-01"])
def test_zip_of_a_snapshot_folder(make_snapshot, tmp_path: Path, top):
    folder = make_snapshot({f"accounts/{ACCT}/us-east-1/ec2/describe-security-groups.json": SGS})
    snap = open_snapshot(_zip_folder(folder, tmp_path / "s.zip", top))
    assert snap.kind == "zip"
    assert snap.call(ACCT, "us-east-1", "ec2", "describe-security-groups").ok
    assert snap.regions(ACCT) == ["us-east-1"]


def test_truncated_zip_is_a_clear_error(make_snapshot, tmp_path: Path):
    folder = make_snapshot({f"accounts/{ACCT}/us-east-1/ec2/describe-security-groups.json": SGS})
    z = _zip_folder(folder, tmp_path / "s.zip", None)
    data = z.read_bytes()
    z.write_bytes(data[: len(data) // 2])
    with pytest.raises(SnapshotError, match="not a readable zip file"):
        open_snapshot(z)


def test_snapshot_without_manifest_but_with_accounts(make_snapshot):
    snap = open_snapshot(make_snapshot({f"accounts/{ACCT}/us-east-1/ec2/describe-security-groups.json": SGS}, None))
    assert snap.accounts() == [ACCT]


def test_manifest_gaps_are_reported(make_snapshot):
    manifest = {
        "format": "keyaki-snapshot",
        "format_version": 1,
        "accounts": [{"id": ACCT, "regions": ["us-east-1"]}],
        "gaps": [
            {
                "account": ACCT,
                "region": "us-east-1",
                "service": "guardduty",
                "operation": "list-detectors",
                "error": "AccessDeniedException",
                "message": "not authorized",
            }
        ],
    }
    gaps = open_snapshot(make_snapshot({}, manifest)).gaps()
    assert gaps[0].reason == "AccessDeniedException"
    assert gaps[0].path == f"accounts/{ACCT}/us-east-1/guardduty/list-detectors.json"


def test_describe_folder_loads_as_network_part(tmp_path: Path):
    (tmp_path / "us-east-2").mkdir()
    (tmp_path / "us-east-2" / "SecurityGroups.json").write_text(json.dumps(SGS))
    (tmp_path / "us-east-2" / "describe-vpcs.json").write_text(json.dumps({"Vpcs": [{"VpcId": "vpc-1"}]}))
    (tmp_path / "us-east-2" / "README.txt").write_text("ignored")
    snap = open_snapshot(tmp_path)
    assert snap.kind == "ec2-describe-folder"
    assert snap.accounts() == [ACCT]  # from OwnerId
    assert snap.regions(ACCT) == ["us-east-2"]
    assert snap.call(ACCT, "us-east-2", "ec2", "describe-security-groups").ok
    assert snap.call(ACCT, "us-east-2", "ec2", "describe-vpcs").get("Vpcs") == [{"VpcId": "vpc-1"}]
    assert snap.call(ACCT, "us-east-2", "ec2", "describe-instances").status is Status.NOT_COLLECTED


def test_a_gap_in_the_manifest_and_its_error_file_are_one_gap(make_snapshot):
    manifest = {
        "format": "keyaki-snapshot",
        "format_version": 1,
        "accounts": [{"id": ACCT, "regions": ["eu-west-1"]}],
        "gaps": [
            {
                "account": ACCT,
                "region": "eu-west-1",
                "service": "lambda",
                "operation": "list-functions",
                "error": "AccessDeniedException",
                "message": "not authorized",
            }
        ],
    }
    root = make_snapshot(
        {
            f"accounts/{ACCT}/eu-west-1/lambda/list-functions.error.json": {
                "Error": {"Code": "AccessDeniedException", "Message": "not authorized"}
            }
        },
        manifest,
    )
    snap = open_snapshot(root)
    assert snap.call(ACCT, "eu-west-1", "lambda", "list-functions").status is Status.FAILED
    assert [(g.reason, g.operation) for g in snap.gaps()] == [("AccessDeniedException", "list-functions")]
