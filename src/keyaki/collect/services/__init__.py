"""The collectors of each AWS service, by AWS CLI service name: one module each, one line each here.

Global services run once per account (snapshot region ``global``); regional ones once per region.
"""

from __future__ import annotations

from collections.abc import Callable

from keyaki.collect.context import Context
from keyaki.collect.services import (
    accessanalyzer,
    acm,
    awslambda,
    cloudtrail,
    cloudwatch,
    configservice,
    dynamodb,
    ec2,
    ecr,
    efs,
    elbv2,
    guardduty,
    iam,
    kms,
    logs,
    networkfirewall,
    rds,
    s3,
    s3control,
    secretsmanager,
    securityhub,
    sns,
    sqs,
)

Collector = Callable[[Context], None]

GLOBAL_SERVICES: dict[str, Collector] = {
    "iam": iam.collect,
    "s3api": s3.collect,  # and the account-level s3control Block Public Access
}

REGIONAL_SERVICES: dict[str, Collector] = {
    "ec2": ec2.collect,
    "elbv2": elbv2.collect,
    "kms": kms.collect,
    "secretsmanager": secretsmanager.collect,
    "lambda": awslambda.collect,
    "sqs": sqs.collect,
    "sns": sns.collect,
    "ecr": ecr.collect,
    "cloudtrail": cloudtrail.collect,
    "logs": logs.collect,
    "cloudwatch": cloudwatch.collect,
    "configservice": configservice.collect,
    "guardduty": guardduty.collect,
    "securityhub": securityhub.collect,
    "accessanalyzer": accessanalyzer.collect,
    "acm": acm.collect,
    "network-firewall": networkfirewall.collect,
    "rds": rds.collect,
    "efs": efs.collect,
    "dynamodb": dynamodb.collect,
    "s3control": s3control.collect,  # S3 access points (the account-level Block Public Access is s3api's)
}

ALIASES = {"s3": "s3api", "config": "configservice", "access-analyzer": "accessanalyzer"}
ALL_SERVICES = (*GLOBAL_SERVICES, *REGIONAL_SERVICES)
