"""The demo's IAM in the workload accounts (prod 333333333333, dev 444444444444).

Planted: #4 (VendorSupportAccess), #5 (legacy-batch), #7 (dave.ops) in prod; #6 (report-exporter),
#8 (root access key) and #14 (eve.developer -> lambda-deploy-admin) in dev.
"""

from __future__ import annotations

from typing import Any

from build_demo_common import (
    DEV,
    PROD,
    VENDOR_NO_EXTERNAL_ID,
    VENDOR_WITH_EXTERNAL_ID,
    ago,
    at,
    doc,
    kms_key_arn,
    secret_arn,
)
from build_demo_iam_model import (
    STRONG_PASSWORD_POLICY,
    AccountIam,
    CustomerPolicy,
    Group,
    Key,
    Role,
    Root,
    User,
    baseline_roles,
    trust_account,
    trust_service,
)


def prod() -> AccountIam:
    return AccountIam(
        PROD,
        Root(at("2020-06-02T14:05:51"), None),
        users=[
            User(
                "legacy-batch",
                at("2025-09-27T08:10:03"),
                keys=[Key(at("2025-09-27T08:14:52"), ago(0, 9), "s3", "us-east-1")],
                inline={
                    "ExportsWriter": doc(
                        {
                            "Effect": "Allow",
                            "Action": ["s3:PutObject", "s3:GetObject"],
                            "Resource": "arn:aws:s3:::acme-prod-data-exports/*",
                        }
                    )
                },
                tags={"owner": "data-team"},
            ),
            User(
                "dave.ops",
                at("2023-05-02T10:00:12"),
                password=True,
                password_changed=at("2023-05-02T10:04:40"),
                password_used=ago(3, 6),
                mfa=False,
                groups=["Operators"],
                managed=["IAMUserChangePassword"],
            ),
        ],
        groups=[
            Group(
                "Operators",
                at("2021-01-12T09:00:00"),
                managed=["AmazonEC2ReadOnlyAccess"],
                inline={
                    "SessionManager": doc(
                        {
                            "Effect": "Allow",
                            "Action": ["ssm:StartSession", "ssm:TerminateSession", "ssm:DescribeSessions"],
                            "Resource": "*",
                        }
                    )
                },
            )
        ],
        roles=_prod_roles(),
        policies=[
            CustomerPolicy(
                "AppDataAccess",
                [
                    (at("2021-03-01T10:00:00"), _app_data(["s3:GetObject"])),
                    (at("2022-07-19T15:30:00"), _app_data(["s3:GetObject", "s3:PutObject"])),
                    (at("2025-01-08T11:45:00"), _app_data(["s3:GetObject", "s3:PutObject", "s3:ListBucket"])),
                ],
                "Web application access to customer uploads",
            )
        ],
        password_policy=STRONG_PASSWORD_POLICY,
        oidc_providers=["token.actions.githubusercontent.com"],
    )


def _app_data(actions: list[str]) -> dict[str, Any]:
    return doc(
        {
            "Sid": "CustomerUploads",
            "Effect": "Allow",
            "Action": actions,
            "Resource": ["arn:aws:s3:::acme-prod-customer-uploads", "arn:aws:s3:::acme-prod-customer-uploads/*"],
        },
        {
            "Sid": "DecryptUploads",
            "Effect": "Allow",
            "Action": ["kms:Decrypt", "kms:GenerateDataKey"],
            "Resource": kms_key_arn(PROD, "us-east-1", "prod-uploads"),
        },
    )


