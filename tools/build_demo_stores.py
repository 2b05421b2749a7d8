"""The demo's EFS file systems, DynamoDB tables (and streams) and Lambda layers, with their resource policies.

Planted (``docs/demo.md`` #15-#17): the prod EFS file system ``prod-partner-exchange`` is mountable and
writable by the unknown account 999988887777 (external access); the prod DynamoDB table
``payments-ledger`` lets any principal of the organisation read it (``aws:PrincipalOrgID``: a decoy, no
finding), its stream has no policy; version 2 of the dev Lambda layer ``acme-common-utils`` is shared
with everyone (``Principal: "*"``, ``lambda:GetLayerVersion``: public), version 1 has no policy.
Every other account and region has none of these (empty listings, never missing files).

Shapes: ``aws efs describe-file-systems`` / ``describe-file-system-policy``, ``aws dynamodb list-tables`` /
``describe-table`` / ``get-resource-policy``, ``aws lambda list-layers`` / ``list-layer-versions`` /
``get-layer-version-policy`` (``--output json``).
"""

from __future__ import annotations

from typing import Any

from build_demo_common import (
    DEV,
    EXTERNAL_UNKNOWN,
    ORG_ID,
    PROD,
    Writer,
    at,
    doc_text,
    hexid,
    iso,
    iso_ms,
    kms_key_arn,
    lambda_time,
    uid,
)

EFS_NAME = "prod-partner-exchange"
TABLE = "payments-ledger"
LAYER = "acme-common-utils"
STREAM_LABEL = "2025-06-03T10:21:07.319"
NO_LAYER_POLICY = "No policy is associated with the given resource."


def efs_id(account: str, region: str, name: str) -> str:
    return hexid("fs", account, region, name)


def efs_arn(account: str, region: str, name: str) -> str:
    return f"arn:aws:elasticfilesystem:{region}:{account}:file-system/{efs_id(account, region, name)}"


def table_arn(account: str, region: str, name: str) -> str:
    return f"arn:aws:dynamodb:{region}:{account}:table/{name}"


def layer_arn(account: str, region: str, name: str, version: int) -> str:
    return f"arn:aws:lambda:{region}:{account}:layer:{name}:{version}"


# ---- EFS ------------------------------------------------------------------------------------------
def _efs_entry(account: str, region: str) -> dict[str, Any]:
    fid = efs_id(account, region, EFS_NAME)
    return {
        "OwnerId": account,
        "CreationToken": f"quickCreated-{uid('efs-token', fid)}",
        "FileSystemId": fid,
        "FileSystemArn": efs_arn(account, region, EFS_NAME),
        "CreationTime": iso(at("2025-02-11T15:42:08")),
        "LifeCycleState": "available",
        "Name": EFS_NAME,
        "NumberOfMountTargets": 2,
        "SizeInBytes": {"Value": 1284505600, "ValueInIA": 0, "ValueInStandard": 1284505600, "ValueInArchive": 0},
        "PerformanceMode": "generalPurpose",
        "Encrypted": True,
        "KmsKeyId": kms_key_arn(account, region, "prod-partner-share"),
        "ThroughputMode": "elastic",
        "Tags": [{"Key": "Name", "Value": EFS_NAME}, {"Key": "team", "Value": "payments"}],
        "FileSystemProtection": {"ReplicationOverwriteProtection": "ENABLED"},
    }


def _efs_policy(account: str, region: str) -> str:
    arn = efs_arn(account, region, EFS_NAME)
    return doc_text(
        {
            "Sid": "PartnerMountAndWrite",
            "Effect": "Allow",
            "Principal": {"AWS": f"arn:aws:iam::{EXTERNAL_UNKNOWN}:root"},
            "Action": ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"],
            "Resource": arn,
        },
        sid="efs-policy-wizard-5b1e7c0a-2f3d-4e8a-9c6b-1d2e3f4a5b6c",
    )


def _write_efs(w: Writer, account: str, region: str) -> None:
    if (account, region) != (PROD, "us-east-1"):
        w.call(account, region, "efs", "describe-file-systems", {"FileSystems": []})
        return
    fid = efs_id(account, region, EFS_NAME)
    w.call(account, region, "efs", "describe-file-systems", {"FileSystems": [_efs_entry(account, region)]})
    w.call(
        account, region, "efs", "describe-file-system-policy",
        {"FileSystemId": fid, "Policy": _efs_policy(account, region)}, key=fid,
    )  # fmt: skip


