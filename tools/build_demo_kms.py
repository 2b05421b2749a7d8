"""The demo's KMS keys and Secrets Manager secrets per region.

Planted: the KMS key ``alias/prod-partner-share`` and the secret ``prod/payments/partner-api-key`` are
shared with the unknown account 999988887777 (#3); ``alias/dev-app`` does not rotate; the secret
``prod/legacy/ftp-password`` does not rotate and was last accessed 200 days ago.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import build_demo_sharing
from build_demo_common import (
    DEV,
    EXTERNAL_UNKNOWN,
    MGMT,
    ORG_ID,
    PROD,
    SANDBOX,
    SECURITY,
    Writer,
    ago,
    at,
    doc_text,
    iso,
    iso_ms,
    kms_key_arn,
    kms_key_id,
    secret_arn,
    uid,
)


# ---- KMS ------------------------------------------------------------------------------------------
@dataclass
class KmsKey:
    account: str
    region: str
    alias: str
    created: datetime
    description: str
    extra: list[dict[str, Any]] = field(default_factory=list)  # key policy statements beyond the default
    rotation: bool = True
    aws_managed: bool = False


def _root_admin(account: str) -> dict[str, Any]:
    return {
        "Sid": "Enable IAM User Permissions",
        "Effect": "Allow",
        "Principal": {"AWS": f"arn:aws:iam::{account}:root"},
        "Action": "kms:*",
        "Resource": "*",
    }


# AWS managed keys: alias -> (display name, kms:ViaService prefix, actions, description)
AWS_MANAGED_KEYS = {
    "aws/secretsmanager": (
        "AWS Secrets Manager",
        "secretsmanager",
        ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:CreateGrant", "kms:DescribeKey"],
        "Default key that protects my Secrets Manager data when no other key is defined",
    ),
    "aws/ebs": (
        "EBS",
        "ec2",
        ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:CreateGrant", "kms:DescribeKey"],
        "Default master key that protects my EBS volumes when no other key is defined",
    ),
}


def _aws_managed_policy(account: str, region: str, alias: str) -> str:
    name, via, actions, _ = AWS_MANAGED_KEYS[alias]
    return doc_text(
        {
            "Sid": f"Allow access through {name} for all principals in the account that are authorized to use {name}",
            "Effect": "Allow",
            "Principal": {"AWS": "*"},
            "Action": actions,
            "Resource": "*",
            "Condition": {
                "StringEquals": {"kms:CallerAccount": account, "kms:ViaService": f"{via}.{region}.amazonaws.com"}
            },
        },
        {
            "Sid": "Allow direct access to key metadata to the account",
            "Effect": "Allow",
            "Principal": {"AWS": f"arn:aws:iam::{account}:root"},
            "Action": ["kms:Describe*", "kms:Get*", "kms:List*", "kms:RevokeGrant"],
            "Resource": "*",
        },
        sid=f"auto-{alias.split('/')[1]}-2",
    )


def _aws_key(account: str, region: str, alias: str, created: str) -> KmsKey:
    return KmsKey(account, region, alias, at(created), AWS_MANAGED_KEYS[alias][3], aws_managed=True)


def kms_keys() -> list[KmsKey]:
    trail_arn = f"arn:aws:cloudtrail:us-east-1:{MGMT}:trail/org-trail"
    return [
        KmsKey(
            SECURITY,
            "us-east-1",
            "org-cloudtrail",
            at("2020-06-03T08:55:12"),
            "Encrypts the organization trail",
            extra=[
                {
                    "Sid": "Allow CloudTrail to encrypt logs",
                    "Effect": "Allow",
                    "Principal": {"Service": "cloudtrail.amazonaws.com"},
                    "Action": "kms:GenerateDataKey*",
                    "Resource": "*",
                    "Condition": {
                        "StringEquals": {"aws:SourceArn": trail_arn},
                        "StringLike": {
                            "kms:EncryptionContext:aws:cloudtrail:arn": f"arn:aws:cloudtrail:*:{MGMT}:trail/*"
                        },
                    },
                },
                {
                    "Sid": "Allow organization principals to read logs",
                    "Effect": "Allow",
                    "Principal": {"AWS": "*"},
                    "Action": ["kms:Decrypt", "kms:ReEncryptFrom"],
                    "Resource": "*",
                    "Condition": {
                        "StringEquals": {"aws:PrincipalOrgID": ORG_ID},
                        "StringLike": {
                            "kms:EncryptionContext:aws:cloudtrail:arn": f"arn:aws:cloudtrail:*:{MGMT}:trail/*"
                        },
                    },
                },
            ],
        ),
        KmsKey(
            PROD,
            "us-east-1",
            "prod-uploads",
            at("2021-03-01T09:35:40"),
            "Customer uploads bucket",
            extra=[
                {
                    "Sid": "Allow use of the key by the web application",
                    "Effect": "Allow",
                    "Principal": {"AWS": f"arn:aws:iam::{PROD}:role/web-app-instance-role"},
                    "Action": ["kms:Decrypt", "kms:GenerateDataKey"],
                    "Resource": "*",
                }
            ],
        ),
        KmsKey(
            PROD,
            "us-east-1",
            "prod-partner-share",
            at("2024-05-21T14:12:09"),
            "Partner data exchange",
            extra=[
                {
                    "Sid": "Allow partner account to decrypt",
                    "Effect": "Allow",
                    "Principal": {"AWS": f"arn:aws:iam::{EXTERNAL_UNKNOWN}:root"},
                    "Action": ["kms:Decrypt", "kms:DescribeKey"],
                    "Resource": "*",
                }
            ],
        ),
        _aws_key(PROD, "us-east-1", "aws/secretsmanager", "2021-03-02T10:00:04"),
        KmsKey(PROD, "eu-west-1", "prod-eu-backups", at("2022-09-06T07:10:02"), "EU backups bucket"),
        _aws_key(PROD, "eu-west-1", "aws/secretsmanager", "2022-09-06T07:30:19"),
        _aws_key(PROD, "us-east-1", "aws/ebs", "2021-03-01T09:58:41"),
        _aws_key(SECURITY, "us-east-1", "aws/ebs", "2020-06-05T10:05:12"),
        _aws_key(SANDBOX, "us-east-1", "aws/ebs", "2026-09-30T10:12:50"),
        KmsKey(DEV, "us-east-1", "dev-app", at("2023-04-11T11:11:52"), "Dev application data", rotation=False),
        _aws_key(DEV, "us-east-1", "aws/secretsmanager", "2023-04-11T11:30:00"),
    ]


def _key_meta(k: KmsKey) -> dict[str, Any]:
    return {
        "AWSAccountId": k.account,
        "KeyId": kms_key_id(k.account, k.region, k.alias),
        "Arn": kms_key_arn(k.account, k.region, k.alias),
        "CreationDate": iso_ms(k.created, 412),
        "Enabled": True,
        "Description": k.description,
        "KeyUsage": "ENCRYPT_DECRYPT",
        "KeyState": "Enabled",
        "Origin": "AWS_KMS",
        "KeyManager": "AWS" if k.aws_managed else "CUSTOMER",
        "CustomerMasterKeySpec": "SYMMETRIC_DEFAULT",
        "KeySpec": "SYMMETRIC_DEFAULT",
        "EncryptionAlgorithms": ["SYMMETRIC_DEFAULT"],
        "MultiRegion": False,
    }


def _rotation(k: KmsKey) -> dict[str, Any]:
    key_id = kms_key_id(k.account, k.region, k.alias)
    if not k.rotation:
        return {"KeyRotationEnabled": False, "KeyId": key_id}
    nxt = k.created.replace(year=2027)
    return {
        "KeyRotationEnabled": True,
        "KeyId": key_id,
        "RotationPeriodInDays": 365,
        "NextRotationDate": iso_ms(nxt, 412),
    }


AWS_ALIASES = (
    "aws/acm",
    "aws/dynamodb",
    "aws/ebs",
    "aws/elasticfilesystem",
    "aws/lambda",
    "aws/rds",
    "aws/s3",
    "aws/sns",
    "aws/sqs",
    "aws/ssm",
)


def _write_kms(w: Writer, account: str, region: str) -> None:
    keys = [k for k in kms_keys() if k.account == account and k.region == region]
    w.call(
        account,
        region,
        "kms",
        "list-keys",
        {
            "Keys": [
                {"KeyId": kms_key_id(account, region, k.alias), "KeyArn": kms_key_arn(account, region, k.alias)}
                for k in keys
            ]
        },
    )
    aliases = []
    for k in keys:
        entry = {
            "AliasName": f"alias/{k.alias}",
            "AliasArn": f"arn:aws:kms:{region}:{account}:alias/{k.alias}",
            "TargetKeyId": kms_key_id(account, region, k.alias),
            "CreationDate": iso_ms(k.created, 907),
            "LastUpdatedDate": iso_ms(k.created, 907),
        }
        aliases.append(entry)
    have = {k.alias for k in keys}
    for name in AWS_ALIASES:
        if name not in have:
            aliases.append({"AliasName": f"alias/{name}", "AliasArn": f"arn:aws:kms:{region}:{account}:alias/{name}"})
    w.call(account, region, "kms", "list-aliases", {"Aliases": sorted(aliases, key=lambda a: a["AliasName"])})
    for k in keys:
        key_id = kms_key_id(account, region, k.alias)
        w.call(account, region, "kms", "describe-key", {"KeyMetadata": _key_meta(k)}, key=key_id)
        if k.aws_managed:
            policy = _aws_managed_policy(account, region, k.alias)
        else:
            policy = doc_text(_root_admin(account), *k.extra, sid="key-consolepolicy-3")
        w.call(account, region, "kms", "get-key-policy", {"Policy": policy, "PolicyName": "default"}, key=key_id)
        w.call(account, region, "kms", "get-key-rotation-status", _rotation(k), key=key_id)
        w.call(account, region, "kms", "list-grants", {"Grants": build_demo_sharing.grants(account, region, k.alias)},
               key=key_id)  # fmt: skip


# ---- Secrets Manager ------------------------------------------------------------------------------
@dataclass
class Secret:
    account: str
    region: str
    name: str
    created: datetime
    description: str
    last_accessed: datetime
    rotation_days: int | None = None  # None: rotation disabled
    last_rotated: datetime | None = None
    policy: list[dict[str, Any]] = field(default_factory=list)


def secrets() -> list[Secret]:
    name = "prod/payments/partner-api-key"
    return [
        Secret(
            PROD,
            "us-east-1",
            "prod/db/master",
            at("2021-03-02T10:00:00"),
            "Aurora master credentials",
            ago(0).replace(hour=0),
            rotation_days=30,
            last_rotated=ago(12, 1),
        ),
        Secret(
            PROD,
            "us-east-1",
            name,
            at("2024-05-21T14:20:33"),
            "API key shared with the payments partner",
            ago(1).replace(hour=0),
            rotation_days=90,
            last_rotated=ago(41, 3),
            policy=[
                {
                    "Sid": "AllowPartnerRead",
                    "Effect": "Allow",
                    "Principal": {"AWS": f"arn:aws:iam::{EXTERNAL_UNKNOWN}:root"},
                    "Action": "secretsmanager:GetSecretValue",
                    "Resource": "*",
                }
            ],
        ),
        Secret(
            PROD,
            "eu-west-1",
            "prod/legacy/ftp-password",
            at("2022-09-06T07:30:00"),
            "Legacy FTP drop password",
            at("2026-04-15T00:00:00"),
        ),
        Secret(
            DEV,
            "us-east-1",
            "dev/app/config",
            at("2023-04-11T11:30:00"),
            "Dev application configuration",
            ago(0).replace(hour=0),
            rotation_days=30,
            last_rotated=ago(20, 2),
        ),
    ]


def _secret_entry(s: Secret) -> dict[str, Any]:
    version = uid("secret-version", s.account, s.name, str(s.last_rotated or s.created))
    entry: dict[str, Any] = {
        "ARN": secret_arn(s.account, s.region, s.name),
        "Name": s.name,
        "Description": s.description,
        "RotationEnabled": s.rotation_days is not None,
    }
    if s.rotation_days is not None and s.last_rotated is not None:
        entry["RotationLambdaARN"] = f"arn:aws:lambda:{s.region}:{s.account}:function:secrets-rotation"
        entry["RotationRules"] = {"AutomaticallyAfterDays": s.rotation_days}
        entry["LastRotatedDate"] = iso_ms(s.last_rotated, 118)
        entry["NextRotationDate"] = iso(
            (s.last_rotated + timedelta(days=s.rotation_days)).replace(hour=23, minute=59, second=59)
        )
    entry["LastChangedDate"] = iso_ms(s.last_rotated or s.created, 120)
    entry["LastAccessedDate"] = iso(s.last_accessed)
    entry["Tags"] = [{"Key": "environment", "Value": (s.account == PROD and "prod") or "dev"}]
    entry["SecretVersionsToStages"] = {version: ["AWSCURRENT"]}
    entry["CreatedDate"] = iso_ms(s.created, 771)
    return entry


def _write_secrets(w: Writer, account: str, region: str) -> None:
    mine = [s for s in secrets() if s.account == account and s.region == region]
    w.call(account, region, "secretsmanager", "list-secrets", {"SecretList": [_secret_entry(s) for s in mine]})
    for s in mine:
        e = _secret_entry(s)
        described = {k: v for k, v in e.items() if k != "SecretVersionsToStages"}
        described["VersionIdsToStages"] = e["SecretVersionsToStages"]
        w.call(account, region, "secretsmanager", "describe-secret", described, key=s.name)
        policy: dict[str, Any] = {"ARN": e["ARN"], "Name": s.name}
        if s.policy:
            policy["ResourcePolicy"] = doc_text(*s.policy)
        w.call(account, region, "secretsmanager", "get-resource-policy", policy, key=s.name)


def build(w: Writer, account: str, region: str) -> None:
    _write_kms(w, account, region)
    _write_secrets(w, account, region)
