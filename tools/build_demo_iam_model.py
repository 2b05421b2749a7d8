"""The demo's IAM model: the AWS managed policies it attaches, users, groups, roles, trust helpers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from build_demo_common import (
    MGMT,
    SECURITY,
    ago,
    doc,
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


def baseline_roles(account: str) -> list[Role]:
    roles = [] if account == MGMT else [_org_access_role(account)]
    return [*roles, _config_role(account, JOINED[account][0].replace(hour=11))]
