"""The demo's S3 buckets and account-level Block Public Access.

Planted: ``acme-prod-data-exports`` is public through its bucket policy (#1, no BPA at bucket or
account level); ``acme-prod-app-assets`` has ``Principal: "*"`` limited by ``aws:SourceVpce`` (#2,
NOT public); ``acme-dev-scratch`` has never had versioning enabled.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from build_demo_common import (
    DEV,
    MGMT,
    ORG_ID,
    PROD,
    SANDBOX,
    SECURITY,
    Writer,
    at,
    canonical_id,
    doc_text,
    iso,
    kms_key_arn,
)
from build_demo_net import Ids
from build_demo_net_model import prod_us

GLOBAL = "global"
ALL_BLOCKED = {
    "BlockPublicAcls": True,
    "IgnorePublicAcls": True,
    "BlockPublicPolicy": True,
    "RestrictPublicBuckets": True,
}
PROD_S3_ENDPOINT = Ids(prod_us()).of("vpce", "s3-gateway")  # the prod VPC's S3 gateway endpoint
ORG_TRAIL_ARN = f"arn:aws:cloudtrail:us-east-1:{MGMT}:trail/org-trail"


@dataclass
class Bucket:
    name: str
    account: str
    region: str
    created: datetime
    statements: list[dict[str, Any]] = field(default_factory=list)
    bpa: bool = True  # bucket-level Block Public Access, all four settings
    kms: str | None = None  # key ARN for SSE-KMS, else SSE-S3
    versioning: str | None = "Enabled"
    log_to: str | None = None
    ownership: str = "BucketOwnerEnforced"
    public: bool = False  # what get-bucket-policy-status answers (S3's own judgement)


def _arns(name: str) -> list[str]:
    return [f"arn:aws:s3:::{name}", f"arn:aws:s3:::{name}/*"]


def deny_insecure(name: str) -> dict[str, Any]:
    return {
        "Sid": "DenyInsecureTransport",
        "Effect": "Deny",
        "Principal": "*",
        "Action": "s3:*",
        "Resource": _arns(name),
        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
    }


def delegate_to_access_points(account: str) -> dict[str, Any]:
    """Access control delegated to the account's own access points (S3 User Guide, "Delegating access
    control to access points"): the access point policies then decide (see ``build_demo_s3ap``)."""
    return {
        "Sid": "DelegateToOwnAccessPoints",
        "Effect": "Allow",
        "Principal": {"AWS": "*"},
        "Action": "*",
        "Resource": _arns("acme-prod-customer-uploads"),
        "Condition": {"StringEquals": {"s3:DataAccessPointAccount": account}},
    }


def _log_delivery(name: str, account: str) -> list[dict[str, Any]]:
    return [
        {
            "Sid": "S3ServerAccessLogsPolicy",
            "Effect": "Allow",
            "Principal": {"Service": "logging.s3.amazonaws.com"},
            "Action": "s3:PutObject",
            "Resource": f"arn:aws:s3:::{name}/*",
            "Condition": {"StringEquals": {"aws:SourceAccount": account}},
        },
        deny_insecure(name),
    ]


def _alb_log_delivery(name: str, account: str) -> dict[str, Any]:
    return {
        "Sid": "AllowAlbAccessLogs",
        "Effect": "Allow",
        "Principal": {"Service": "logdelivery.elasticloadbalancing.amazonaws.com"},
        "Action": "s3:PutObject",
        "Resource": f"arn:aws:s3:::{name}/alb/AWSLogs/{account}/*",
    }


def _cloudtrail_bucket(name: str) -> list[dict[str, Any]]:
    return [
        {
            "Sid": "AWSCloudTrailAclCheck",
            "Effect": "Allow",
            "Principal": {"Service": "cloudtrail.amazonaws.com"},
            "Action": "s3:GetBucketAcl",
            "Resource": f"arn:aws:s3:::{name}",
            "Condition": {"StringEquals": {"aws:SourceArn": ORG_TRAIL_ARN}},
        },
        {
            "Sid": "AWSCloudTrailWrite",
            "Effect": "Allow",
            "Principal": {"Service": "cloudtrail.amazonaws.com"},
            "Action": "s3:PutObject",
            "Resource": [f"arn:aws:s3:::{name}/AWSLogs/{MGMT}/*", f"arn:aws:s3:::{name}/AWSLogs/{ORG_ID}/*"],
            "Condition": {
                "StringEquals": {"s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceArn": ORG_TRAIL_ARN}
            },
        },
        deny_insecure(name),
    ]


