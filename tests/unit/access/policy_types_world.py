"""A one-account snapshot of EFS file systems, DynamoDB tables and streams and Lambda layer versions, with
their resource policies, as ``aws ... --output json`` prints them (and the errors AWS answers)."""

from __future__ import annotations

import json
from typing import Any

ACCT, OTHER = "111122223333", "444455556666"
REGION = "us-east-1"
BASE = f"accounts/{ACCT}/{REGION}"
MANIFEST = {"format": "keyaki-snapshot", "format_version": 1, "accounts": [{"id": ACCT, "regions": [REGION]}]}

FS_SHARED, FS_PUBLIC, FS_PLAIN = "fs-0a1b2c3d4e5f60718", "fs-0f1e2d3c4b5a69788", "fs-01234567890abcdef"
TABLE, STREAM_LABEL = "orders", "2026-02-12T18:57:26.492"
TABLE_ARN = f"arn:aws:dynamodb:{REGION}:{ACCT}:table/{TABLE}"
STREAM_ARN = f"{TABLE_ARN}/stream/{STREAM_LABEL}"
AUDIT_ARN = f"arn:aws:dynamodb:{REGION}:{ACCT}:table/audit"
LAYER = "shared-utils"


def fs_arn(fid: str) -> str:
    return f"arn:aws:elasticfilesystem:{REGION}:{ACCT}:file-system/{fid}"


def layer_arn(version: int) -> str:
    return f"arn:aws:lambda:{REGION}:{ACCT}:layer:{LAYER}:{version}"


def _text(*statements: dict[str, Any], sid: str | None = None) -> str:
    doc: dict[str, Any] = {"Version": "2012-10-17"}
    if sid:
        doc["Id"] = sid
    doc["Statement"] = list(statements)
    return json.dumps(doc, separators=(",", ":"))


def _fs(fid: str, name: str) -> dict[str, Any]:
    return {
        "OwnerId": ACCT,
        "CreationToken": f"console-{name}",
        "FileSystemId": fid,
        "FileSystemArn": fs_arn(fid),
        "CreationTime": "2026-03-10T09:20:11+00:00",
        "LifeCycleState": "available",
        "Name": name,
        "NumberOfMountTargets": 1,
        "SizeInBytes": {"Value": 6144, "ValueInIA": 0, "ValueInStandard": 6144, "ValueInArchive": 0},
        "PerformanceMode": "generalPurpose",
        "Encrypted": True,
        "KmsKeyId": f"arn:aws:kms:{REGION}:{ACCT}:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        "ThroughputMode": "bursting",
        "Tags": [{"Key": "Name", "Value": name}],
        "FileSystemProtection": {"ReplicationOverwriteProtection": "ENABLED"},
    }


def _efs() -> dict[str, Any]:
    shared = _text(
        {
            "Sid": "PartnerMount",
            "Effect": "Allow",
            "Principal": {"AWS": f"arn:aws:iam::{OTHER}:root"},
            "Action": ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"],
            "Resource": fs_arn(FS_SHARED),
            "Condition": {"Bool": {"elasticfilesystem:AccessedViaMountTarget": "true"}},
        },
        sid="efs-policy-wizard-15ad9567-2546-4bbb-8168-5541b6fc0e55",
    )
    public = _text(
        {
            "Effect": "Allow",
            "Principal": {"AWS": "*"},
            "Action": ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"],
            "Resource": fs_arn(FS_PUBLIC),
        }
    )
    return {
        f"{BASE}/efs/describe-file-systems.json": {
            "FileSystems": [_fs(FS_SHARED, "shared"), _fs(FS_PUBLIC, "scratch"), _fs(FS_PLAIN, "plain")]
        },
        f"{BASE}/efs/describe-file-system-policy/{FS_SHARED}.json": {"FileSystemId": FS_SHARED, "Policy": shared},
        f"{BASE}/efs/describe-file-system-policy/{FS_PUBLIC}.json": {"FileSystemId": FS_PUBLIC, "Policy": public},
        f"{BASE}/efs/describe-file-system-policy/{FS_PLAIN}.error.json": {
            "Error": {"Code": "PolicyNotFound", "Message": f"File System {FS_PLAIN} does not have a policy"}
        },
    }


def _table(name: str, stream: bool) -> dict[str, Any]:
    arn = f"arn:aws:dynamodb:{REGION}:{ACCT}:table/{name}"
    table: dict[str, Any] = {
        "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
        "TableName": name,
        "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
        "TableStatus": "ACTIVE",
        "CreationDateTime": "2026-02-12T18:57:25.123000+00:00",
        "ProvisionedThroughput": {"NumberOfDecreasesToday": 0, "ReadCapacityUnits": 0, "WriteCapacityUnits": 0},
        "TableSizeBytes": 0,
        "ItemCount": 0,
        "TableArn": arn,
        "TableId": "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0",
        "BillingModeSummary": {"BillingMode": "PAY_PER_REQUEST"},
        "DeletionProtectionEnabled": False,
    }
    if stream:
        table["StreamSpecification"] = {"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"}
        table["LatestStreamLabel"] = STREAM_LABEL
        table["LatestStreamArn"] = f"{arn}/stream/{STREAM_LABEL}"
    return {"Table": table}


