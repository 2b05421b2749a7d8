"""The demo's sharing that is not a policy: EBS snapshots, RDS DB (cluster) snapshots, KMS grants.

Planted (``docs/demo.md`` #18-#20): dev's EBS snapshot of the ``dev-build-1`` volume is public
(``createVolumePermission`` group ``all``; sandbox's public snapshot is a decoy: its region blocks all
public sharing of snapshots); prod's manual DB snapshot ``orders-db-pre-migration`` is
shared with the unknown account 999988887777; prod's KMS key ``alias/prod-uploads`` has a grant to the
role ``partner-etl`` of 999988887777 (Decrypt under an encryption context constraint). Decoys: prod's
cluster snapshot ``ledger-2026-10-31`` is shared with dev 444444444444 (inside the organisation), prod's
automated DB snapshot and private EBS snapshot are shared with nobody, and the grant to prod's own
``web-app-instance-role`` is inside the zone of trust.
"""

from __future__ import annotations

from typing import Any

from build_demo_common import (
    DEV,
    EXTERNAL_UNKNOWN,
    PROD,
    SANDBOX,
    Writer,
    at,
    hexid,
    iso,
    iso_ms,
    kms_key_arn,
)
from build_demo_net import Ids
from build_demo_net_model import networks

PARTNER_ROLE = f"arn:aws:iam::{EXTERNAL_UNKNOWN}:role/partner-etl"


# ---- EBS ------------------------------------------------------------------------------------------
def _network_ids(account: str, region: str, instance: str | None = None) -> Ids:
    """The ids of the network holding ``instance`` (or the region's first network)."""
    here = [n for n in networks() if (n.account, n.region) == (account, region)]
    return Ids(next(n for n in here if instance is None or any(i.name == instance for i in n.instances)))


def _volume_id(account: str, region: str, instance: str) -> str:
    return _network_ids(account, region, instance).of("vol", instance)


# (account, region, instance whose volume, description, created, shared with, encrypted)
EBS_SNAPSHOTS = (
    (
        DEV,
        "us-east-1",
        "dev-build-1",
        "dev-build-1 build cache for the contractor",
        "2026-08-19T16:02:11",
        ["all"],
        False,
    ),
    (PROD, "us-east-1", "prod-app-1", "prod-app-1 root volume before the AMI rebuild", "2026-10-02T03:00:40", [], True),
    (SANDBOX, "us-east-1", None, "sandbox experiment dataset", "2026-10-12T08:31:27", ["all"], False),
)
# Block public access for snapshots: sandbox us-east-1 blocks all sharing (#18 decoy); elsewhere unblocked.
BLOCK_ALL_SHARING = {(SANDBOX, "us-east-1")}


def snapshot_id(account: str, region: str, instance: str | None) -> str:
    return hexid("snap", account, region, "ebs-snapshot", instance or "copied")


def _ebs(w: Writer, account: str, region: str) -> None:
    listed = []
    for acct, reg, inst, desc, created, shared, encrypted in EBS_SNAPSHOTS:
        if (acct, reg) != (account, region):
            continue
        sid = snapshot_id(acct, reg, inst)
        s: dict[str, Any] = {
            "Description": desc,
            "Encrypted": encrypted,
            "OwnerId": acct,
            "Progress": "100%",
            "SnapshotId": sid,
            "StartTime": iso_ms(at(created), 204),
            "State": "completed",
            "VolumeId": _volume_id(acct, reg, inst) if inst else "vol-ffffffff",  # AWS's id for a copied snapshot
            "VolumeSize": 20,
            "Tags": [{"Key": "Name", "Value": f"{inst or 'sandbox-dataset'}-snapshot"}],
            "StorageTier": "standard",
        }
        if encrypted:
            s["KmsKeyId"] = kms_key_arn(acct, reg, "aws/ebs")
        listed.append(s)
        perms = [{"Group": v} if v == "all" else {"UserId": v} for v in shared]
        w.call(account, region, "ec2", "describe-snapshot-attribute", {"CreateVolumePermissions": perms,
               "SnapshotId": sid}, key=sid)  # fmt: skip
    w.call(account, region, "ec2", "describe-snapshots", {"Snapshots": listed})
    blocked = (account, region) in BLOCK_ALL_SHARING
    state = {"State": "block-all-sharing" if blocked else "unblocked", "ManagedBy": "account"}
    w.call(account, region, "ec2", "get-snapshot-block-public-access-state", state)


# ---- RDS ------------------------------------------------------------------------------------------
# (account, region, identifier, source instance or cluster, type, created, shared with)
DB_SNAPSHOTS = (
    (PROD, "us-east-1", "orders-db-pre-migration", "orders-db", "manual", "2026-09-12T22:41:05", [EXTERNAL_UNKNOWN]),
    (PROD, "us-east-1", "rds:orders-db-2026-11-01-03-10", "orders-db", "automated", "2026-11-01T03:10:44", []),
)
CLUSTER_SNAPSHOTS = ((PROD, "us-east-1", "ledger-2026-10-31", "prod-ledger", "manual", "2026-10-31T23:05:17", [DEV]),)


