"""The demo's IAM: users, groups, roles, policies (GAAD), credential reports, password policies, MFA.

Planted here (see docs/demo.md): the external trust without ``sts:ExternalId`` (#4), the 400-day
access key (#5), the unused key (#6), the console user without MFA (#7), the root access key (#8)
and the PassRole + Lambda escalation path (#14).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from build_demo_common import (
    DEV,
    MGMT,
    PROD,
    SANDBOX,
    SECURITY,
    VENDOR_NO_EXTERNAL_ID,
    VENDOR_WITH_EXTERNAL_ID,
    ago,
    at,
    doc,
    kms_key_arn,
    secret_arn,
)
from build_demo_org import JOINED

GLOBAL = "global"

# AWS managed policies the demo attaches: name -> (path, version, created, updated, document)
AWS_MANAGED: dict[str, tuple[str, str, str, str, dict[str, Any]]] = {
    "AdministratorAccess": (
        "/",
        "v1",
        "2015-02-06T18:39:46",
        "2015-02-06T18:39:46",
        doc({"Action": "*", "Resource": "*", "Effect": "Allow"}),
    ),
    "AmazonEC2ReadOnlyAccess": (
        "/",
        "v5",
        "2015-02-06T18:40:17",
        "2026-02-12T18:03:17",
        doc(
            {"Action": ["ec2:Describe*", "ec2:GetSecurityGroupsForVpc"], "Resource": "*", "Effect": "Allow"},
            {"Action": "elasticloadbalancing:Describe*", "Resource": "*", "Effect": "Allow"},
            {
                "Action": ["cloudwatch:ListMetrics", "cloudwatch:GetMetricStatistics", "cloudwatch:Describe*"],
                "Resource": "*",
                "Effect": "Allow",
            },
            {"Action": "autoscaling:Describe*", "Resource": "*", "Effect": "Allow"},
        ),
    ),
    "AWSSupportAccess": (
        "/",
        "v4",
        "2015-02-06T18:41:11",
        "2026-02-12T17:59:31",
        doc({"Action": ["support:*", "support-console:*"], "Resource": "*", "Effect": "Allow"}),
    ),
    "IAMUserChangePassword": (
        "/",
        "v5",
        "2016-11-15T23:18:55",
        "2026-02-12T17:58:57",
        doc(
            {
                "Action": ["iam:ChangePassword"],
                "Resource": ["arn:aws:iam::*:user/${aws:username}", "arn:aws:iam::*:user/*/${aws:username}"],
                "Effect": "Allow",
            },
            {"Action": ["iam:GetAccountPasswordPolicy"], "Resource": "*", "Effect": "Allow"},
        ),
    ),
    "AmazonSSMManagedInstanceCore": (
        "/",
        "v2",
        "2019-03-15T17:22:12",
        "2019-05-23T16:54:21",
        doc(
            {
                "Action": [
                    "ssm:DescribeAssociation",
                    "ssm:GetDeployablePatchSnapshotForInstance",
                    "ssm:GetDocument",
                    "ssm:DescribeDocument",
                    "ssm:GetManifest",
                    "ssm:GetParameter",
                    "ssm:GetParameters",
                    "ssm:ListAssociations",
                    "ssm:ListInstanceAssociations",
                    "ssm:PutInventory",
                    "ssm:PutComplianceItems",
                    "ssm:PutConfigurePackageResult",
                    "ssm:UpdateAssociationStatus",
                    "ssm:UpdateInstanceAssociationStatus",
                    "ssm:UpdateInstanceInformation",
                ],
                "Resource": "*",
                "Effect": "Allow",
            },
            {
                "Action": [
                    "ssmmessages:CreateControlChannel",
                    "ssmmessages:CreateDataChannel",
                    "ssmmessages:OpenControlChannel",
                    "ssmmessages:OpenDataChannel",
                ],
                "Resource": "*",
                "Effect": "Allow",
            },
            {
                "Action": [
                    "ec2messages:AcknowledgeMessage",
                    "ec2messages:DeleteMessage",
                    "ec2messages:FailMessage",
                    "ec2messages:GetEndpoint",
                    "ec2messages:GetMessages",
                    "ec2messages:SendReply",
                ],
                "Resource": "*",
                "Effect": "Allow",
            },
        ),
    ),
    "AWSLambdaBasicExecutionRole": (
        "/service-role/",
        "v1",
        "2015-04-09T15:03:43",
        "2015-04-09T15:03:43",
        doc(
            {
                "Action": ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
                "Resource": "*",
                "Effect": "Allow",
            }
        ),
    ),
    "AWSOrganizationsServiceTrustPolicy": (
        "/aws-service-role/",
        "v3",
        "2017-10-10T23:04:07",
        "2026-03-05T19:12:09",
        doc(
            {
                "Action": ["iam:DeleteRole"],
                "Resource": ["arn:aws:iam::*:role/aws-service-role/organizations.amazonaws.com/*"],
                "Effect": "Allow",
                "Sid": "AllowDeletionOfServiceLinkedRoleForOrganizations",
            },
            {
                "Action": ["iam:CreateServiceLinkedRole"],
                "Resource": "*",
                "Effect": "Allow",
                "Sid": "AllowCreationOfServiceLinkedRoles",
            },
            {
                "Action": "iam:ListRoles",
                "Resource": "arn:aws:iam::*:role/aws-service-role/*",
                "Effect": "Allow",
                "Sid": "ListRolesSLR",
            },
        ),
    ),
}


def managed_arn(name: str) -> str:
    if name in AWS_MANAGED:
        return f"arn:aws:iam::aws:policy{AWS_MANAGED[name][0]}{name}"
    raise KeyError(name)


@dataclass
class Key:
    """One access key as the credential report shows it."""

    rotated: datetime
    last_used: datetime | None = None
    service: str = "s3"
    region: str = "us-east-1"
    active: bool = True


@dataclass
class User:
    name: str
    created: datetime
    password: bool = False
    password_changed: datetime | None = None
    password_used: datetime | None = None  # None with a password: "no_information"
    mfa: bool = False
    keys: list[Key] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    managed: list[str] = field(default_factory=list)  # AWS managed names or customer policy names
    inline: dict[str, dict[str, Any]] = field(default_factory=dict)
    tags: dict[str, str] = field(default_factory=dict)
    path: str = "/"


@dataclass
class Group:
    name: str
    created: datetime
    managed: list[str] = field(default_factory=list)
    inline: dict[str, dict[str, Any]] = field(default_factory=dict)


@dataclass
class Role:
    name: str
    created: datetime
    trust: dict[str, Any]
    managed: list[str] = field(default_factory=list)
    inline: dict[str, dict[str, Any]] = field(default_factory=dict)
    path: str = "/"
    description: str = ""
    last_used: tuple[datetime, str] | None = None
    instance_profile: bool = False
    max_session: int = 3600
    tags: dict[str, str] = field(default_factory=dict)


@dataclass
class CustomerPolicy:
    name: str
    versions: list[tuple[datetime, dict[str, Any]]]  # oldest first; the last one is the default
    description: str = ""


@dataclass
class Root:
    created: datetime
    password_used: datetime | None
    mfa: bool = True
    virtual_mfa: bool = False
    key: Key | None = None


@dataclass
class AccountIam:
    account: str
    root: Root
    users: list[User] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    policies: list[CustomerPolicy] = field(default_factory=list)
    password_policy: dict[str, Any] | None = None
    oidc_providers: list[str] = field(default_factory=list)


# ---- trust policies -------------------------------------------------------------------------------
def trust_service(service: str) -> dict[str, Any]:
    return doc({"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"})


def trust_account(account: str, condition: dict[str, Any] | None = None, sid: str | None = None) -> dict[str, Any]:
    st: dict[str, Any] = {}
    if sid:
        st["Sid"] = sid
    st.update({"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{account}:root"}, "Action": "sts:AssumeRole"})
    if condition:
        st["Condition"] = condition
    return doc(st)


STRONG_PASSWORD_POLICY = {
    "MinimumPasswordLength": 14,
    "RequireSymbols": True,
    "RequireNumbers": True,
    "RequireUppercaseCharacters": True,
    "RequireLowercaseCharacters": True,
    "AllowUsersToChangePassword": True,
    "ExpirePasswords": False,
    "PasswordReusePrevention": 24,
    "HardExpiry": False,
}
WEAK_PASSWORD_POLICY = {
    "MinimumPasswordLength": 8,
    "RequireSymbols": False,
    "RequireNumbers": False,
    "RequireUppercaseCharacters": False,
    "RequireLowercaseCharacters": True,
    "AllowUsersToChangePassword": True,
    "ExpirePasswords": False,
    "HardExpiry": False,
}


def _org_access_role(account: str) -> Role:
    return Role(
        "OrganizationAccountAccessRole",
        JOINED[account][0],
        trust_account(MGMT),
        managed=["AdministratorAccess"],
        last_used=(ago(6, 3), "us-east-1"),
    )


def _config_role(account: str, created: datetime) -> Role:
    return Role(
        "ConfigRecorderRole",
        created,
        trust_service("config.amazonaws.com"),
        inline={
            "ConfigRecorderPermissions": doc(
                {
                    "Sid": "ReadConfiguration",
                    "Effect": "Allow",
                    "Action": [
                        "config:Put*",
                        "config:Get*",
                        "config:Describe*",
                        "config:List*",
                        "config:BatchGet*",
                        "ec2:Describe*",
                        "elasticloadbalancing:Describe*",
                        "iam:Get*",
                        "iam:List*",
                        "kms:Describe*",
                        "kms:GetKeyPolicy",
                        "kms:GetKeyRotationStatus",
                        "kms:List*",
                        "lambda:GetFunction",
                        "lambda:GetPolicy",
                        "lambda:List*",
                        "s3:GetBucket*",
                        "s3:GetEncryptionConfiguration",
                        "s3:ListAllMyBuckets",
                        "secretsmanager:DescribeSecret",
                        "secretsmanager:ListSecrets",
                        "sns:GetTopicAttributes",
                        "sns:ListTopics",
                        "sqs:GetQueueAttributes",
                        "sqs:ListQueues",
                    ],
                    "Resource": "*",
                },
                {
                    "Sid": "DeliverToOrgConfigBucket",
                    "Effect": "Allow",
                    "Action": "s3:PutObject",
                    "Resource": f"arn:aws:s3:::acme-org-config-{SECURITY}/AWSLogs/{account}/*",
                    "Condition": {"StringEquals": {"s3:x-amz-acl": "bucket-owner-full-control"}},
                },
            )
        },
        path="/service-role/",
        description="Lets AWS Config read resource configuration and deliver it to the org config bucket",
        last_used=(ago(0, 1), "us-east-1"),
    )


def _baseline_roles(account: str) -> list[Role]:
    roles = [] if account == MGMT else [_org_access_role(account)]
    return [*roles, _config_role(account, JOINED[account][0].replace(hour=11))]


def management() -> AccountIam:
    return AccountIam(
        MGMT,
        Root(at("2020-06-01T08:51:20"), ago(41, 5), virtual_mfa=True),
        users=[
            User(
                "alice.admin",
                at("2020-06-01T09:30:11"),
                password=True,
                password_changed=at("2026-06-01T07:44:09"),
                password_used=ago(1, 2),
                mfa=True,
                groups=["Admins"],
                tags={"team": "platform"},
            ),
            User(
                "ci-deployer",
                at("2022-01-10T16:20:00"),
                keys=[Key(ago(30, 4), ago(0, 7), "cloudformation", "us-east-1")],
                managed=["DeployArtifactsWriter"],
                tags={"purpose": "ci"},
            ),
        ],
        groups=[Group("Admins", at("2020-06-01T09:28:40"), managed=["AdministratorAccess"])],
        roles=[
            Role(
                "AWSServiceRoleForOrganizations",
                at("2020-06-01T09:00:02"),
                trust_service("organizations.amazonaws.com"),
                managed=["AWSOrganizationsServiceTrustPolicy"],
                path="/aws-service-role/organizations.amazonaws.com/",
                description="Service-linked role used by AWS Organizations to enable integration of other AWS "
                "services with Organizations.",
                last_used=(ago(2, 8), "us-east-1"),
            ),
            *_baseline_roles(MGMT),
        ],
        policies=[
            CustomerPolicy(
                "DeployArtifactsWriter",
                [
                    (at("2022-01-10T16:25:31"), _artifacts_policy(["s3:PutObject"])),
                    (at("2024-03-02T10:11:45"), _artifacts_policy(["s3:PutObject", "s3:GetObject"])),
                ],
                "CI uploads build artifacts",
            )
        ],
        password_policy=STRONG_PASSWORD_POLICY,
    )


def _artifacts_policy(actions: list[str]) -> dict[str, Any]:
    return doc(
        {
            "Sid": "WriteArtifacts",
            "Effect": "Allow",
            "Action": actions,
            "Resource": "arn:aws:s3:::acme-mgmt-deploy-artifacts/*",
        },
        {
            "Sid": "ListStacks",
            "Effect": "Allow",
            "Action": ["cloudformation:Describe*", "cloudformation:List*"],
            "Resource": "*",
        },
    )


def security() -> AccountIam:
    return AccountIam(
        SECURITY,
        Root(at("2020-06-01T09:42:17"), None),
        users=[
            User(
                "auditor",
                at("2021-02-08T13:02:44"),
                password=True,
                password_changed=at("2026-02-08T13:10:00"),
                password_used=ago(5, 1),
                mfa=True,
                managed=["IAMUserChangePassword"],
                inline={"AuditReadOnly": _audit_policy()},
            )
        ],
        roles=[
            Role(
                "SecurityAuditor",
                at("2020-06-05T12:00:00"),
                trust_account(MGMT, {"Bool": {"aws:MultiFactorAuthPresent": "true"}}),
                inline={"AuditReadOnly": _audit_policy()},
                max_session=14400,
                description="Read-only audit access for the platform team",
                last_used=(ago(3, 2), "eu-west-1"),
            ),
            *_baseline_roles(SECURITY),
        ],
        password_policy=STRONG_PASSWORD_POLICY,
    )


def _audit_policy() -> dict[str, Any]:
    return doc(
        {
            "Sid": "ReadSecurityConfiguration",
            "Effect": "Allow",
            "Action": [
                "access-analyzer:Get*",
                "access-analyzer:List*",
                "cloudtrail:Describe*",
                "cloudtrail:Get*",
                "config:Describe*",
                "config:Get*",
                "ec2:Describe*",
                "guardduty:Get*",
                "guardduty:List*",
                "iam:Get*",
                "iam:List*",
                "iam:GenerateCredentialReport",
                "kms:Describe*",
                "kms:List*",
                "kms:GetKeyPolicy",
                "kms:GetKeyRotationStatus",
                "s3:GetBucket*",
                "s3:ListAllMyBuckets",
                "securityhub:Describe*",
                "securityhub:Get*",
                "securityhub:List*",
            ],
            "Resource": "*",
        }
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
        *_baseline_roles(PROD),
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
            *_baseline_roles(DEV),
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


def sandbox() -> AccountIam:
    return AccountIam(
        SANDBOX,
        Root(at("2022-04-19T08:02:11"), None),
        users=[
            User(
                "sandbox-user",
                at("2022-04-20T10:00:00"),
                password=True,
                password_changed=at("2026-01-05T10:00:00"),
                password_used=ago(9, 5),
                mfa=True,
                managed=["AdministratorAccess"],
            )
        ],
        roles=_baseline_roles(SANDBOX),
        password_policy=WEAK_PASSWORD_POLICY,
    )


ALL = (management, security, prod, dev, sandbox)