def _dynamodb() -> dict[str, Any]:
    table_policy = _text(
        {
            "Effect": "Allow",
            "Principal": {"AWS": f"arn:aws:iam::{OTHER}:role/analytics"},
            "Action": ["dynamodb:Query", "dynamodb:GetItem"],
            "Resource": TABLE_ARN,
        },
        {
            "Sid": "ReportingQueriesIndexesOnly",
            "Effect": "Allow",
            "Principal": {"AWS": f"arn:aws:iam::{OTHER}:role/reporting"},
            "Action": ["dynamodb:Query", "dynamodb:Scan"],
            "Resource": f"{TABLE_ARN}/index/*",
        },
    )
    stream_policy = _text(
        {
            "Effect": "Allow",
            "Principal": {"AWS": OTHER},
            "Action": ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"],
            "Resource": STREAM_ARN,
        }
    )
    pol = f"{BASE}/dynamodb/get-resource-policy"
    return {
        f"{BASE}/dynamodb/list-tables.json": {"TableNames": ["audit", TABLE]},
        f"{BASE}/dynamodb/describe-table/{TABLE}.json": _table(TABLE, stream=True),
        f"{BASE}/dynamodb/describe-table/audit.json": _table("audit", stream=False),
        f"{pol}/{TABLE}.json": {"Policy": table_policy, "RevisionId": "1709841168699"},
        f"{pol}/{TABLE}%2Fstream%2F{STREAM_LABEL.replace(':', '%3A')}.json": {
            "Policy": stream_policy,
            "RevisionId": "1709841168702",
        },
        f"{pol}/audit.error.json": {
            "Error": {
                "Code": "PolicyNotFoundException",
                "Message": f"Resource-based policy not found for the provided ResourceArn: {AUDIT_ARN}",
            }
        },
    }


def _version(v: int) -> dict[str, Any]:
    return {
        "LayerVersionArn": layer_arn(v),
        "Version": v,
        "Description": f"shared helpers v{v}",
        "CreatedDate": f"2026-0{v}-14T10:22:31.000+0000",
        "CompatibleRuntimes": ["python3.12"],
        "CompatibleArchitectures": ["x86_64"],
    }


def _layers() -> dict[str, Any]:
    org_only = _text(
        {
            "Sid": "org",
            "Effect": "Allow",
            "Principal": "*",
            "Action": "lambda:GetLayerVersion",
            "Resource": layer_arn(4),
            "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}},
        },
        sid="default",
    )
    account = _text(
        {
            "Sid": "partner",
            "Effect": "Allow",
            "Principal": {"AWS": f"arn:aws:iam::{OTHER}:root"},
            "Action": "lambda:GetLayerVersion",
            "Resource": layer_arn(3),
        },
        sid="default",
    )
    pol = f"{BASE}/lambda/get-layer-version-policy"
    versions = [_version(v) for v in (4, 3, 2, 1)]
    return {
        f"{BASE}/lambda/list-layers.json": {
            "Layers": [
                {
                    "LayerName": LAYER,
                    "LayerArn": f"arn:aws:lambda:{REGION}:{ACCT}:layer:{LAYER}",
                    "LatestMatchingVersion": versions[0],
                }
            ]
        },
        f"{BASE}/lambda/list-layer-versions/{LAYER}.json": {"LayerVersions": versions},
        f"{pol}/{LAYER}%3A4.json": {"Policy": org_only, "RevisionId": "4f3c2f5e-2f4e-4b0e-9e1f-1a2b3c4d5e6f"},
        f"{pol}/{LAYER}%3A3.json": {"Policy": account, "RevisionId": "5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d"},
        f"{pol}/{LAYER}%3A2.error.json": {
            "Error": {
                "Code": "AccessDeniedException",
                "Message": f"User: arn:aws:sts::{ACCT}:assumed-role/KeyakiCollector/keyaki is not authorized to "
                f"perform: lambda:GetLayerVersionPolicy on resource: {layer_arn(2)}",
            }
        },
        f"{pol}/{LAYER}%3A1.error.json": {
            "Error": {
                "Code": "ResourceNotFoundException",
                "Message": "No policy is associated with the given resource.",
            }
        },
    }


def files() -> dict[str, Any]:
    return {**_efs(), **_dynamodb(), **_layers()}
