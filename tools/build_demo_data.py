"""The demo's data services per region: KMS, Secrets Manager, Lambda, SQS, SNS, ECR, ACM.

Planted: the KMS key ``alias/prod-partner-share`` and the secret ``prod/payments/partner-api-key`` are
shared with the unknown account 999988887777 (#3); ``alias/dev-app`` does not rotate; the secret
``prod/legacy/ftp-password`` does not rotate and was last accessed 200 days ago; the imported
certificate ``legacy.acme.example`` expires 19 days after the snapshot.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

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
    alnum,
    at,
    doc_text,
    hexid,
    iso,
    iso_ms,
    kms_key_arn,
    kms_key_id,
    lambda_time,
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


def _aws_managed_policy(account: str, region: str, service: str) -> str:
    return doc_text(
        {
            "Sid": f"Allow access through {service.title()} for all principals in the account that are authorized to use {service.title()}",
            "Effect": "Allow",
            "Principal": {"AWS": "*"},
            "Action": ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:CreateGrant", "kms:DescribeKey"],
            "Resource": "*",
            "Condition": {
                "StringEquals": {"kms:CallerAccount": account, "kms:ViaService": f"{service}.{region}.amazonaws.com"}
            },
        },
        {
            "Sid": "Allow direct access to key metadata to the account",
            "Effect": "Allow",
            "Principal": {"AWS": f"arn:aws:iam::{account}:root"},
            "Action": ["kms:Describe*", "kms:Get*", "kms:List*", "kms:RevokeGrant"],
            "Resource": "*",
        },
        sid=f"auto-{service}-2",
    )


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
        KmsKey(
            PROD,
            "us-east-1",
            "aws/secretsmanager",
            at("2021-03-02T10:00:04"),
            "Default key that protects my Secrets Manager data when no other key is defined",
            aws_managed=True,
        ),
        KmsKey(PROD, "eu-west-1", "prod-eu-backups", at("2022-09-06T07:10:02"), "EU backups bucket"),
        KmsKey(
            PROD,
            "eu-west-1",
            "aws/secretsmanager",
            at("2022-09-06T07:30:19"),
            "Default key that protects my Secrets Manager data when no other key is defined",
            aws_managed=True,
        ),
        KmsKey(DEV, "us-east-1", "dev-app", at("2023-04-11T11:11:52"), "Dev application data", rotation=False),
        KmsKey(
            DEV,
            "us-east-1",
            "aws/secretsmanager",
            at("2023-04-11T11:30:00"),
            "Default key that protects my Secrets Manager data when no other key is defined",
            aws_managed=True,
        ),
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
            policy = _aws_managed_policy(account, region, k.alias.split("/")[1])
        else:
            policy = doc_text(_root_admin(account), *k.extra, sid="key-consolepolicy-3")
        w.call(account, region, "kms", "get-key-policy", {"Policy": policy, "PolicyName": "default"}, key=key_id)
        w.call(account, region, "kms", "get-key-rotation-status", _rotation(k), key=key_id)
        w.call(account, region, "kms", "list-grants", {"Grants": []}, key=key_id)


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


# ---- Lambda ---------------------------------------------------------------------------------------
@dataclass
class Function:
    account: str
    region: str
    name: str
    role: str  # role path + name
    modified: datetime
    runtime: str = "python3.12"
    description: str = ""
    policy: list[dict[str, Any]] = field(default_factory=list)


def functions() -> list[Function]:
    api = f"arn:aws:execute-api:us-east-1:{PROD}:a1b2c3d4e5/*/POST/payments"
    return [
        Function(
            PROD,
            "us-east-1",
            "payments-api",
            "service-role/payments-api-lambda",
            at("2026-10-28T16:02:11"),
            description="Payments API backend",
            policy=[
                {
                    "Sid": "apigateway-invoke",
                    "Effect": "Allow",
                    "Principal": {"Service": "apigateway.amazonaws.com"},
                    "Action": "lambda:InvokeFunction",
                    "Resource": f"arn:aws:lambda:us-east-1:{PROD}:function:payments-api",
                    "Condition": {"ArnLike": {"AWS:SourceArn": api}},
                }
            ],
        ),
        Function(
            PROD,
            "us-east-1",
            "secrets-rotation",
            "service-role/secrets-rotation-lambda",
            at("2022-11-14T12:35:44"),
            description="Rotates prod database credentials",
            policy=[
                {
                    "Sid": "SecretsManagerAccess",
                    "Effect": "Allow",
                    "Principal": {"Service": "secretsmanager.amazonaws.com"},
                    "Action": "lambda:InvokeFunction",
                    "Resource": f"arn:aws:lambda:us-east-1:{PROD}:function:secrets-rotation",
                    "Condition": {"StringEquals": {"AWS:SourceAccount": PROD}},
                }
            ],
        ),
        Function(
            DEV,
            "us-east-1",
            "dev-report-builder",
            "service-role/lambda-basic-execution",
            at("2026-09-14T10:22:31"),
            description="Builds nightly reports",
        ),
        Function(
            DEV,
            "us-east-1",
            "nightly-infra-sync",
            "lambda-deploy-admin",
            at("2023-02-07T13:30:00"),
            runtime="python3.9",
            description="Legacy infrastructure sync",
        ),
        Function(
            DEV,
            "us-east-1",
            "secrets-rotation",
            "service-role/lambda-basic-execution",
            at("2023-04-11T11:35:00"),
            description="Rotates dev secrets",
        ),
    ]


def _function_entry(f: Function) -> dict[str, Any]:
    arn = f"arn:aws:lambda:{f.region}:{f.account}:function:{f.name}"
    return {
        "FunctionName": f.name,
        "FunctionArn": arn,
        "Runtime": f.runtime,
        "Role": f"arn:aws:iam::{f.account}:role/{f.role}",
        "Handler": "app.handler",
        "CodeSize": 4096 + len(f.name) * 113,
        "Description": f.description,
        "Timeout": 30,
        "MemorySize": 256,
        "LastModified": lambda_time(f.modified),
        "CodeSha256": alnum("code", f.account, f.name, n=43) + "=",
        "Version": "$LATEST",
        "TracingConfig": {"Mode": "PassThrough"},
        "RevisionId": uid("revision", f.account, f.name),
        "PackageType": "Zip",
        "Architectures": ["arm64"],
        "EphemeralStorage": {"Size": 512},
        "SnapStart": {"ApplyOn": "None", "OptimizationStatus": "Off"},
        "LoggingConfig": {"LogFormat": "Text", "LogGroup": f"/aws/lambda/{f.name}"},
    }


DENIED_LAMBDA = (SANDBOX, "eu-west-1")  # the deliberate coverage gap
NO_RESOURCE = "The resource you requested does not exist."


def _write_lambda(w: Writer, account: str, region: str) -> None:
    mine = [f for f in functions() if f.account == account and f.region == region]
    if (account, region) == DENIED_LAMBDA:
        msg = (
            f"User: arn:aws:sts::{account}:assumed-role/KeyakiCollector/keyaki is not authorized to perform: "
            "lambda:ListFunctions on resource: * because no identity-based policy allows the lambda:ListFunctions action"
        )
        w.error(account, region, "lambda", "list-functions", "AccessDeniedException", msg)
    else:
        w.call(account, region, "lambda", "list-functions", {"Functions": [_function_entry(f) for f in mine]})
    for f in mine:
        if f.policy:
            policy = doc_text(*f.policy, sid="default")
            w.call(
                account,
                region,
                "lambda",
                "get-policy",
                {"Policy": policy, "RevisionId": uid("revision", account, f.name)},
                key=f.name,
            )
        else:
            w.error(account, region, "lambda", "get-policy", "ResourceNotFoundException", NO_RESOURCE, key=f.name)
        w.error(
            account, region, "lambda", "get-function-url-config", "ResourceNotFoundException", NO_RESOURCE, key=f.name
        )
    w.call(account, region, "lambda", "list-layers", {"Layers": []})


# ---- SQS, SNS, ECR --------------------------------------------------------------------------------
def _write_queues(w: Writer, account: str, region: str) -> None:
    if (account, region) != (PROD, "us-east-1"):
        w.call(account, region, "sqs", "list-queues", {})  # SQS omits QueueUrls when there is no queue
        return
    names = ["orders", "orders-dlq"]
    w.call(
        account,
        region,
        "sqs",
        "list-queues",
        {"QueueUrls": [f"https://sqs.{region}.amazonaws.com/{account}/{n}" for n in names]},
    )
    topic = f"arn:aws:sns:{region}:{account}:order-events"
    for n in names:
        arn = f"arn:aws:sqs:{region}:{account}:{n}"
        attrs = {
            "QueueArn": arn,
            "ApproximateNumberOfMessages": "0",
            "ApproximateNumberOfMessagesNotVisible": "0",
            "ApproximateNumberOfMessagesDelayed": "0",
            "CreatedTimestamp": "1668427200",
            "LastModifiedTimestamp": "1668427200",
            "VisibilityTimeout": "30",
            "MaximumMessageSize": "262144",
            "MessageRetentionPeriod": "345600" if n == "orders" else "1209600",
            "DelaySeconds": "0",
            "ReceiveMessageWaitTimeSeconds": "20",
            "SqsManagedSseEnabled": "true",
        }
        if n == "orders":
            attrs["Policy"] = doc_text(
                {
                    "Sid": "AllowOrderEvents",
                    "Effect": "Allow",
                    "Principal": {"Service": "sns.amazonaws.com"},
                    "Action": "sqs:SendMessage",
                    "Resource": arn,
                    "Condition": {"ArnEquals": {"aws:SourceArn": topic}},
                },
                sid=f"{arn}/SQSDefaultPolicy",
            )
            attrs["RedrivePolicy"] = '{"deadLetterTargetArn":"' + arn + '-dlq","maxReceiveCount":5}'
        w.call(account, region, "sqs", "get-queue-attributes", {"Attributes": attrs}, key=n)


TOPICS = {(PROD, "us-east-1"): ["order-events"], (SECURITY, "us-east-1"): ["security-alerts"]}


def _default_topic_policy(account: str, arn: str) -> str:
    return doc_text(
        {
            "Sid": "__default_statement_ID",
            "Effect": "Allow",
            "Principal": {"AWS": "*"},
            "Action": [
                "SNS:GetTopicAttributes",
                "SNS:SetTopicAttributes",
                "SNS:AddPermission",
                "SNS:RemovePermission",
                "SNS:DeleteTopic",
                "SNS:Subscribe",
                "SNS:ListSubscriptionsByTopic",
                "SNS:Publish",
            ],
            "Resource": arn,
            "Condition": {"StringEquals": {"AWS:SourceOwner": account}},
        },
        sid="__default_policy_ID",
    )


def _write_topics(w: Writer, account: str, region: str) -> None:
    names = TOPICS.get((account, region), [])
    arns = [f"arn:aws:sns:{region}:{account}:{n}" for n in names]
    w.call(account, region, "sns", "list-topics", {"Topics": [{"TopicArn": a} for a in arns]})
    for n, arn in zip(names, arns, strict=True):
        attrs = {
            "Policy": _default_topic_policy(account, arn),
            "Owner": account,
            "SubscriptionsPending": "0",
            "TopicArn": arn,
            "EffectiveDeliveryPolicy": '{"http":{"defaultHealthyRetryPolicy":{"minDelayTarget":20,"maxDelayTarget":20,"numRetries":3,"numMaxDelayRetries":0,"numNoDelayRetries":0,"numMinDelayRetries":0,"backoffFunction":"linear"},"disableSubscriptionOverrides":false,"defaultRequestPolicy":{"headerContentType":"text/plain; charset=UTF-8"}}}',
            "SubscriptionsConfirmed": "1",
            "DisplayName": "",
            "SubscriptionsDeleted": "0",
        }
        w.call(account, region, "sns", "get-topic-attributes", {"Attributes": attrs}, key=n)


REPOSITORIES = {(PROD, "us-east-1"): ["payments-api"], (DEV, "us-east-1"): ["dev-tools"]}


def _write_ecr(w: Writer, account: str, region: str) -> None:
    names = REPOSITORIES.get((account, region), [])
    repos = [
        {
            "repositoryArn": f"arn:aws:ecr:{region}:{account}:repository/{n}",
            "registryId": account,
            "repositoryName": n,
            "repositoryUri": f"{account}.dkr.ecr.{region}.amazonaws.com/{n}",
            "createdAt": iso(at("2022-11-14T11:50:00") if account == PROD else at("2023-03-01T09:00:00")),
            "imageTagMutability": "IMMUTABLE" if account == PROD else "MUTABLE",
            "imageScanningConfiguration": {"scanOnPush": True},
            "encryptionConfiguration": {"encryptionType": "AES256"},
        }
        for n in names
    ]
    w.call(account, region, "ecr", "describe-repositories", {"repositories": repos})
    for n in names:
        if account == PROD:
            text = doc_text(
                {
                    "Sid": "AllowDevPull",
                    "Effect": "Allow",
                    "Principal": {"AWS": f"arn:aws:iam::{DEV}:root"},
                    "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"],
                }
            )
            w.call(
                account,
                region,
                "ecr",
                "get-repository-policy",
                {"registryId": account, "repositoryName": n, "policyText": text},
                key=n,
            )
        else:
            msg = f"Repository policy does not exist for the repository with name '{n}' in the registry with id '{account}'"
            w.error(account, region, "ecr", "get-repository-policy", "RepositoryPolicyNotFoundException", msg, key=n)


# ---- ACM ------------------------------------------------------------------------------------------
def cert_id(account: str, region: str, domain: str) -> str:
    return uid("acm", account, region, domain)


def cert_arn(account: str, region: str, domain: str) -> str:
    return f"arn:aws:acm:{region}:{account}:certificate/{cert_id(account, region, domain)}"


CERTS = {
    (PROD, "us-east-1"): [("shop.acme.example", "AMAZON_ISSUED", at("2026-08-02T00:00:00"), at("2027-09-01T23:59:59"))],
    (PROD, "eu-west-1"): [("legacy.acme.example", "IMPORTED", at("2025-11-20T00:00:00"), at("2026-11-20T23:59:59"))],
}


def _write_acm(w: Writer, account: str, region: str, in_use: dict[str, list[str]]) -> None:
    certs = CERTS.get((account, region), [])
    summaries = []
    for domain, kind, not_before, not_after in certs:
        arn = cert_arn(account, region, domain)
        used = in_use.get(arn, [])
        base = {
            "CertificateArn": arn,
            "DomainName": domain,
            "SubjectAlternativeNameSummaries": [domain],
            "HasAdditionalSubjectAlternativeNames": False,
            "Status": "ISSUED",
            "Type": kind,
            "KeyAlgorithm": "RSA-2048",
            "KeyUsages": ["DIGITAL_SIGNATURE", "KEY_ENCIPHERMENT"],
            "ExtendedKeyUsages": ["TLS_WEB_SERVER_AUTHENTICATION", "TLS_WEB_CLIENT_AUTHENTICATION"],
            "InUse": bool(used),
            "RenewalEligibility": "ELIGIBLE" if kind == "AMAZON_ISSUED" else "INELIGIBLE",
            "NotBefore": iso(not_before),
            "NotAfter": iso(not_after),
            "CreatedAt": iso_ms(not_before - timedelta(hours=1), 209),
        }
        if kind == "AMAZON_ISSUED":
            base["IssuedAt"] = iso_ms(not_before + timedelta(minutes=3), 544)
        else:
            base["ImportedAt"] = iso_ms(not_before + timedelta(days=1), 544)
        summaries.append(base)
        w.call(
            account,
            region,
            "acm",
            "describe-certificate",
            {"Certificate": _cert_detail(base, domain, used)},
            key=cert_id(account, region, domain),
        )
    w.call(account, region, "acm", "list-certificates", {"CertificateSummaryList": summaries})


def _cert_detail(s: dict[str, Any], domain: str, used: list[str]) -> dict[str, Any]:
    d: dict[str, Any] = {
        "CertificateArn": s["CertificateArn"],
        "DomainName": domain,
        "SubjectAlternativeNames": [domain],
    }
    if s["Type"] == "AMAZON_ISSUED":
        d["DomainValidationOptions"] = [
            {
                "DomainName": domain,
                "ValidationDomain": domain,
                "ValidationStatus": "SUCCESS",
                "ResourceRecord": {
                    "Name": f"_{hexid('x', domain, n=32)[2:]}.{domain}.",
                    "Type": "CNAME",
                    "Value": f"_{hexid('y', domain, n=32)[2:]}.acm-validations.aws.",
                },
                "ValidationMethod": "DNS",
            }
        ]
    d["Serial"] = ":".join(hexid("s", domain, n=32)[2:][i : i + 2] for i in range(0, 32, 2))
    d["Subject"] = f"CN={domain}"
    d["Issuer"] = "Amazon RSA 2048 M03" if s["Type"] == "AMAZON_ISSUED" else "Acme Legacy Issuing CA"
    d["CreatedAt"] = s["CreatedAt"]
    if "IssuedAt" in s:
        d["IssuedAt"] = s["IssuedAt"]
    if "ImportedAt" in s:
        d["ImportedAt"] = s["ImportedAt"]
    d.update(
        {
            "Status": "ISSUED",
            "NotBefore": s["NotBefore"],
            "NotAfter": s["NotAfter"],
            "KeyAlgorithm": "RSA-2048",
            "SignatureAlgorithm": "SHA256WITHRSA",
            "InUseBy": used,
            "Type": s["Type"],
            "KeyUsages": [{"Name": "DIGITAL_SIGNATURE"}, {"Name": "KEY_ENCIPHERMENT"}],
            "ExtendedKeyUsages": [
                {"Name": "TLS_WEB_SERVER_AUTHENTICATION", "OID": "1.3.6.1.5.5.7.3.1"},
                {"Name": "TLS_WEB_CLIENT_AUTHENTICATION", "OID": "1.3.6.1.5.5.7.3.2"},
            ],
            "RenewalEligibility": s["RenewalEligibility"],
            "Options": {"CertificateTransparencyLoggingPreference": "ENABLED"},
        }
    )
    return d


def build(w: Writer, account: str, region: str, cert_users: dict[str, list[str]]) -> None:
    _write_kms(w, account, region)
    _write_secrets(w, account, region)
    _write_lambda(w, account, region)
    _write_queues(w, account, region)
    _write_topics(w, account, region)
    _write_ecr(w, account, region)
    _write_acm(w, account, region, cert_users)
