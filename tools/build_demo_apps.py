"""The demo's applications per region: Lambda, SQS, SNS, ECR, ACM.

Planted: the imported certificate ``legacy.acme.example`` (prod, eu-west-1) expires 19 days after the
snapshot; Lambda ``list-functions`` is refused in sandbox eu-west-1 (the deliberate coverage gap).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from build_demo_common import (
    DEV,
    PROD,
    SANDBOX,
    SECURITY,
    Writer,
    alnum,
    at,
    doc_text,
    hexid,
    iso,
    iso_ms,
    lambda_time,
    uid,
)


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
            "lambda:ListFunctions on resource: * because no identity-based policy allows the "
            "lambda:ListFunctions action"
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
    # lambda list-layers and the layers' versions: build_demo_stores


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


SNS_DELIVERY_POLICY = json.dumps(
    {
        "http": {
            "defaultHealthyRetryPolicy": {
                "minDelayTarget": 20,
                "maxDelayTarget": 20,
                "numRetries": 3,
                "numMaxDelayRetries": 0,
                "numNoDelayRetries": 0,
                "numMinDelayRetries": 0,
                "backoffFunction": "linear",
            },
            "disableSubscriptionOverrides": False,
            "defaultRequestPolicy": {"headerContentType": "text/plain; charset=UTF-8"},
        }
    },
    separators=(",", ":"),
)
TOPICS = {(PROD, "us-east-1"): ["order-events"], (SECURITY, "us-east-1"): ["security-alerts"]}


def _service_grants(account: str, arn: str) -> list[dict[str, Any]]:
    """Service principals a topic lets publish: prod's S3 event notifications with no source condition
    (docs/demo.md #21: any account's bucket can publish through S3, the confused deputy); security's
    CloudWatch alarms pinned to its own account and alarms (the decoy)."""
    if arn.endswith(":order-events"):
        return [
            {
                "Sid": "AllowS3EventNotifications",
                "Effect": "Allow",
                "Principal": {"Service": "s3.amazonaws.com"},
                "Action": "SNS:Publish",
                "Resource": arn,
            }
        ]
    if arn.endswith(":security-alerts"):
        return [
            {
                "Sid": "AllowCloudWatchAlarms",
                "Effect": "Allow",
                "Principal": {"Service": "cloudwatch.amazonaws.com"},
                "Action": "SNS:Publish",
                "Resource": arn,
                "Condition": {
                    "StringEquals": {"aws:SourceAccount": account},
                    "ArnLike": {"aws:SourceArn": f"arn:aws:cloudwatch:us-east-1:{account}:alarm:*"},
                },
            }
        ]
    return []


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
        *_service_grants(account, arn),
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
            "EffectiveDeliveryPolicy": SNS_DELIVERY_POLICY,
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
            msg = (
                f"Repository policy does not exist for the repository with name '{n}' "
                f"in the registry with id '{account}'"
            )
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
    _write_lambda(w, account, region)
    _write_queues(w, account, region)
    _write_topics(w, account, region)
    _write_ecr(w, account, region)
    _write_acm(w, account, region, cert_users)
