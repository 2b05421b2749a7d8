"""Views of sharing that is not a policy, on real-shaped AWS CLI JSON: EBS and RDS snapshot attributes, KMS grants."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from keyaki.snapshot import open_snapshot
from keyaki.snapshot.load import Status
from keyaki.snapshot.views.kms_grants import grants_by_key, key_grants
from keyaki.snapshot.views.snapshot_sharing import EBS, RDS_CLUSTER, RDS_DB, shared_snapshots

A, R = "111122223333", "us-east-1"
BASE = f"accounts/{A}/{R}"
KEY = "1234abcd-12ab-34cd-56ef-1234567890ab"
KEY_ARN = f"arn:aws:kms:{R}:{A}:key/{KEY}"


def _ebs(snapshot_id: str, owner: str = A, **extra: Any) -> dict[str, Any]:
    return {
        "Description": "nightly",
        "Encrypted": False,
        "OwnerId": owner,
        "Progress": "100%",
        "SnapshotId": snapshot_id,
        "StartTime": "2026-10-01T03:00:00.123000+00:00",
        "State": "completed",
        "VolumeId": "vol-0123456789abcdef0",
        "VolumeSize": 8,
        "StorageTier": "standard",
        **extra,
    }


def _db(name: str, kind: str = "manual") -> dict[str, Any]:
    return {
        "DBSnapshotIdentifier": name,
        "DBInstanceIdentifier": "orders-db",
        "SnapshotCreateTime": "2026-09-12T22:41:05.318000+00:00",
        "Engine": "postgres",
        "Status": "available",
        "SnapshotType": kind,
        "Encrypted": True,
        "KmsKeyId": KEY_ARN,
        "DBSnapshotArn": f"arn:aws:rds:{R}:{A}:snapshot:{name}",
    }


FILES: dict[str, Any] = {
    f"{BASE}/ec2/describe-snapshots.json": {
        "Snapshots": [
            _ebs("snap-0b2"),
            _ebs("snap-0a1"),
            _ebs("snap-0c3", Encrypted=True, KmsKeyId=KEY_ARN),
            _ebs("snap-foreign", owner="999999999999"),  # a listing may hold others' (moto does)
        ]
    },
    f"{BASE}/ec2/describe-snapshot-attribute/snap-0a1.json": {
        "CreateVolumePermissions": [{"Group": "all"}, {"UserId": "999988887777"}],
        "SnapshotId": "snap-0a1",
    },
    f"{BASE}/ec2/get-snapshot-block-public-access-state.json": {"State": "block-new-sharing", "ManagedBy": "account"},
    f"{BASE}/ec2/describe-snapshot-attribute/snap-0b2.json": {"CreateVolumePermissions": [], "SnapshotId": "snap-0b2"},
    f"{BASE}/ec2/describe-snapshot-attribute/snap-0c3.error.json": {
        "Error": {"Code": "UnauthorizedOperation", "Message": "You are not authorized to perform this operation."}
    },
    f"{BASE}/rds/describe-db-snapshots.json": {
        "DBSnapshots": [_db("orders-manual"), _db("rds:orders-auto", "automated")]
    },
    f"{BASE}/rds/describe-db-snapshot-attributes/orders-manual.json": {
        "DBSnapshotAttributesResult": {
            "DBSnapshotIdentifier": "orders-manual",
            "DBSnapshotAttributes": [{"AttributeName": "restore", "AttributeValues": ["444455556666", "all"]}],
        }
    },
    f"{BASE}/rds/describe-db-cluster-snapshots.json": {
        "DBClusterSnapshots": [
            {
                "DBClusterSnapshotIdentifier": "ledger-manual",
                "DBClusterIdentifier": "ledger",
                "SnapshotType": "manual",
                "StorageEncrypted": False,
                "DBClusterSnapshotArn": f"arn:aws:rds:{R}:{A}:cluster-snapshot:ledger-manual",
            }
        ]
    },
    f"{BASE}/rds/describe-db-cluster-snapshot-attributes/ledger-manual.json": {
        "DBClusterSnapshotAttributesResult": {
            "DBClusterSnapshotIdentifier": "ledger-manual",
            "DBClusterSnapshotAttributes": [{"AttributeName": "restore", "AttributeValues": []}],
        }
    },
}


def test_snapshot_sharing_attributes(make_snapshot):
    snaps = {s.name: s for s in shared_snapshots(open_snapshot(make_snapshot(FILES)))}
    assert list(snaps) == ["snap-0a1", "snap-0b2", "snap-0c3", "orders-manual", "ledger-manual"]  # sorted, own only
    public = snaps["snap-0a1"]
    assert public.resource_type == EBS and public.public and public.accounts == ("999988887777",)
    assert public.arn == f"arn:aws:ec2:{R}:{A}:snapshot/snap-0a1" and public.attribute == "createVolumePermission"
    assert public.source == f"{BASE}/ec2/describe-snapshot-attribute/snap-0a1.json"
    assert public.location == "/CreateVolumePermissions" and public.encrypted is False
    assert public.block_public_access == "block-new-sharing"
    assert public.block_source == f"{BASE}/ec2/get-snapshot-block-public-access-state.json"
    assert not snaps["snap-0b2"].public and snaps["snap-0b2"].accounts == () and snaps["snap-0b2"].known
    failed = snaps["snap-0c3"]
    assert failed.status is Status.FAILED and not failed.known and failed.kms_key_id == KEY_ARN
    db = snaps["orders-manual"]
    assert db.resource_type == RDS_DB and db.public and db.accounts == ("444455556666",)
    assert db.arn == f"arn:aws:rds:{R}:{A}:snapshot:orders-manual" and db.encrypted is True
    assert db.location == "/DBSnapshotAttributesResult/DBSnapshotAttributes/0/AttributeValues"
    cluster = snaps["ledger-manual"]
    assert cluster.resource_type == RDS_CLUSTER and not cluster.public and cluster.accounts == ()


def test_a_listed_snapshot_without_its_attribute_file_is_not_collected(make_snapshot):
    files = {k: v for k, v in FILES.items() if "orders-manual" not in k}
    snaps = {s.name: s for s in shared_snapshots(open_snapshot(make_snapshot(files)))}
    assert snaps["orders-manual"].status is Status.NOT_COLLECTED and not snaps["orders-manual"].known
    assert (
        snaps["snap-0a1"].block_public_access == "block-new-sharing"
        and snaps["orders-manual"].block_public_access is None
    )


GRANTS = {
    "Grants": [
        {
            "KeyId": KEY_ARN,
            "GrantId": "0c237476b39f8bc44e45212e08498fbe3151305030726c0590dd8d3e9f3d6a60",
            "Name": "partner",
            "CreationDate": "2025-02-17T15:26:03+00:00",
            "GranteePrincipal": "arn:aws:iam::999988887777:role/partner-etl",
            "RetiringPrincipal": "arn:aws:iam::111122223333:root",
            "IssuingAccount": "arn:aws:iam::111122223333:root",
            "Operations": ["Decrypt", "DescribeKey"],
            "Constraints": {"EncryptionContextEquals": {"Department": "IT", "Purpose": "Test"}},
        },
        {
            "KeyId": KEY_ARN,
            "GrantId": "9b6b2ba0b0a4a0a5c1a2d5ab4b1e2cfbfd8e2a0bbf0a5dbd0bd0b4c6d1fa5b1e",
            "Name": "",
            "CreationDate": "2026-10-30T10:00:00+00:00",
            "GranteePrincipal": "rds.us-east-1.amazonaws.com",
            "GranteeServicePrincipal": "rds.us-east-1.amazonaws.com",
            "IssuingAccount": "arn:aws:iam::111122223333:root",
            "Operations": ["Decrypt", "GenerateDataKey"],
            "Constraints": {"SourceArn": "arn:aws:rds:us-east-1:111122223333:db:orders-db"},
        },
    ]
}


def test_kms_grants(make_snapshot):
    files = {
        f"{BASE}/kms/list-keys.json": {"Keys": [{"KeyId": KEY, "KeyArn": KEY_ARN}, {"KeyId": "k2"}]},
        f"{BASE}/kms/list-grants/{KEY}.json": GRANTS,
        f"{BASE}/kms/list-grants/k2.error.json": {"Error": {"Code": "AccessDeniedException", "Message": "denied"}},
    }
    snap = open_snapshot(make_snapshot(files))
    key, other = key_grants(snap, A, R)
    assert key.status is Status.OK and key.key_arn == KEY_ARN and len(key.grants) == 2
    partner, service = key.grants
    assert partner.grantee == "arn:aws:iam::999988887777:role/partner-etl" and partner.retiring.endswith(":root")
    assert partner.operations == ("Decrypt", "DescribeKey") and partner.constrained
    assert partner.context_equals == (("Department", "IT"), ("Purpose", "Test")) and partner.context_subset is None
    assert partner.created == datetime(2025, 2, 17, 15, 26, 3, tzinfo=UTC) and partner.location == "/Grants/0"
    assert service.grantee_service == "rds.us-east-1.amazonaws.com" and service.source_arn.endswith(":db:orders-db")
    assert other.status is Status.FAILED and other.grants == () and other.key_arn == f"arn:aws:kms:{R}:{A}:key/k2"
    assert set(grants_by_key(snap)) == {KEY_ARN, other.key_arn}