def _flow_log_delivery(name: str) -> list[dict[str, Any]]:
    return [
        {
            "Sid": "AWSLogDeliveryAclCheck",
            "Effect": "Allow",
            "Principal": {"Service": "delivery.logs.amazonaws.com"},
            "Action": "s3:GetBucketAcl",
            "Resource": f"arn:aws:s3:::{name}",
            "Condition": {"StringEquals": {"aws:SourceOrgID": ORG_ID}},
        },
        {
            "Sid": "AWSLogDeliveryWrite",
            "Effect": "Allow",
            "Principal": {"Service": "delivery.logs.amazonaws.com"},
            "Action": "s3:PutObject",
            "Resource": f"arn:aws:s3:::{name}/*",
            "Condition": {"StringEquals": {"aws:SourceOrgID": ORG_ID, "s3:x-amz-acl": "bucket-owner-full-control"}},
        },
        deny_insecure(name),
    ]


def _config_bucket(name: str) -> list[dict[str, Any]]:
    return [
        {
            "Sid": "AWSConfigBucketPermissionsCheck",
            "Effect": "Allow",
            "Principal": {"Service": "config.amazonaws.com"},
            "Action": ["s3:GetBucketAcl", "s3:ListBucket"],
            "Resource": f"arn:aws:s3:::{name}",
            "Condition": {"StringEquals": {"aws:SourceOrgID": ORG_ID}},
        },
        {
            "Sid": "AllowOrganizationConfigRecorders",
            "Effect": "Allow",
            "Principal": "*",
            "Action": "s3:PutObject",
            "Resource": f"arn:aws:s3:::{name}/AWSLogs/*",
            "Condition": {"StringEquals": {"aws:PrincipalOrgID": ORG_ID, "s3:x-amz-acl": "bucket-owner-full-control"}},
        },
        deny_insecure(name),
    ]


def buckets() -> list[Bucket]:
    trail = f"acme-org-cloudtrail-{SECURITY}"
    config = f"acme-org-config-{SECURITY}"
    sec_logs = f"acme-security-access-logs-{SECURITY}"
    flow = f"acme-org-vpc-flow-logs-{SECURITY}"
    return [
        Bucket("acme-mgmt-deploy-artifacts", MGMT, "us-east-1", at("2022-01-10T16:18:02")),
        Bucket(
            "acme-mgmt-cur-reports",
            MGMT,
            "us-east-1",
            at("2020-06-10T11:20:45"),
            statements=[
                {
                    "Sid": "AllowBillingReports",
                    "Effect": "Allow",
                    "Principal": {"Service": "billingreports.amazonaws.com"},
                    "Action": ["s3:GetBucketAcl", "s3:GetBucketPolicy", "s3:PutObject"],
                    "Resource": _arns("acme-mgmt-cur-reports"),
                    "Condition": {
                        "StringEquals": {
                            "aws:SourceArn": f"arn:aws:cur:us-east-1:{MGMT}:definition/*",
                            "aws:SourceAccount": MGMT,
                        }
                    },
                }
            ],
        ),
        Bucket(
            trail,
            SECURITY,
            "us-east-1",
            at("2020-06-03T09:01:12"),
            statements=_cloudtrail_bucket(trail),
            kms=kms_key_arn(SECURITY, "us-east-1", "org-cloudtrail"),
            log_to=sec_logs,
        ),
        Bucket(
            config, SECURITY, "us-east-1", at("2020-06-03T09:03:40"), statements=_config_bucket(config), log_to=sec_logs
        ),
        Bucket(
            flow, SECURITY, "us-east-1", at("2020-06-05T09:48:03"), statements=_flow_log_delivery(flow), log_to=sec_logs
        ),
        Bucket(
            sec_logs, SECURITY, "us-east-1", at("2020-06-03T08:59:31"), statements=_log_delivery(sec_logs, SECURITY)
        ),
        Bucket(
            "acme-prod-data-exports",
            PROD,
            "us-east-1",
            at("2021-05-17T13:45:09"),
            statements=[
                {
                    "Sid": "PublicReadForPartners",
                    "Effect": "Allow",
                    "Principal": "*",
                    "Action": "s3:GetObject",
                    "Resource": "arn:aws:s3:::acme-prod-data-exports/*",
                }
            ],
            bpa=False,
            ownership="BucketOwnerPreferred",
            public=True,
        ),
        Bucket(
            "acme-prod-app-assets",
            PROD,
            "us-east-1",
            at("2021-03-01T09:40:27"),
            statements=[
                {
                    "Sid": "ReadFromProdVpcEndpointOnly",
                    "Effect": "Allow",
                    "Principal": "*",
                    "Action": "s3:GetObject",
                    "Resource": "arn:aws:s3:::acme-prod-app-assets/*",
                    "Condition": {"StringEquals": {"aws:SourceVpce": PROD_S3_ENDPOINT}},
                }
            ],
            bpa=False,
            log_to="acme-prod-access-logs",
        ),
        Bucket(
            "acme-prod-customer-uploads",
            PROD,
            "us-east-1",
            at("2021-03-01T09:42:55"),
            statements=[deny_insecure("acme-prod-customer-uploads"), delegate_to_access_points(PROD)],
            kms=kms_key_arn(PROD, "us-east-1", "prod-uploads"),
            log_to="acme-prod-access-logs",
        ),
        Bucket(
            "acme-prod-access-logs",
            PROD,
            "us-east-1",
            at("2021-03-01T09:38:14"),
            statements=[
                *_log_delivery("acme-prod-access-logs", PROD),
                _alb_log_delivery("acme-prod-access-logs", PROD),
            ],
        ),
        Bucket(
            "acme-prod-eu-backups",
            PROD,
            "eu-west-1",
            at("2022-09-06T07:12:33"),
            kms=kms_key_arn(PROD, "eu-west-1", "prod-eu-backups"),
        ),
        Bucket("acme-dev-scratch", DEV, "us-east-1", at("2022-02-14T15:27:48"), versioning=None),
        Bucket("acme-dev-lambda-artifacts", DEV, "us-east-1", at("2023-02-07T13:02:10")),
        Bucket(f"acme-sandbox-experiments-{SANDBOX}", SANDBOX, "eu-west-1", at("2022-04-21T10:30:00")),
    ]