# ---- DynamoDB -------------------------------------------------------------------------------------
def _table(account: str, region: str) -> dict[str, Any]:
    arn = table_arn(account, region, TABLE)
    created = at("2025-06-03T10:17:42")
    return {
        "AttributeDefinitions": [
            {"AttributeName": "account_id", "AttributeType": "S"},
            {"AttributeName": "entry_id", "AttributeType": "S"},
        ],
        "TableName": TABLE,
        "KeySchema": [
            {"AttributeName": "account_id", "KeyType": "HASH"},
            {"AttributeName": "entry_id", "KeyType": "RANGE"},
        ],
        "TableStatus": "ACTIVE",
        "CreationDateTime": iso_ms(created, 481),
        "ProvisionedThroughput": {"NumberOfDecreasesToday": 0, "ReadCapacityUnits": 0, "WriteCapacityUnits": 0},
        "TableSizeBytes": 48213377,
        "ItemCount": 190244,
        "TableArn": arn,
        "TableId": uid("dynamodb-table", account, region, TABLE),
        "BillingModeSummary": {
            "BillingMode": "PAY_PER_REQUEST",
            "LastUpdateToPayPerRequestDateTime": iso_ms(created, 481),
        },
        "StreamSpecification": {"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
        "LatestStreamLabel": STREAM_LABEL,
        "LatestStreamArn": f"{arn}/stream/{STREAM_LABEL}",
        "SSEDescription": {
            "Status": "ENABLED",
            "SSEType": "KMS",
            "KMSMasterKeyArn": kms_key_arn(account, region, "prod-uploads"),
        },
        "DeletionProtectionEnabled": True,
    }


def _table_policy(account: str, region: str) -> str:
    return doc_text(
        {
            "Sid": "OrganizationReadOnly",
            "Effect": "Allow",
            "Principal": {"AWS": "*"},
            "Action": ["dynamodb:GetItem", "dynamodb:Query", "dynamodb:DescribeTable"],
            "Resource": table_arn(account, region, TABLE),
            "Condition": {"StringEquals": {"aws:PrincipalOrgID": ORG_ID}},
        }
    )


def _write_dynamodb(w: Writer, account: str, region: str) -> None:
    if (account, region) != (PROD, "us-east-1"):
        w.call(account, region, "dynamodb", "list-tables", {"TableNames": []})
        return
    table = _table(account, region)
    w.call(account, region, "dynamodb", "list-tables", {"TableNames": [TABLE]})
    w.call(account, region, "dynamodb", "describe-table", {"Table": table}, key=TABLE)
    w.call(
        account, region, "dynamodb", "get-resource-policy",
        {"Policy": _table_policy(account, region), "RevisionId": "1749046733119"}, key=TABLE,
    )  # fmt: skip
    stream = table["LatestStreamArn"]
    w.error(
        account, region, "dynamodb", "get-resource-policy", "PolicyNotFoundException",
        f"Resource-based policy not found for the provided ResourceArn: {stream}", key=f"{TABLE}/stream/{STREAM_LABEL}",
    )  # fmt: skip


# ---- Lambda layers --------------------------------------------------------------------------------
def _layer_version(account: str, region: str, version: int, created: str) -> dict[str, Any]:
    return {
        "LayerVersionArn": layer_arn(account, region, LAYER, version),
        "Version": version,
        "Description": f"Acme shared Python helpers v{version}",
        "CreatedDate": lambda_time(at(created)),
        "CompatibleRuntimes": ["python3.11", "python3.12"],
        "LicenseInfo": "Proprietary",
        "CompatibleArchitectures": ["x86_64"],
    }


def _write_layers(w: Writer, account: str, region: str) -> None:
    if (account, region) != (DEV, "us-east-1"):
        w.call(account, region, "lambda", "list-layers", {"Layers": []})
        return
    versions = [
        _layer_version(account, region, 2, "2026-08-20T14:03:11"),
        _layer_version(account, region, 1, "2025-11-04T09:40:27"),
    ]
    layer = {
        "LayerName": LAYER,
        "LayerArn": f"arn:aws:lambda:{region}:{account}:layer:{LAYER}",
        "LatestMatchingVersion": versions[0],
    }
    w.call(account, region, "lambda", "list-layers", {"Layers": [layer]})
    w.call(account, region, "lambda", "list-layer-versions", {"LayerVersions": versions}, key=LAYER)
    public = doc_text(
        {
            "Sid": "public-share",
            "Effect": "Allow",
            "Principal": "*",
            "Action": "lambda:GetLayerVersion",
            "Resource": layer_arn(account, region, LAYER, 2),
        },
        sid="default",
    )
    w.call(
        account, region, "lambda", "get-layer-version-policy",
        {"Policy": public, "RevisionId": uid("layer-revision", account, LAYER, "2")}, key=f"{LAYER}:2",
    )  # fmt: skip
    w.error(
        account,
        region,
        "lambda",
        "get-layer-version-policy",
        "ResourceNotFoundException",
        NO_LAYER_POLICY,
        key=f"{LAYER}:1",
    )


def build(w: Writer, account: str, region: str) -> None:
    _write_efs(w, account, region)
    _write_dynamodb(w, account, region)
    _write_layers(w, account, region)