def _db_snapshot(account: str, region: str, name: str, source: str, kind: str, created: str) -> dict[str, Any]:
    return {
        "DBSnapshotIdentifier": name,
        "DBInstanceIdentifier": source,
        "SnapshotCreateTime": iso_ms(at(created), 318),
        "Engine": "postgres",
        "AllocatedStorage": 100,
        "Status": "available",
        "Port": 5432,
        "AvailabilityZone": f"{region}a",
        "VpcId": _network_ids(account, region).vpc,
        "InstanceCreateTime": iso_ms(at("2021-03-02T09:55:00"), 77),
        "MasterUsername": "orders_admin",
        "EngineVersion": "15.7",
        "LicenseModel": "postgresql-license",
        "SnapshotType": kind,
        "OptionGroupName": "default:postgres-15",
        "PercentProgress": 100,
        "StorageType": "gp3",
        "Encrypted": False,
        "DBSnapshotArn": f"arn:aws:rds:{region}:{account}:snapshot:{name}",
        "IAMDatabaseAuthenticationEnabled": False,
        "ProcessorFeatures": [],
        "DbiResourceId": "db-" + hexid("dbi", account, region, source)[4:].upper()[:26],
        "TagList": [],
        "SnapshotTarget": "region",
        "StorageThroughput": 125,
        "DedicatedLogVolume": False,
    }


def _cluster_snapshot(account: str, region: str, name: str, source: str, kind: str, created: str) -> dict[str, Any]:
    return {
        "AvailabilityZones": [f"{region}a", f"{region}b", f"{region}c"],
        "DBClusterSnapshotIdentifier": name,
        "DBClusterIdentifier": source,
        "SnapshotCreateTime": iso_ms(at(created), 655),
        "Engine": "aurora-postgresql",
        "EngineMode": "provisioned",
        "AllocatedStorage": 0,
        "Status": "available",
        "Port": 0,
        "VpcId": _network_ids(account, region).vpc,
        "ClusterCreateTime": iso_ms(at("2021-03-02T10:00:00"), 120),
        "MasterUsername": "ledger_admin",
        "EngineVersion": "15.4",
        "LicenseModel": "postgresql-license",
        "SnapshotType": kind,
        "PercentProgress": 100,
        "StorageEncrypted": True,
        "KmsKeyId": kms_key_arn(account, region, "prod-uploads"),
        "DBClusterSnapshotArn": f"arn:aws:rds:{region}:{account}:cluster-snapshot:{name}",
        "IAMDatabaseAuthenticationEnabled": False,
        "TagList": [],
        "StorageType": "aurora",
    }


def _attributes(result: str, id_field: str, attrs: str, name: str, shared: list[str]) -> dict[str, Any]:
    return {result: {id_field: name, attrs: [{"AttributeName": "restore", "AttributeValues": shared}]}}


def _rds(w: Writer, account: str, region: str) -> None:
    dbs, clusters = [], []
    for acct, reg, name, source, kind, created, shared in DB_SNAPSHOTS:
        if (acct, reg) == (account, region):
            dbs.append(_db_snapshot(acct, reg, name, source, kind, created))
            if kind == "manual":
                data = _attributes("DBSnapshotAttributesResult", "DBSnapshotIdentifier", "DBSnapshotAttributes",
                                   name, shared)  # fmt: skip
                w.call(account, region, "rds", "describe-db-snapshot-attributes", data, key=name)
    for acct, reg, name, source, kind, created, shared in CLUSTER_SNAPSHOTS:
        if (acct, reg) == (account, region):
            clusters.append(_cluster_snapshot(acct, reg, name, source, kind, created))
            data = _attributes("DBClusterSnapshotAttributesResult", "DBClusterSnapshotIdentifier",
                               "DBClusterSnapshotAttributes", name, shared)  # fmt: skip
            w.call(account, region, "rds", "describe-db-cluster-snapshot-attributes", data, key=name)
    w.call(account, region, "rds", "describe-db-snapshots", {"DBSnapshots": dbs})
    w.call(account, region, "rds", "describe-db-cluster-snapshots", {"DBClusterSnapshots": clusters})


# ---- KMS grants -----------------------------------------------------------------------------------
def grants(account: str, region: str, alias: str) -> list[dict[str, Any]]:
    """``list-grants`` entries of one demo key (written by ``build_demo_kms``)."""
    if (account, region, alias) != (PROD, "us-east-1", "prod-uploads"):
        return []
    key = kms_key_arn(account, region, alias)
    return [
        {
            "KeyId": key,
            "GrantId": hexid("grant", key, "partner-etl", n=64)[6:],
            "Name": "partner-etl-upload-exchange",
            "CreationDate": iso(at("2025-02-17T15:26:03")),
            "GranteePrincipal": PARTNER_ROLE,
            "IssuingAccount": f"arn:aws:iam::{account}:root",
            "Operations": ["Decrypt", "DescribeKey"],
            "Constraints": {"EncryptionContextSubset": {"exchange": "partner-etl"}},
        },
        {
            "KeyId": key,
            "GrantId": hexid("grant", key, "web-app", n=64)[6:],
            "Name": "web-app-uploads",
            "CreationDate": iso(at("2023-06-05T09:12:44")),
            "GranteePrincipal": f"arn:aws:iam::{account}:role/web-app-instance-role",
            "RetiringPrincipal": f"arn:aws:iam::{account}:root",
            "IssuingAccount": f"arn:aws:iam::{account}:root",
            "Operations": ["Encrypt", "GenerateDataKey", "Decrypt"],
        },
    ]


def build(w: Writer, account: str, region: str) -> None:
    _ebs(w, account, region)
    _rds(w, account, region)
