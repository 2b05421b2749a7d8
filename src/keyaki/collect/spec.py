"""The table of every AWS call the collector makes: CLI name, boto3 method, IAM action, fixed parameters.

One source of truth: the collector calls AWS only through :func:`api` (so only through this table), and
``keyaki collect --print-policy`` builds the least-privilege policy from the same table. Each row names
the IAM action the AWS *Service Authorization Reference* lists for the API operation
(https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html);
where the action differs from the operation name (S3's ``ListBuckets`` is ``s3:ListAllMyBuckets``) the
row says so explicitly.

>>> api("s3api", "list-buckets").actions
('s3:ListAllMyBuckets',)
>>> api("elbv2", "describe-listeners").method
'describe_listeners'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# CLI service name -> boto3 client name, where they differ.
CLIENT_NAMES = {"s3api": "s3", "configservice": "config"}


@dataclass(frozen=True, slots=True)
class ApiCall:
    """One AWS API call: how the CLI names it, how boto3 calls it, which IAM action allows it."""

    service: str  # AWS CLI service name (``s3api``)
    operation: str  # AWS CLI operation name (``get-bucket-policy``)
    actions: tuple[str, ...]  # IAM actions the call needs (empty: needs no permission)
    params: dict[str, Any] = field(default_factory=dict)  # fixed parameters (``--owner-ids self``)
    written: bool = True  # False: a helper call whose response is not part of the snapshot

    @property
    def client(self) -> str:
        return CLIENT_NAMES.get(self.service, self.service)

    @property
    def method(self) -> str:
        return self.operation.replace("-", "_")


def _a(service: str, operation: str, *actions: str, written: bool = True, **params: Any) -> ApiCall:
    return ApiCall(service, operation, tuple(actions), dict(params), written)


_ACM_KEY_TYPES = ["RSA_1024", "RSA_2048", "RSA_3072", "RSA_4096", "EC_prime256v1", "EC_secp384r1", "EC_secp521r1"]

API_CALLS: tuple[ApiCall, ...] = (
    # helpers: who am I, which regions are enabled, the credential report generation
    _a("sts", "get-caller-identity", written=False),  # needs no permission (AWS STS API reference)
    _a("ec2", "describe-regions", "ec2:DescribeRegions", written=False),
    _a("iam", "generate-credential-report", "iam:GenerateCredentialReport", written=False),
    # Organizations
    _a("organizations", "describe-organization", "organizations:DescribeOrganization"),
    _a("organizations", "list-roots", "organizations:ListRoots"),
    _a("organizations", "list-accounts", "organizations:ListAccounts"),
    _a("organizations", "list-organizational-units-for-parent", "organizations:ListOrganizationalUnitsForParent"),
    _a("organizations", "list-accounts-for-parent", "organizations:ListAccountsForParent"),
    _a("organizations", "list-policies", "organizations:ListPolicies"),
    _a("organizations", "describe-policy", "organizations:DescribePolicy"),
    _a("organizations", "list-targets-for-policy", "organizations:ListTargetsForPolicy"),
    _a("organizations", "list-delegated-administrators", "organizations:ListDelegatedAdministrators"),
    _a("organizations", "list-delegated-services-for-account", "organizations:ListDelegatedServicesForAccount"),
    # IAM
    _a("iam", "get-account-authorization-details", "iam:GetAccountAuthorizationDetails"),
    _a("iam", "get-credential-report", "iam:GetCredentialReport"),
    _a("iam", "get-account-password-policy", "iam:GetAccountPasswordPolicy"),
    _a("iam", "get-account-summary", "iam:GetAccountSummary"),
    _a("iam", "list-virtual-mfa-devices", "iam:ListVirtualMFADevices"),
    _a("iam", "list-saml-providers", "iam:ListSAMLProviders"),
    _a("iam", "list-open-id-connect-providers", "iam:ListOpenIDConnectProviders"),
    _a("iam", "list-server-certificates", "iam:ListServerCertificates"),
    # S3 (action names from the S3 section of the Service Authorization Reference)
    _a("s3api", "list-buckets", "s3:ListAllMyBuckets"),
    _a("s3api", "get-bucket-location", "s3:GetBucketLocation"),
    _a("s3api", "get-bucket-policy", "s3:GetBucketPolicy"),
    _a("s3api", "get-bucket-policy-status", "s3:GetBucketPolicyStatus"),
    _a("s3api", "get-bucket-acl", "s3:GetBucketAcl"),
    _a("s3api", "get-public-access-block", "s3:GetBucketPublicAccessBlock"),
    _a("s3api", "get-bucket-encryption", "s3:GetEncryptionConfiguration"),
    _a("s3api", "get-bucket-versioning", "s3:GetBucketVersioning"),
    _a("s3api", "get-bucket-logging", "s3:GetBucketLogging"),
    _a("s3api", "get-bucket-ownership-controls", "s3:GetBucketOwnershipControls"),
    _a("s3control", "get-public-access-block", "s3:GetAccountPublicAccessBlock"),
    _a("s3control", "list-access-points", "s3:ListAccessPoints"),
    _a("s3control", "get-access-point", "s3:GetAccessPoint"),
    _a("s3control", "get-access-point-policy", "s3:GetAccessPointPolicy"),
    _a("s3control", "get-access-point-policy-status", "s3:GetAccessPointPolicyStatus"),
    # KMS
    _a("kms", "list-keys", "kms:ListKeys"),
    _a("kms", "list-aliases", "kms:ListAliases"),
    _a("kms", "describe-key", "kms:DescribeKey"),
    _a("kms", "get-key-policy", "kms:GetKeyPolicy", PolicyName="default"),
    _a("kms", "get-key-rotation-status", "kms:GetKeyRotationStatus"),
    _a("kms", "list-grants", "kms:ListGrants"),
    # Secrets Manager: metadata and resource policies only, never GetSecretValue
    _a("secretsmanager", "list-secrets", "secretsmanager:ListSecrets"),
    _a("secretsmanager", "describe-secret", "secretsmanager:DescribeSecret"),
    _a("secretsmanager", "get-resource-policy", "secretsmanager:GetResourcePolicy"),
    # EC2 / VPC
    _a("ec2", "describe-vpcs", "ec2:DescribeVpcs"),
    _a("ec2", "describe-subnets", "ec2:DescribeSubnets"),
    _a("ec2", "describe-route-tables", "ec2:DescribeRouteTables"),
    _a("ec2", "describe-internet-gateways", "ec2:DescribeInternetGateways"),
    _a("ec2", "describe-egress-only-internet-gateways", "ec2:DescribeEgressOnlyInternetGateways"),
    _a("ec2", "describe-nat-gateways", "ec2:DescribeNatGateways"),
    _a("ec2", "describe-network-acls", "ec2:DescribeNetworkAcls"),
    _a("ec2", "describe-security-groups", "ec2:DescribeSecurityGroups"),
    _a("ec2", "describe-network-interfaces", "ec2:DescribeNetworkInterfaces"),
    _a("ec2", "describe-instances", "ec2:DescribeInstances"),
    _a("ec2", "describe-addresses", "ec2:DescribeAddresses"),
    _a("ec2", "describe-vpc-peering-connections", "ec2:DescribeVpcPeeringConnections"),
    _a("ec2", "describe-vpc-endpoints", "ec2:DescribeVpcEndpoints"),
    _a("ec2", "describe-managed-prefix-lists", "ec2:DescribeManagedPrefixLists"),
    _a("ec2", "get-managed-prefix-list-entries", "ec2:GetManagedPrefixListEntries"),
    _a("ec2", "describe-transit-gateways", "ec2:DescribeTransitGateways"),
    _a("ec2", "describe-vpn-gateways", "ec2:DescribeVpnGateways"),
    _a("ec2", "describe-flow-logs", "ec2:DescribeFlowLogs"),
    _a("ec2", "describe-volumes", "ec2:DescribeVolumes"),
    _a("ec2", "describe-snapshots", "ec2:DescribeSnapshots", OwnerIds=["self"]),
    _a("ec2", "describe-snapshot-attribute", "ec2:DescribeSnapshotAttribute", Attribute="createVolumePermission"),
    _a("ec2", "get-snapshot-block-public-access-state", "ec2:GetSnapshotBlockPublicAccessState"),
    _a("ec2", "describe-images", "ec2:DescribeImages", Owners=["self"]),
    _a("ec2", "get-ebs-encryption-by-default", "ec2:GetEbsEncryptionByDefault"),
    # RDS snapshots and their sharing attributes
    _a("rds", "describe-db-snapshots", "rds:DescribeDBSnapshots"),
    _a("rds", "describe-db-snapshot-attributes", "rds:DescribeDBSnapshotAttributes"),
    _a("rds", "describe-db-cluster-snapshots", "rds:DescribeDBClusterSnapshots"),
    _a("rds", "describe-db-cluster-snapshot-attributes", "rds:DescribeDBClusterSnapshotAttributes"),
    # ELBv2 (IAM prefix elasticloadbalancing)
    _a("network-firewall", "list-firewalls", "network-firewall:ListFirewalls"),
    _a("network-firewall", "describe-firewall", "network-firewall:DescribeFirewall"),
    _a("elbv2", "describe-load-balancers", "elasticloadbalancing:DescribeLoadBalancers"),
    _a("elbv2", "describe-load-balancer-attributes", "elasticloadbalancing:DescribeLoadBalancerAttributes"),
    _a("elbv2", "describe-listeners", "elasticloadbalancing:DescribeListeners"),
    _a("elbv2", "describe-target-groups", "elasticloadbalancing:DescribeTargetGroups"),
    _a("elbv2", "describe-target-health", "elasticloadbalancing:DescribeTargetHealth"),
    # Lambda, SQS, SNS, ECR
    _a("lambda", "list-functions", "lambda:ListFunctions"),
    _a("lambda", "get-policy", "lambda:GetPolicy"),
    _a("lambda", "get-function-url-config", "lambda:GetFunctionUrlConfig"),
    _a("lambda", "list-layers", "lambda:ListLayers"),
    _a("lambda", "list-layer-versions", "lambda:ListLayerVersions"),
    _a("lambda", "get-layer-version-policy", "lambda:GetLayerVersionPolicy"),
    _a("sqs", "list-queues", "sqs:ListQueues"),
    _a("sqs", "get-queue-attributes", "sqs:GetQueueAttributes", AttributeNames=["All"]),
    _a("sns", "list-topics", "sns:ListTopics"),
    _a("sns", "get-topic-attributes", "sns:GetTopicAttributes"),
    _a("sns", "list-subscriptions", "sns:ListSubscriptions"),
    _a("ecr", "describe-repositories", "ecr:DescribeRepositories"),
    _a("ecr", "get-repository-policy", "ecr:GetRepositoryPolicy"),
    # EFS (IAM prefix elasticfilesystem), DynamoDB: resource policies
    _a("efs", "describe-file-systems", "elasticfilesystem:DescribeFileSystems"),
    _a("efs", "describe-file-system-policy", "elasticfilesystem:DescribeFileSystemPolicy"),
    _a("dynamodb", "list-tables", "dynamodb:ListTables"),
    _a("dynamodb", "describe-table", "dynamodb:DescribeTable"),
    _a("dynamodb", "get-resource-policy", "dynamodb:GetResourcePolicy"),
    # Logging and detection
    _a("cloudtrail", "describe-trails", "cloudtrail:DescribeTrails", includeShadowTrails=True),
    _a("cloudtrail", "get-trail-status", "cloudtrail:GetTrailStatus"),
    _a("cloudtrail", "get-event-selectors", "cloudtrail:GetEventSelectors"),
    _a("logs", "describe-metric-filters", "logs:DescribeMetricFilters"),
    _a("cloudwatch", "describe-alarms", "cloudwatch:DescribeAlarms", AlarmTypes=["MetricAlarm"]),
    _a("configservice", "describe-configuration-recorders", "config:DescribeConfigurationRecorders"),
    _a("configservice", "describe-configuration-recorder-status", "config:DescribeConfigurationRecorderStatus"),
    _a("configservice", "describe-delivery-channels", "config:DescribeDeliveryChannels"),
    _a("guardduty", "list-detectors", "guardduty:ListDetectors"),
    _a("guardduty", "get-detector", "guardduty:GetDetector"),
    _a("securityhub", "describe-hub", "securityhub:DescribeHub"),
    _a("securityhub", "get-enabled-standards", "securityhub:GetEnabledStandards"),
    _a("accessanalyzer", "list-analyzers", "access-analyzer:ListAnalyzers"),
    _a("acm", "list-certificates", "acm:ListCertificates", Includes={"keyTypes": _ACM_KEY_TYPES}),
    _a("acm", "describe-certificate", "acm:DescribeCertificate"),
)

API_BY_NAME: dict[tuple[str, str], ApiCall] = {(c.service, c.operation): c for c in API_CALLS}


def api(service: str, operation: str) -> ApiCall:
    """The row for one CLI call; a call missing from the table is a programming error."""
    return API_BY_NAME[(service, operation)]


def actions() -> list[str]:
    """Every IAM action the collector needs, sorted and unique."""
    return sorted({a for c in API_CALLS for a in c.actions})
