"""The demo's IAM in the management, security and sandbox accounts, and :data:`ALL` (every account).

The workload accounts (prod, dev), where most identity problems are planted, are in
``build_demo_iam_workloads``; ``build_demo_iam_out`` renders them all as the AWS CLI prints them.
Planted here: the weak password policy (sandbox) and the root virtual MFA device (management).
"""

from __future__ import annotations

from typing import Any

from build_demo_common import (
    MGMT,
    SANDBOX,
    SECURITY,
    ago,
    at,
    doc,
)
from build_demo_iam_model import (
    STRONG_PASSWORD_POLICY,
    WEAK_PASSWORD_POLICY,
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
from build_demo_iam_workloads import dev, prod


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
            Role(
                "CloudTrailCloudWatchLogs",
                at("2020-06-03T09:08:12"),
                trust_service("cloudtrail.amazonaws.com"),
                inline={
                    "DeliverToCloudWatchLogs": doc(
                        {
                            "Sid": "AWSCloudTrailCreateLogStream",
                            "Effect": "Allow",
                            "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
                            "Resource": f"arn:aws:logs:us-east-1:{MGMT}:log-group:aws-cloudtrail-logs-org:log-stream:*",
                        }
                    )
                },
                path="/service-role/",
                last_used=(ago(0, 0, 4), "us-east-1"),
            ),
            *baseline_roles(MGMT),
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
            Role(  # delivers the security account's own trail to CloudWatch Logs (build_demo_monitoring)
                "CloudTrailCloudWatchLogs",
                at("2023-02-14T08:26:40"),
                trust_service("cloudtrail.amazonaws.com"),
                inline={
                    "DeliverToCloudWatchLogs": doc(
                        {
                            "Sid": "AWSCloudTrailCreateLogStream",
                            "Effect": "Allow",
                            "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
                            "Resource": f"arn:aws:logs:us-east-1:{SECURITY}:log-group:security-trail-logs:log-stream:*",
                        }
                    )
                },
                path="/service-role/",
                last_used=(ago(0, 0, 6), "us-east-1"),
            ),
            *baseline_roles(SECURITY),
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
        roles=baseline_roles(SANDBOX),
        password_policy=WEAK_PASSWORD_POLICY,
    )


ALL = (management, security, prod, dev, sandbox)