def _prod_roles() -> list[Role]:
    oidc = f"arn:aws:iam::{PROD}:oidc-provider/token.actions.githubusercontent.com"
    return [
        Role(
            "VendorSupportAccess",
            at("2024-02-20T14:31:07"),
            trust_account(VENDOR_NO_EXTERNAL_ID),
            managed=["AWSSupportAccess", "AmazonEC2ReadOnlyAccess"],
            description="Support vendor troubleshooting access",
            last_used=(ago(12, 4), "us-east-1"),
            tags={"vendor": "example-support"},
        ),
        Role(
            "DatadogIntegrationRole",
            at("2023-09-11T09:12:55"),
            trust_account(
                VENDOR_WITH_EXTERNAL_ID, {"StringEquals": {"sts:ExternalId": "6f1b2c9e0d7a4e3f8b5c1a2d3e4f5a6b"}}
            ),
            managed=["AmazonEC2ReadOnlyAccess"],
            description="Datadog AWS integration",
            last_used=(ago(0, 1), "us-east-1"),
            tags={"vendor": "datadog"},
        ),
        Role(
            "GitHubActionsDeploy",
            at("2024-06-03T16:40:21"),
            doc(
                {
                    "Effect": "Allow",
                    "Principal": {"Federated": oidc},
                    "Action": "sts:AssumeRoleWithWebIdentity",
                    "Condition": {
                        "StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"},
                        "StringLike": {
                            "token.actions.githubusercontent.com:sub": "repo:acme/payments-api:ref:refs/heads/main"
                        },
                    },
                }
            ),
            inline={
                "DeployPaymentsApi": doc(
                    {
                        "Effect": "Allow",
                        "Action": ["lambda:UpdateFunctionCode", "lambda:GetFunction"],
                        "Resource": "arn:aws:lambda:us-east-1:333333333333:function:payments-api",
                    },
                    {
                        "Effect": "Allow",
                        "Action": ["ecr:GetAuthorizationToken"],
                        "Resource": "*",
                    },
                    {
                        "Effect": "Allow",
                        "Action": [
                            "ecr:BatchCheckLayerAvailability",
                            "ecr:PutImage",
                            "ecr:InitiateLayerUpload",
                            "ecr:UploadLayerPart",
                            "ecr:CompleteLayerUpload",
                        ],
                        "Resource": "arn:aws:ecr:us-east-1:333333333333:repository/payments-api",
                    },
                )
            },
            description="GitHub Actions deploys payments-api from main",
            last_used=(ago(2, 5), "us-east-1"),
        ),
        Role(
            "web-app-instance-role",
            at("2021-03-01T09:55:10"),
            trust_service("ec2.amazonaws.com"),
            managed=["AmazonSSMManagedInstanceCore", "AppDataAccess"],
            instance_profile=True,
            description="Web application instances",
            last_used=(ago(0, 0, 12), "us-east-1"),
        ),
        Role(
            "payments-api-lambda",
            at("2022-11-14T12:02:37"),
            trust_service("lambda.amazonaws.com"),
            managed=["AWSLambdaBasicExecutionRole"],
            inline={
                "ReadDbSecret": doc(
                    {
                        "Effect": "Allow",
                        "Action": "secretsmanager:GetSecretValue",
                        "Resource": secret_arn(PROD, "us-east-1", "prod/db/master"),
                    }
                )
            },
            path="/service-role/",
            last_used=(ago(0, 0, 3), "us-east-1"),
        ),
        Role(
            "secrets-rotation-lambda",
            at("2022-11-14T12:30:02"),
            trust_service("lambda.amazonaws.com"),
            managed=["AWSLambdaBasicExecutionRole"],
            inline={
                "RotateProdSecrets": doc(
                    {
                        "Effect": "Allow",
                        "Action": [
                            "secretsmanager:DescribeSecret",
                            "secretsmanager:GetSecretValue",
                            "secretsmanager:PutSecretValue",
                            "secretsmanager:UpdateSecretVersionStage",
                        ],
                        "Resource": f"arn:aws:secretsmanager:us-east-1:{PROD}:secret:prod/*",
                    },
                    {"Effect": "Allow", "Action": "secretsmanager:GetRandomPassword", "Resource": "*"},
                )
            },
            path="/service-role/",
            last_used=(ago(12, 1), "us-east-1"),
        ),
        *baseline_roles(PROD),
    ]