ACCOUNT_BPA_OFF = {PROD}
NO_BPA_MSG = "The public access block configuration was not found"


def _write_bucket(w: Writer, b: Bucket) -> None:
    a, k = b.account, b.name
    w.call(
        a,
        GLOBAL,
        "s3api",
        "get-bucket-location",
        {"LocationConstraint": None if b.region == "us-east-1" else b.region},
        key=k,
    )
    if b.statements:
        w.call(a, GLOBAL, "s3api", "get-bucket-policy", {"Policy": doc_text(*b.statements)}, key=k)
        w.call(a, GLOBAL, "s3api", "get-bucket-policy-status", {"PolicyStatus": {"IsPublic": b.public}}, key=k)
    else:
        for op in ("get-bucket-policy", "get-bucket-policy-status"):
            w.error(a, GLOBAL, "s3api", op, "NoSuchBucketPolicy", "The bucket policy does not exist", key=k)
    owner = {"ID": canonical_id(a)}
    grants = [{"Grantee": {"ID": canonical_id(a), "Type": "CanonicalUser"}, "Permission": "FULL_CONTROL"}]
    w.call(a, GLOBAL, "s3api", "get-bucket-acl", {"Owner": owner, "Grants": grants}, key=k)
    if b.bpa:
        w.call(a, GLOBAL, "s3api", "get-public-access-block", {"PublicAccessBlockConfiguration": ALL_BLOCKED}, key=k)
    else:
        w.error(
            a, GLOBAL, "s3api", "get-public-access-block", "NoSuchPublicAccessBlockConfiguration", NO_BPA_MSG, key=k
        )
    if b.kms:
        default = {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": b.kms}
        rule = {"ApplyServerSideEncryptionByDefault": default, "BucketKeyEnabled": True}
    else:
        rule = {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}, "BucketKeyEnabled": False}
    w.call(a, GLOBAL, "s3api", "get-bucket-encryption", {"ServerSideEncryptionConfiguration": {"Rules": [rule]}}, key=k)
    versioning = {"Status": b.versioning, "MFADelete": "Disabled"} if b.versioning else {}
    w.call(a, GLOBAL, "s3api", "get-bucket-versioning", versioning, key=k)
    logging = {"LoggingEnabled": {"TargetBucket": b.log_to, "TargetPrefix": f"{k}/"}} if b.log_to else {}
    w.call(a, GLOBAL, "s3api", "get-bucket-logging", logging, key=k)
    rules = {"OwnershipControls": {"Rules": [{"ObjectOwnership": b.ownership}]}}
    w.call(a, GLOBAL, "s3api", "get-bucket-ownership-controls", rules, key=k)


def build(w: Writer, accounts: list[str]) -> None:
    every = buckets()
    for a in accounts:
        mine = [b for b in every if b.account == a]
        listing = {
            "Buckets": [
                {"Name": b.name, "CreationDate": iso(b.created), "BucketRegion": b.region}
                for b in sorted(mine, key=lambda b: b.name)
            ],
            "Owner": {"ID": canonical_id(a)},
        }
        w.call(a, GLOBAL, "s3api", "list-buckets", listing)
        for b in mine:
            _write_bucket(w, b)
        if a in ACCOUNT_BPA_OFF:
            w.error(
                a, GLOBAL, "s3control", "get-public-access-block", "NoSuchPublicAccessBlockConfiguration", NO_BPA_MSG
            )
        else:
            w.call(a, GLOBAL, "s3control", "get-public-access-block", {"PublicAccessBlockConfiguration": ALL_BLOCKED})
