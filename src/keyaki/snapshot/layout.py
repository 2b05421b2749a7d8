"""Where each AWS API response lives in a snapshot: the one contract collectors and loaders share.

A snapshot is a folder (or a ``.zip`` of one) of verbatim AWS API responses, one JSON file per call
with pages merged, exactly as ``aws <service> <operation> --output json`` prints it::

    manifest.json
    organizations/<operation>.json                       # read from the management account
    organizations/<operation>/<key>.json                 # per-parameter calls (policy id, parent id...)
    accounts/<account-id>/<region>/<service>/<operation>.json
    accounts/<account-id>/<region>/<service>/<operation>/<key>.json

``<service>`` and ``<operation>`` are the AWS CLI's names (``s3api``, ``elbv2``, ``configservice``;
``describe-security-groups``). Global services (IAM, S3's bucket list, S3 Control) use the region
``global``. ``<key>`` is the identifying parameter of a per-resource call (a bucket name, a KMS key id,
a secret name...), percent-encoded so that ``/`` and ``:`` are safe in a file name
(:func:`encode_key`). A call that AWS answered with an error is kept as ``<...>.error.json`` holding
``{"Error": {"Code": ..., "Message": ...}}``: a "not found" code means the thing does not exist
(a bucket without a policy), any other code is a coverage gap. A file that is absent means
"not collected" — never "no resources".

The :data:`CALLS` table lists every call keyaki reads: its service, operation, scope, and which
parameter is the key. ``docs/snapshot.md`` is generated from the same facts.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, unquote

FORMAT_NAME = "keyaki-snapshot"
FORMAT_VERSION = 1
GLOBAL = "global"
MANIFEST = "manifest.json"
ORG_DIR = "organizations"
ACCOUNTS_DIR = "accounts"
ERROR_SUFFIX = ".error.json"

# Error codes that mean "collected: the thing does not exist" rather than "could not read".
NOT_FOUND_CODES = frozenset(
    {
        "NoSuchBucketPolicy",
        "NoSuchPublicAccessBlockConfiguration",
        "ServerSideEncryptionConfigurationNotFoundError",
        "NoSuchEntity",
        "NoSuchEntityException",
        "ResourceNotFoundException",
        "PolicyNotFound",
        "PolicyNotFoundException",
        "RepositoryPolicyNotFoundException",
        "NoSuchLifecycleConfiguration",
        "NoSuchTagSet",
        "OwnershipControlsNotFoundError",
        "ReportNotPresent",
        "TrailNotFoundException",
        "InvalidSnapshot.NotFound",  # EC2: the snapshot was deleted between the list and the attribute call
        "DBSnapshotNotFound",
        "DBClusterSnapshotNotFoundFault",
        "NotFoundException",
        "LoadBalancerNotFound",
        "TargetGroupNotFound",
        "NoSuchConfigurationRecorderException",
        "InvalidAccessException",  # Security Hub: the account is not subscribed
        "BadRequestException",  # GuardDuty: no detector
        "AWSOrganizationsNotInUseException",
        "NoSuchAccessPointPolicy",  # S3 Control: an access point without a policy
    }
)


@dataclass(frozen=True, slots=True)
class Call:
    """One AWS CLI call a snapshot may hold."""

    service: str
    operation: str
    scope: str  # "org", "global" (per account) or "regional"
    key: str | None = None  # the CLI parameter whose value names the per-resource file
    note: str = ""


def _c(service: str, operation: str, scope: str, key: str | None = None, note: str = "") -> Call:
    return Call(service, operation, scope, key, note)


CALLS: tuple[Call, ...] = (
    # Organizations (read from the management or delegated-admin account)
    _c("organizations", "describe-organization", "org"),
    _c("organizations", "list-roots", "org"),
    _c("organizations", "list-accounts", "org"),
    _c("organizations", "list-organizational-units-for-parent", "org", "--parent-id"),
    _c("organizations", "list-accounts-for-parent", "org", "--parent-id"),
    _c("organizations", "list-policies", "org", "--filter", "SERVICE_CONTROL_POLICY, RESOURCE_CONTROL_POLICY"),
    _c("organizations", "describe-policy", "org", "--policy-id"),
    _c("organizations", "list-targets-for-policy", "org", "--policy-id"),
    _c("organizations", "list-delegated-administrators", "org"),
    _c("organizations", "list-delegated-services-for-account", "org", "--account-id"),
    # IAM (global)
    _c("iam", "get-account-authorization-details", "global"),
    _c("iam", "get-credential-report", "global", note="verbatim (base64 Content); or credential-report.csv"),
    _c("iam", "get-account-password-policy", "global"),
    _c("iam", "get-account-summary", "global"),
    _c("iam", "list-virtual-mfa-devices", "global"),
    _c("iam", "list-saml-providers", "global"),
    _c("iam", "list-open-id-connect-providers", "global"),
    _c("iam", "list-server-certificates", "global"),
    # S3 (global list; per-bucket calls keyed by bucket name)
    _c("s3api", "list-buckets", "global"),
    _c("s3api", "get-bucket-location", "global", "--bucket"),
    _c("s3api", "get-bucket-policy", "global", "--bucket"),
    _c("s3api", "get-bucket-policy-status", "global", "--bucket"),
    _c("s3api", "get-bucket-acl", "global", "--bucket"),
    _c("s3api", "get-public-access-block", "global", "--bucket"),
    _c("s3api", "get-bucket-encryption", "global", "--bucket"),
    _c("s3api", "get-bucket-versioning", "global", "--bucket"),
    _c("s3api", "get-bucket-logging", "global", "--bucket"),
    _c("s3api", "get-bucket-ownership-controls", "global", "--bucket"),
    _c("s3control", "get-public-access-block", "global", note="account-level Block Public Access"),
    # S3 access points (regional: the access point's region; per-access-point calls keyed by its name)
    _c("s3control", "list-access-points", "regional", note="--account-id ACCOUNT"),
    _c("s3control", "get-access-point", "regional", "--name", "--account-id ACCOUNT; its Block Public Access"),
    _c("s3control", "get-access-point-policy", "regional", "--name", "--account-id ACCOUNT"),
    _c("s3control", "get-access-point-policy-status", "regional", "--name", "--account-id ACCOUNT"),
    # KMS (keyed by key id)
    _c("kms", "list-keys", "regional"),
    _c("kms", "list-aliases", "regional"),
    _c("kms", "describe-key", "regional", "--key-id"),
    _c("kms", "get-key-policy", "regional", "--key-id", "--policy-name default"),
    _c("kms", "get-key-rotation-status", "regional", "--key-id"),
    _c("kms", "list-grants", "regional", "--key-id"),
    # Secrets Manager (keyed by secret name)
    _c("secretsmanager", "list-secrets", "regional", note="includes rotation and LastAccessedDate"),
    _c("secretsmanager", "describe-secret", "regional", "--secret-id"),
    _c("secretsmanager", "get-resource-policy", "regional", "--secret-id"),
    # EC2 / VPC
    _c("ec2", "describe-vpcs", "regional"),
    _c("ec2", "describe-subnets", "regional"),
    _c("ec2", "describe-route-tables", "regional"),
    _c("ec2", "describe-internet-gateways", "regional"),
    _c("ec2", "describe-egress-only-internet-gateways", "regional"),
    _c("ec2", "describe-nat-gateways", "regional"),
    _c("ec2", "describe-network-acls", "regional"),
    _c("ec2", "describe-security-groups", "regional"),
    _c("ec2", "describe-network-interfaces", "regional"),
    _c("ec2", "describe-instances", "regional"),
    _c("ec2", "describe-addresses", "regional"),
    _c("ec2", "describe-vpc-peering-connections", "regional"),
    _c("ec2", "describe-vpc-endpoints", "regional"),
    _c("ec2", "describe-managed-prefix-lists", "regional"),
    _c("ec2", "get-managed-prefix-list-entries", "regional", "--prefix-list-id"),
    _c("ec2", "describe-transit-gateways", "regional"),
    _c("ec2", "describe-vpn-gateways", "regional"),
    _c("ec2", "describe-flow-logs", "regional"),
    _c("ec2", "describe-volumes", "regional"),
    _c("ec2", "describe-snapshots", "regional", note="--owner-ids self"),
    _c("ec2", "describe-snapshot-attribute", "regional", "--snapshot-id", "--attribute createVolumePermission"),
    _c("ec2", "get-snapshot-block-public-access-state", "regional", note="EBS block public access for snapshots"),
    _c("ec2", "describe-images", "regional", note="--owners self"),
    _c("ec2", "get-ebs-encryption-by-default", "regional"),
    # RDS snapshots (sharing attributes of manual snapshots, keyed by snapshot identifier)
    _c("rds", "describe-db-snapshots", "regional"),
    _c("rds", "describe-db-snapshot-attributes", "regional", "--db-snapshot-identifier", "manual snapshots only"),
    _c("rds", "describe-db-cluster-snapshots", "regional"),
    _c(
        "rds",
        "describe-db-cluster-snapshot-attributes",
        "regional",
        "--db-cluster-snapshot-identifier",
        "manual snapshots only",
    ),
    # AWS Network Firewall (its own service; keyed by firewall name)
    _c("network-firewall", "list-firewalls", "regional"),
    _c("network-firewall", "describe-firewall", "regional", "--firewall-name"),
    # ELBv2 (per-load-balancer and per-target-group calls keyed by name)
    _c("elbv2", "describe-load-balancers", "regional"),
    _c("elbv2", "describe-load-balancer-attributes", "regional", "--load-balancer-arn", "key: load balancer name"),
    _c("elbv2", "describe-listeners", "regional", "--load-balancer-arn", "key: load balancer name"),
    _c("elbv2", "describe-target-groups", "regional"),
    _c("elbv2", "describe-target-health", "regional", "--target-group-arn", "key: target group name"),
    # Lambda, SQS, SNS, ECR (resource policies)
    _c("lambda", "list-functions", "regional"),
    _c("lambda", "get-policy", "regional", "--function-name"),
    _c("lambda", "get-function-url-config", "regional", "--function-name"),
    _c("lambda", "list-layers", "regional"),
    _c("lambda", "list-layer-versions", "regional", "--layer-name"),
    _c("lambda", "get-layer-version-policy", "regional", "--layer-name", "key: <name>:<version>; --version-number"),
    _c("sqs", "list-queues", "regional"),
    _c("sqs", "get-queue-attributes", "regional", "--queue-url", "key: queue name; --attribute-names All"),
    _c("sns", "list-topics", "regional"),
    _c("sns", "get-topic-attributes", "regional", "--topic-arn", "key: topic name"),
    _c("sns", "list-subscriptions", "regional"),
    _c("ecr", "describe-repositories", "regional"),
    _c("ecr", "get-repository-policy", "regional", "--repository-name"),
    # EFS, DynamoDB (resource policies)
    _c("efs", "describe-file-systems", "regional"),
    _c("efs", "describe-file-system-policy", "regional", "--file-system-id"),
    _c("dynamodb", "list-tables", "regional"),
    _c("dynamodb", "describe-table", "regional", "--table-name"),
    _c("dynamodb", "get-resource-policy", "regional", "--resource-arn", "key: table name, or <table>/stream/<label>"),
    # Logging and detection services
    _c("cloudtrail", "describe-trails", "regional", note="--include-shadow-trails"),
    _c("cloudtrail", "get-trail-status", "regional", "--name", "key: trail name"),
    _c("cloudtrail", "get-event-selectors", "regional", "--trail-name", "key: trail name"),
    _c("logs", "describe-metric-filters", "regional"),
    _c("cloudwatch", "describe-alarms", "regional", note="--alarm-types MetricAlarm"),
    _c("configservice", "describe-configuration-recorders", "regional"),
    _c("configservice", "describe-configuration-recorder-status", "regional"),
    _c("configservice", "describe-delivery-channels", "regional"),
    _c("guardduty", "list-detectors", "regional"),
    _c("guardduty", "get-detector", "regional", "--detector-id"),
    _c("securityhub", "describe-hub", "regional"),
    _c("securityhub", "get-enabled-standards", "regional"),
    _c("accessanalyzer", "list-analyzers", "regional"),
    _c("acm", "list-certificates", "regional", note="--includes keyTypes=... to list every key type"),
    _c("acm", "describe-certificate", "regional", "--certificate-arn", "key: certificate id (last ARN part)"),
)

CALLS_BY_NAME: dict[tuple[str, str], Call] = {(c.service, c.operation): c for c in CALLS}


def encode_key(key: str) -> str:
    """A file-name-safe form of a call's key (percent-encoding, reversible).

    >>> encode_key("prod/db/password")
    'prod%2Fdb%2Fpassword'
    >>> decode_key(encode_key("arn:aws:sns:us-east-1:111122223333:alerts"))
    'arn:aws:sns:us-east-1:111122223333:alerts'
    """
    return quote(key, safe="-_.@+=,")


def decode_key(name: str) -> str:
    """Inverse of :func:`encode_key`."""
    return unquote(name)


def call_path(account: str, region: str, service: str, operation: str, key: str | None = None) -> str:
    """The relative path of one call's response inside a snapshot.

    >>> call_path("111122223333", "us-east-1", "kms", "get-key-policy", "1234abcd")
    'accounts/111122223333/us-east-1/kms/get-key-policy/1234abcd.json'
    """
    base = f"{ACCOUNTS_DIR}/{account}/{region}/{service}/{operation}"
    return f"{base}/{encode_key(key)}.json" if key is not None else f"{base}.json"


def org_path(operation: str, key: str | None = None) -> str:
    """The relative path of an Organizations call's response.

    >>> org_path("describe-policy", "p-examplepolicyid111")
    'organizations/describe-policy/p-examplepolicyid111.json'
    """
    base = f"{ORG_DIR}/{operation}"
    return f"{base}/{encode_key(key)}.json" if key is not None else f"{base}.json"


def error_path(path: str) -> str:
    """Where the error AWS returned for a call is kept (beside the response it replaced).

    >>> error_path("accounts/1/global/s3api/get-bucket-policy/b.json")
    'accounts/1/global/s3api/get-bucket-policy/b.error.json'
    """
    return path[: -len(".json")] + ERROR_SUFFIX