def dev() -> AccountIam:
    lambda_perms = {
        "Sid": "LambdaDevelopment",
        "Effect": "Allow",
        "Action": [
            "lambda:CreateFunction",
            "lambda:InvokeFunction",
            "lambda:UpdateFunctionCode",
            "lambda:GetFunction",
            "lambda:ListFunctions",
            "lambda:DeleteFunction",
        ],
        "Resource": "*",
    }
    return AccountIam(
        DEV,
        Root(
            at("2020-06-02T14:11:03"),
            ago(12, 2),
            key=Key(at("2024-03-10T17:22:05"), ago(11, 23), "s3", "us-east-1"),
        ),
        users=[
            User(
                "eve.developer",
                at("2024-08-19T08:45:00"),
                password=True,
                password_changed=at("2024-08-19T08:50:12"),
                password_used=ago(0, 4),
                mfa=True,
                groups=["Developers"],
                inline={
                    "LambdaDeveloper": doc(
                        lambda_perms,
                        {
                            "Sid": "PassDeployRole",
                            "Effect": "Allow",
                            "Action": "iam:PassRole",
                            "Resource": f"arn:aws:iam::{DEV}:role/lambda-deploy-admin",
                        },
                    )
                },
            ),
            User(
                "frank.developer",
                at("2024-09-02T09:03:27"),
                password=True,
                password_changed=at("2024-09-02T09:10:00"),
                password_used=ago(1, 3),
                mfa=True,
                groups=["Developers"],
                inline={
                    "LambdaDeveloper": doc(
                        lambda_perms,
                        {
                            "Sid": "PassBasicExecutionRole",
                            "Effect": "Allow",
                            "Action": "iam:PassRole",
                            "Resource": f"arn:aws:iam::{DEV}:role/service-role/lambda-basic-execution",
                            "Condition": {"StringEquals": {"iam:PassedToService": "lambda.amazonaws.com"}},
                        },
                    )
                },
            ),
            User(
                "report-exporter",
                at("2026-06-14T10:03:41"),
                keys=[Key(at("2026-06-14T10:05:19"), None)],
                inline={
                    "ReadReports": doc(
                        {
                            "Effect": "Allow",
                            "Action": "s3:GetObject",
                            "Resource": "arn:aws:s3:::acme-dev-scratch/reports/*",
                        }
                    )
                },
            ),
        ],
        groups=[Group("Developers", at("2021-01-12T09:10:00"), managed=["DeveloperBaseline", "IAMUserChangePassword"])],
        roles=[
            Role(
                "lambda-deploy-admin",
                at("2023-02-07T13:14:15"),
                trust_service("lambda.amazonaws.com"),
                managed=["AdministratorAccess"],
                description="Deploys infrastructure from Lambda (legacy)",
                last_used=(ago(40, 2), "us-east-1"),
            ),
            Role(
                "lambda-basic-execution",
                at("2023-02-07T13:20:00"),
                trust_service("lambda.amazonaws.com"),
                managed=["AWSLambdaBasicExecutionRole"],
                path="/service-role/",
                last_used=(ago(0, 2), "us-east-1"),
            ),
            Role(
                "dev-build-instance-role",
                at("2022-05-05T11:00:00"),
                trust_service("ec2.amazonaws.com"),
                managed=["AmazonSSMManagedInstanceCore"],
                instance_profile=True,
                last_used=(ago(0, 0, 20), "us-east-1"),
            ),
            *baseline_roles(DEV),
        ],
        policies=[
            CustomerPolicy(
                "DeveloperBaseline",
                [
                    (at("2021-01-12T09:05:00"), _dev_baseline(["logs:Get*", "logs:Describe*"])),
                    (at("2023-10-30T14:00:00"), _dev_baseline(["logs:Get*", "logs:Describe*", "logs:FilterLogEvents"])),
                ],
                "Read-only visibility for developers",
            )
        ],
        password_policy=STRONG_PASSWORD_POLICY,
    )


def _dev_baseline(logs: list[str]) -> dict[str, Any]:
    return doc(
        {
            "Sid": "ReadOnlyVisibility",
            "Effect": "Allow",
            "Action": [*logs, "cloudwatch:Get*", "cloudwatch:List*", "iam:GetRole", "iam:ListRoles", "ec2:Describe*"],
            "Resource": "*",
        }
    )
