"""A compliant two-account organisation built from real-shaped AWS CLI JSON, and an in-memory snapshot.

Every check must PASS on :func:`baseline` (and find nothing to FAIL); each FAIL fixture is the baseline
plus one small mutation (see ``checks_cases.py``). Shapes are what ``aws <service> <op> --output json``
prints.
"""

from __future__ import annotations

import base64
import copy
import csv
import io
import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import PurePosixPath
from typing import Any

from keyaki.scan import ScanOptions
from keyaki.snapshot.layout import call_path, org_path
from keyaki.snapshot.load import Snapshot
from keyaki.snapshot.manifest import Manifest, parse_manifest
from keyaki.snapshot.storage import Storage

from .checks_monitoring import file_systems, monitoring

MGMT = "111111111111"
SEC = "222222222222"
ACCOUNTS = (MGMT, SEC)
REGION = "us-east-1"
NOW = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
OPTIONS = ScanOptions(now=NOW)

Files = dict[str, Any]
Mutation = Callable[[Files], None]


def ago(days: int) -> str:
    """An AWS CLI timestamp ``days`` before :data:`NOW`."""
    return (NOW - timedelta(days=days)).isoformat()


def p(account: str, service: str, op: str, key: str | None = None, region: str = REGION) -> str:
    """A call's path (``region="global"`` for IAM/S3)."""
    return call_path(account, region, service, op, key)


def g(account: str, service: str, op: str, key: str | None = None) -> str:
    return call_path(account, "global", service, op, key)


class MemStorage(Storage):
    """A snapshot held in a dict of relative path -> JSON value (or raw ``str`` text)."""

    def __init__(self, files: Files) -> None:
        self.display = "memory"
        self._files = {k: v if isinstance(v, str) else json.dumps(v) for k, v in files.items()}
        self._dirs: dict[str, set[str]] = {}
        for rel in self._files:
            parts = PurePosixPath(rel).parts
            for i in range(len(parts)):
                self._dirs.setdefault("/".join(parts[:i]), set()).add(parts[i])

    def exists(self, rel: str) -> bool:
        return rel in self._files

    def read_bytes(self, rel: str) -> bytes:
        return self._files[rel].encode()

    def listdir(self, rel: str) -> list[str]:
        return sorted(self._dirs.get(rel.strip("/"), set()))


def manifest() -> dict[str, Any]:
    return {
        "format": "keyaki-snapshot",
        "format_version": 1,
        "created": NOW.isoformat(),
        "organization": {"id": "o-exampleorgid", "management_account": MGMT},
        "accounts": [
            {"id": a, "name": n, "regions": [REGION]} for a, n in zip(ACCOUNTS, ("mgmt", "security"), strict=True)
        ],
    }


def snapshot(files: Files) -> Snapshot:
    m: Manifest = parse_manifest(files.get("manifest.json", manifest()), "memory")
    return Snapshot(MemStorage(files), m)


# ---- credential report ---------------------------------------------------------------------------
CRED_COLUMNS = [
    "user",
    "arn",
    "user_creation_time",
    "password_enabled",
    "password_last_used",
    "password_last_changed",
    "password_next_rotation",
    "mfa_active",
    "access_key_1_active",
    "access_key_1_last_rotated",
    "access_key_1_last_used_date",
    "access_key_1_last_used_region",
    "access_key_1_last_used_service",
    "access_key_2_active",
    "access_key_2_last_rotated",
    "access_key_2_last_used_date",
    "access_key_2_last_used_region",
    "access_key_2_last_used_service",
    "cert_1_active",
    "cert_1_last_rotated",
    "cert_2_active",
    "cert_2_last_rotated",
]


def cred_row(user: str, account: str, **values: str) -> dict[str, str]:
    arn = f"arn:aws:iam::{account}:root" if user == "<root_account>" else f"arn:aws:iam::{account}:user/{user}"
    row = dict.fromkeys(CRED_COLUMNS, "N/A")
    row.update(
        user=user,
        arn=arn,
        user_creation_time=ago(400),
        password_enabled="false",
        mfa_active="false",
        access_key_1_active="false",
        access_key_2_active="false",
        cert_1_active="false",
        cert_2_active="false",
    )
    row.update(values)
    return row


def set_cred_rows(files: Files, account: str, rows: list[dict[str, str]]) -> None:
    out = io.StringIO()
    w = csv.DictWriter(out, fieldnames=CRED_COLUMNS, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    content = base64.b64encode(out.getvalue().encode()).decode()
    files[g(account, "iam", "get-credential-report")] = {
        "Content": content,
        "ReportFormat": "text/csv",
        "GeneratedTime": ago(0),
    }


def cred_rows(files: Files, account: str) -> list[dict[str, str]]:
    content = files[g(account, "iam", "get-credential-report")]["Content"]
    return list(csv.DictReader(io.StringIO(base64.b64decode(content).decode())))


def edit_cred(account: str, user: str, **values: str) -> Mutation:
    """A mutation setting columns of one credential-report row."""

    def mutate(files: Files) -> None:
        rows = cred_rows(files, account)
        for r in rows:
            if r["user"] == user:
                r.update(values)
        set_cred_rows(files, account, rows)

    return mutate


def _iam(files: Files, a: str) -> None:
    set_cred_rows(
        files,
        a,
        [
            cred_row(
                "<root_account>", a, password_enabled="not_supported", password_last_used=ago(200), mfa_active="true"
            ),
            cred_row(
                "alice",
                a,
                password_enabled="true",
                password_last_used=ago(2),
                password_last_changed=ago(40),
                mfa_active="true",
                access_key_1_active="true",
                access_key_1_last_rotated=ago(30),
                access_key_1_last_used_date=ago(1),
                access_key_1_last_used_region=REGION,
                access_key_1_last_used_service="s3",
            ),
            cred_row(
                "deploy",
                a,
                mfa_active="true",
                access_key_1_active="true",
                access_key_1_last_rotated=ago(10),
                access_key_1_last_used_date=ago(0),
                access_key_1_last_used_region=REGION,
                access_key_1_last_used_service="sts",
            ),
        ],
    )
    files[g(a, "iam", "get-account-password-policy")] = {
        "PasswordPolicy": {
            "MinimumPasswordLength": 14,
            "RequireSymbols": True,
            "RequireNumbers": True,
            "RequireUppercaseCharacters": True,
            "RequireLowercaseCharacters": True,
            "AllowUsersToChangePassword": True,
            "ExpirePasswords": True,
            "MaxPasswordAge": 90,
            "PasswordReusePrevention": 24,
        }
    }
    files[g(a, "iam", "list-virtual-mfa-devices")] = {
        "VirtualMFADevices": [
            {
                "SerialNumber": f"arn:aws:iam::{a}:mfa/alice",
                "User": {"UserName": "alice", "Arn": f"arn:aws:iam::{a}:user/alice"},
                "EnableDate": ago(300),
            }
        ]
    }
    files[g(a, "iam", "list-server-certificates")] = {
        "ServerCertificateMetadataList": [
            {
                "Path": "/",
                "ServerCertificateName": "web",
                "ServerCertificateId": "ASCAEXAMPLE1",
                "Arn": f"arn:aws:iam::{a}:server-certificate/web",
                "UploadDate": ago(100),
                "Expiration": ago(-200),
            }
        ]
    }


def _gaad(files: Files, a: str) -> None:
    read = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Action": ["s3:GetObject", "s3:ListBucket"],
                "Resource": [f"arn:aws:s3:::data-{a}", f"arn:aws:s3:::data-{a}/*"],
            }
        ],
    }
    trust = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{a}:root"}, "Action": "sts:AssumeRole"}],
    }
    kms_use = {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Action": "kms:Decrypt", "Resource": f"arn:aws:kms:{REGION}:{a}:key/1234abcd"}
        ],
    }

    def pol(name: str, arn: str, doc: dict[str, Any], count: int) -> dict[str, Any]:
        return {
            "PolicyName": name,
            "PolicyId": "ANPA" + name.upper(),
            "Arn": arn,
            "Path": "/",
            "DefaultVersionId": "v1",
            "AttachmentCount": count,
            "IsAttachable": True,
            "CreateDate": ago(500),
            "UpdateDate": ago(500),
            "PolicyVersionList": [
                {"Document": doc, "VersionId": "v1", "IsDefaultVersion": True, "CreateDate": ago(500)}
            ],
        }

    support = "arn:aws:iam::aws:policy/AWSSupportAccess"
    files[g(a, "iam", "get-account-authorization-details")] = {
        "UserDetailList": [
            {
                "Path": "/",
                "UserName": u,
                "UserId": "AIDA" + u.upper(),
                "CreateDate": ago(400),
                "Arn": f"arn:aws:iam::{a}:user/{u}",
                "GroupList": ["developers"],
                "AttachedManagedPolicies": [],
                "UserPolicyList": [],
                "Tags": [],
            }
            for u in ("alice", "deploy")
        ],
        "GroupDetailList": [
            {
                "Path": "/",
                "GroupName": "developers",
                "GroupId": "AGPADEV",
                "CreateDate": ago(400),
                "Arn": f"arn:aws:iam::{a}:group/developers",
                "GroupPolicyList": [],
                "AttachedManagedPolicies": [
                    {"PolicyName": "app-read", "PolicyArn": f"arn:aws:iam::{a}:policy/app-read"}
                ],
            }
        ],
        "RoleDetailList": [
            {
                "Path": "/",
                "RoleName": "support",
                "RoleId": "AROASUPPORT",
                "CreateDate": ago(400),
                "Arn": f"arn:aws:iam::{a}:role/support",
                "AssumeRolePolicyDocument": trust,
                "InstanceProfileList": [],
                "RolePolicyList": [{"PolicyName": "kms-use", "PolicyDocument": kms_use}],
                "AttachedManagedPolicies": [{"PolicyName": "AWSSupportAccess", "PolicyArn": support}],
                "Tags": [],
                "RoleLastUsed": {},
            }
        ],
        "Policies": [
            pol("app-read", f"arn:aws:iam::{a}:policy/app-read", read, 1),
            pol(
                "AWSSupportAccess",
                support,
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["support:*"], "Resource": "*"}]},
                1,
            ),
        ],
    }


def _logging(files: Files, a: str) -> None:
    trail = f"arn:aws:cloudtrail:{REGION}:{MGMT}:trail/org-trail"
    files[p(a, "cloudtrail", "describe-trails")] = {
        "trailList": [
            {
                "Name": "org-trail",
                "S3BucketName": "org-cloudtrail-logs",
                "IncludeGlobalServiceEvents": True,
                "IsMultiRegionTrail": True,
                "HomeRegion": REGION,
                "TrailARN": trail,
                "LogFileValidationEnabled": True,
                "CloudWatchLogsLogGroupArn": f"arn:aws:logs:{REGION}:{MGMT}:log-group:org-trail:*",
                "KmsKeyId": f"arn:aws:kms:{REGION}:{MGMT}:key/trailkey",
                "HasCustomEventSelectors": True,
                "HasInsightSelectors": False,
                "IsOrganizationTrail": True,
            }
        ]
    }
    files[p(a, "cloudtrail", "get-trail-status", "org-trail")] = {"IsLogging": True, "LatestDeliveryTime": ago(0)}
    files[p(a, "cloudtrail", "get-event-selectors", "org-trail")] = {
        "TrailARN": trail,
        "EventSelectors": [
            {
                "ReadWriteType": "All",
                "IncludeManagementEvents": True,
                "ExcludeManagementEventSources": [],
                "DataResources": [{"Type": "AWS::S3::Object", "Values": ["arn:aws:s3"]}],
            }
        ],
    }
    if a == MGMT:
        files[g(a, "s3api", "get-bucket-logging", "org-cloudtrail-logs")] = {
            "LoggingEnabled": {"TargetBucket": "org-access-logs", "TargetPrefix": "cloudtrail/"}
        }
    files[p(a, "configservice", "describe-configuration-recorders")] = {
        "ConfigurationRecorders": [
            {
                "name": "default",
                "roleARN": f"arn:aws:iam::{a}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig",
                "recordingGroup": {"allSupported": True, "includeGlobalResourceTypes": True, "resourceTypes": []},
            }
        ]
    }
    files[p(a, "configservice", "describe-configuration-recorder-status")] = {
        "ConfigurationRecordersStatus": [
            {"name": "default", "lastStartTime": ago(300), "recording": True, "lastStatus": "SUCCESS"}
        ]
    }
    files[p(a, "configservice", "describe-delivery-channels")] = {
        "DeliveryChannels": [{"name": "default", "s3BucketName": "config-bucket"}]
    }


GD_FEATURES = (
    "CLOUD_TRAIL",
    "DNS_LOGS",
    "FLOW_LOGS",
    "S3_DATA_EVENTS",
    "EKS_AUDIT_LOGS",
    "EBS_MALWARE_PROTECTION",
    "RDS_LOGIN_EVENTS",
    "LAMBDA_NETWORK_LOGS",
)


FSBP_ARN = "aws-foundational-security-best-practices/v/1.0.0"


def _detection(files: Files, a: str) -> None:
    det = "12abc34d567e8fa901bc2d34e56789f0"
    files[p(a, "guardduty", "list-detectors")] = {"DetectorIds": [det]}
    features = [{"Name": f, "Status": "ENABLED", "UpdatedAt": ago(100)} for f in GD_FEATURES]
    features.append(
        {
            "Name": "RUNTIME_MONITORING",
            "Status": "ENABLED",
            "UpdatedAt": ago(100),
            "AdditionalConfiguration": [
                {"Name": n, "Status": "ENABLED", "UpdatedAt": ago(100)}
                for n in ("EKS_ADDON_MANAGEMENT", "ECS_FARGATE_AGENT_MANAGEMENT", "EC2_AGENT_MANAGEMENT")
            ],
        }
    )
    files[p(a, "guardduty", "get-detector", det)] = {
        "CreatedAt": ago(400),
        "FindingPublishingFrequency": "SIX_HOURS",
        "ServiceRole": f"arn:aws:iam::{a}:role/aws-service-role/"
        "guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty",
        "Status": "ENABLED",
        "UpdatedAt": ago(100),
        "Features": features,
    }
    files[p(a, "securityhub", "describe-hub")] = {
        "HubArn": f"arn:aws:securityhub:{REGION}:{a}:hub/default",
        "SubscribedAt": ago(400),
        "AutoEnableControls": True,
        "ControlFindingGenerator": "SECURITY_CONTROL",
    }
    files[p(a, "securityhub", "get-enabled-standards")] = {
        "StandardsSubscriptions": [
            {
                "StandardsSubscriptionArn": f"arn:aws:securityhub:{REGION}:{a}:subscription/{FSBP_ARN}",
                "StandardsArn": f"arn:aws:securityhub:{REGION}::standards/{FSBP_ARN}",
                "StandardsInput": {},
                "StandardsStatus": "READY",
            }
        ]
    }
    files[p(a, "accessanalyzer", "list-analyzers")] = {
        "analyzers": []
        if a == MGMT
        else [
            {
                "arn": f"arn:aws:access-analyzer:{REGION}:{a}:analyzer/org",
                "name": "org",
                "type": "ORGANIZATION",
                "createdAt": ago(300),
                "status": "ACTIVE",
            }
        ]
    }


def _data(files: Files, a: str) -> None:
    key = "1234abcd-12ab-34cd-56ef-1234567890ab"
    arn = f"arn:aws:kms:{REGION}:{a}:key/{key}"
    files[p(a, "kms", "list-keys")] = {"Keys": [{"KeyId": key, "KeyArn": arn}]}
    files[p(a, "kms", "describe-key", key)] = {
        "KeyMetadata": {
            "AWSAccountId": a,
            "KeyId": key,
            "Arn": arn,
            "CreationDate": ago(500),
            "Enabled": True,
            "Description": "app data",
            "KeyUsage": "ENCRYPT_DECRYPT",
            "KeyState": "Enabled",
            "Origin": "AWS_KMS",
            "KeyManager": "CUSTOMER",
            "CustomerMasterKeySpec": "SYMMETRIC_DEFAULT",
            "KeySpec": "SYMMETRIC_DEFAULT",
            "EncryptionAlgorithms": ["SYMMETRIC_DEFAULT"],
            "MultiRegion": False,
        }
    }
    files[p(a, "kms", "get-key-rotation-status", key)] = {
        "KeyRotationEnabled": True,
        "KeyId": arn,
        "RotationPeriodInDays": 365,
    }
    files[p(a, "secretsmanager", "list-secrets")] = {
        "SecretList": [
            {
                "ARN": f"arn:aws:secretsmanager:{REGION}:{a}:secret:prod/db-AbCdEf",
                "Name": "prod/db",
                "KmsKeyId": arn,
                "RotationEnabled": True,
                "RotationLambdaARN": f"arn:aws:lambda:{REGION}:{a}:function:rotate-db",
                "RotationRules": {"AutomaticallyAfterDays": 30},
                "LastRotatedDate": ago(10),
                "LastChangedDate": ago(10),
                "LastAccessedDate": ago(1)[:10] + "T00:00:00+00:00",
                "CreatedDate": ago(300),
                "Tags": [{"Key": "owner", "Value": "platform"}],
                "SecretVersionsToStages": {},
            }
        ]
    }
    cert = f"arn:aws:acm:{REGION}:{a}:certificate/1111aaaa-22bb-33cc-44dd-555555eeeeee"
    files[p(a, "acm", "list-certificates")] = {
        "CertificateSummaryList": [
            {
                "CertificateArn": cert,
                "DomainName": "www.example.com",
                "Type": "AMAZON_ISSUED",
                "Status": "ISSUED",
                "KeyAlgorithm": "RSA-2048",
                "InUse": True,
                "NotAfter": ago(-200),
            }
        ]
    }
    files[p(a, "acm", "describe-certificate", cert.rsplit("/", 1)[1])] = {
        "Certificate": {
            "CertificateArn": cert,
            "DomainName": "www.example.com",
            "Type": "AMAZON_ISSUED",
            "Status": "ISSUED",
            "NotAfter": ago(-200),
            "NotBefore": ago(165),
            "KeyAlgorithm": "RSA_2048",
            "InUseBy": [f"arn:aws:elasticloadbalancing:{REGION}:{a}:loadbalancer/app/web/50dc6c495c0c9188"],
            "Options": {"CertificateTransparencyLoggingPreference": "ENABLED"},
            "RenewalEligibility": "ELIGIBLE",
        }
    }


def _acl(acl_id: str, default: bool, subnets: list[str]) -> dict[str, Any]:
    def e(n: int, proto: str, action: str, cidr: str, port: int | None = None, egress: bool = False) -> dict[str, Any]:
        entry: dict[str, Any] = {"RuleNumber": n, "Protocol": proto, "RuleAction": action, "Egress": egress}
        entry["Ipv6CidrBlock" if ":" in cidr else "CidrBlock"] = cidr
        if port is not None:
            entry["PortRange"] = {"From": port, "To": port}
        return entry

    entries = [
        e(90, "6", "deny", "0.0.0.0/0", 22),
        e(91, "6", "deny", "0.0.0.0/0", 3389),
        e(92, "6", "deny", "::/0", 22),
        e(93, "6", "deny", "::/0", 3389),
        e(100, "-1", "allow", "0.0.0.0/0"),
        e(101, "-1", "allow", "::/0"),
        e(32767, "-1", "deny", "0.0.0.0/0"),
        e(100, "-1", "allow", "0.0.0.0/0", egress=True),
        e(32767, "-1", "deny", "0.0.0.0/0", egress=True),
    ]
    return {
        "NetworkAclId": acl_id,
        "VpcId": "vpc-0a1",
        "IsDefault": default,
        "Entries": entries,
        "Associations": [
            {"NetworkAclAssociationId": f"aclassoc-{s}", "NetworkAclId": acl_id, "SubnetId": s} for s in subnets
        ],
        "OwnerId": "x",
    }


def _ec2(files: Files, a: str) -> None:
    files[p(a, "ec2", "describe-vpcs")] = {
        "Vpcs": [
            {"VpcId": "vpc-0a1", "CidrBlock": "10.0.0.0/16", "State": "available", "IsDefault": False, "OwnerId": a}
        ]
    }
    files[p(a, "ec2", "describe-subnets")] = {
        "Subnets": [
            {
                "SubnetId": "subnet-0a1",
                "VpcId": "vpc-0a1",
                "CidrBlock": "10.0.1.0/24",
                "AvailabilityZone": "us-east-1a",
                "MapPublicIpOnLaunch": False,
                "SubnetArn": f"arn:aws:ec2:{REGION}:{a}:subnet/subnet-0a1",
            }
        ]
    }
    egress_all = [
        {
            "IpProtocol": "-1",
            "IpRanges": [{"CidrIp": "0.0.0.0/0"}],
            "Ipv6Ranges": [],
            "PrefixListIds": [],
            "UserIdGroupPairs": [],
        }
    ]
    files[p(a, "ec2", "describe-security-groups")] = {
        "SecurityGroups": [
            {
                "GroupId": "sg-000default",
                "GroupName": "default",
                "Description": "default VPC security group",
                "VpcId": "vpc-0a1",
                "OwnerId": a,
                "IpPermissions": [],
                "IpPermissionsEgress": [],
            },
            {
                "GroupId": "sg-0web",
                "GroupName": "web",
                "Description": "https",
                "VpcId": "vpc-0a1",
                "OwnerId": a,
                "IpPermissions": [
                    {
                        "IpProtocol": "tcp",
                        "FromPort": 443,
                        "ToPort": 443,
                        "IpRanges": [{"CidrIp": "0.0.0.0/0"}],
                        "Ipv6Ranges": [{"CidrIpv6": "::/0"}],
                        "PrefixListIds": [],
                        "UserIdGroupPairs": [],
                    },
                    {
                        "IpProtocol": "tcp",
                        "FromPort": 22,
                        "ToPort": 22,
                        "IpRanges": [{"CidrIp": "10.0.0.0/8"}],
                        "Ipv6Ranges": [],
                        "PrefixListIds": [],
                        "UserIdGroupPairs": [],
                    },
                ],
                "IpPermissionsEgress": egress_all,
            },
        ]
    }
    files[p(a, "ec2", "describe-network-acls")] = {
        "NetworkAcls": [_acl("acl-0default", True, []), _acl("acl-0b2", False, ["subnet-0a1"])]
    }
    eni = {
        "NetworkInterfaceId": "eni-0a1",
        "SubnetId": "subnet-0a1",
        "VpcId": "vpc-0a1",
        "Status": "in-use",
        "Groups": [{"GroupId": "sg-0web", "GroupName": "web"}],
        "Attachment": {"InstanceId": "i-0a1"},
    }
    files[p(a, "ec2", "describe-network-interfaces")] = {"NetworkInterfaces": [eni]}

    def inst(iid: str, state: str, reason: str) -> dict[str, Any]:
        return {
            "InstanceId": iid,
            "ImageId": "ami-0a1",
            "InstanceType": "t3.micro",
            "LaunchTime": ago(60),
            "State": {"Code": 16 if state == "running" else 80, "Name": state},
            "StateTransitionReason": reason,
            "SubnetId": "subnet-0a1",
            "VpcId": "vpc-0a1",
            "PrivateIpAddress": "10.0.1.10",
            "VirtualizationType": "hvm",
            "NetworkInterfaces": [eni],
            "MetadataOptions": {
                "State": "applied",
                "HttpTokens": "required",
                "HttpPutResponseHopLimit": 2,
                "HttpEndpoint": "enabled",
            },
        }

    stopped = f"User initiated ({(NOW - timedelta(days=10)).strftime('%Y-%m-%d %H:%M:%S')} GMT)"
    files[p(a, "ec2", "describe-instances")] = {
        "Reservations": [
            {
                "ReservationId": "r-1",
                "OwnerId": a,
                "Instances": [inst("i-0a1", "running", ""), inst("i-0b2", "stopped", stopped)],
            }
        ]
    }
    files[p(a, "ec2", "describe-volumes")] = {
        "Volumes": [
            {
                "VolumeId": "vol-0a1",
                "Size": 8,
                "State": "in-use",
                "Encrypted": True,
                "Attachments": [
                    {"InstanceId": "i-0a1", "Device": "/dev/xvda", "State": "attached", "VolumeId": "vol-0a1"}
                ],
            }
        ]
    }
    files[p(a, "ec2", "get-ebs-encryption-by-default")] = {"EbsEncryptionByDefault": True}
    files[p(a, "ec2", "describe-flow-logs")] = {
        "FlowLogs": [{"FlowLogId": "fl-0a1", "FlowLogStatus": "ACTIVE", "ResourceId": "vpc-0a1", "TrafficType": "ALL"}]
    }
    files[p(a, "ec2", "describe-transit-gateways")] = {
        "TransitGateways": [
            {
                "TransitGatewayId": "tgw-0a1",
                "TransitGatewayArn": f"arn:aws:ec2:{REGION}:{a}:transit-gateway/tgw-0a1",
                "State": "available",
                "Options": {"AutoAcceptSharedAttachments": "disable"},
            }
        ]
    }
    files[p(a, "ec2", "describe-addresses")] = {
        "Addresses": [
            {
                "PublicIp": "203.0.113.10",
                "AllocationId": "eipalloc-0a1",
                "AssociationId": "eipassoc-0a1",
                "Domain": "vpc",
                "NetworkInterfaceId": "eni-0a1",
            }
        ]
    }
    files[p(a, "ec2", "describe-vpc-endpoints")] = {
        "VpcEndpoints": [
            {
                "VpcEndpointId": "vpce-0a1",
                "VpcEndpointType": "Interface",
                "VpcId": "vpc-0a1",
                "ServiceName": f"com.amazonaws.{REGION}.ec2",
                "State": "available",
            }
        ]
    }
    files[p(a, "ec2", "describe-snapshots")] = {
        "Snapshots": [
            {"SnapshotId": "snap-0a1", "VolumeId": "vol-0a1", "State": "completed", "Encrypted": True, "OwnerId": a}
        ]
    }
    files[p(a, "ec2", "describe-images")] = {
        "Images": [{"ImageId": "ami-0a1", "Public": False, "OwnerId": a, "State": "available", "Name": "golden"}]
    }


def _apps(files: Files, a: str) -> None:
    lb = f"arn:aws:elasticloadbalancing:{REGION}:{a}:loadbalancer/app/web/50dc6c495c0c9188"
    files[p(a, "elbv2", "describe-load-balancers")] = {
        "LoadBalancers": [
            {
                "LoadBalancerArn": lb,
                "DNSName": "web-1.us-east-1.elb.amazonaws.com",
                "LoadBalancerName": "web",
                "Scheme": "internet-facing",
                "VpcId": "vpc-0a1",
                "State": {"Code": "active"},
                "Type": "application",
                "AvailabilityZones": [
                    {"ZoneName": "us-east-1a", "SubnetId": "subnet-0a1"},
                    {"ZoneName": "us-east-1b", "SubnetId": "subnet-0b2"},
                ],
                "SecurityGroups": ["sg-0web"],
            }
        ]
    }
    attrs = {
        "access_logs.s3.enabled": "true",
        "access_logs.s3.bucket": "lb-logs",
        "deletion_protection.enabled": "true",
        "routing.http.drop_invalid_header_fields.enabled": "true",
        "routing.http.desync_mitigation_mode": "defensive",
        "idle_timeout.timeout_seconds": "60",
    }
    files[p(a, "elbv2", "describe-load-balancer-attributes", "web")] = {
        "Attributes": [{"Key": k, "Value": v} for k, v in attrs.items()]
    }
    files[p(a, "elbv2", "describe-listeners", "web")] = {
        "Listeners": [
            {
                "ListenerArn": f"{lb}/l1",
                "LoadBalancerArn": lb,
                "Port": 80,
                "Protocol": "HTTP",
                "DefaultActions": [
                    {
                        "Type": "redirect",
                        "Order": 1,
                        "RedirectConfig": {
                            "Protocol": "HTTPS",
                            "Port": "443",
                            "Host": "#{host}",
                            "Path": "/#{path}",
                            "StatusCode": "HTTP_301",
                        },
                    }
                ],
            },
            {
                "ListenerArn": f"{lb}/l2",
                "LoadBalancerArn": lb,
                "Port": 443,
                "Protocol": "HTTPS",
                "SslPolicy": "ELBSecurityPolicy-TLS13-1-2-2021-06",
                "Certificates": [{"CertificateArn": "arn:aws:acm:x"}],
                "DefaultActions": [{"Type": "forward", "TargetGroupArn": "arn:aws:elasticloadbalancing:x"}],
            },
        ]
    }
    files[p(a, "ec2", "describe-subnets")]["Subnets"].append(
        {
            "SubnetId": "subnet-0b2",
            "VpcId": "vpc-0a1",
            "CidrBlock": "10.0.2.0/24",
            "AvailabilityZone": "us-east-1b",
            "MapPublicIpOnLaunch": False,
        }
    )
    files[p(a, "lambda", "list-functions")] = {
        "Functions": [
            {
                "FunctionName": "api",
                "FunctionArn": f"arn:aws:lambda:{REGION}:{a}:function:api",
                "Runtime": "python3.12",
                "Role": f"arn:aws:iam::{a}:role/api",
                "Handler": "app.handler",
                "PackageType": "Zip",
                "VpcConfig": {
                    "SubnetIds": ["subnet-0a1", "subnet-0b2"],
                    "SecurityGroupIds": ["sg-0web"],
                    "VpcId": "vpc-0a1",
                },
            }
        ]
    }
    url = f"https://sqs.{REGION}.amazonaws.com/{a}/orders"
    files[p(a, "sqs", "list-queues")] = {"QueueUrls": [url]}
    files[p(a, "sqs", "get-queue-attributes", "orders")] = {
        "Attributes": {
            "QueueArn": f"arn:aws:sqs:{REGION}:{a}:orders",
            "SqsManagedSseEnabled": "true",
            "VisibilityTimeout": "30",
        }
    }
    topic = f"arn:aws:sns:{REGION}:{a}:alerts"
    files[p(a, "sns", "list-topics")] = {"Topics": [{"TopicArn": topic}]}
    files[p(a, "sns", "get-topic-attributes", "alerts")] = {
        "Attributes": {"TopicArn": topic, "KmsMasterKeyId": "alias/aws/sns", "Owner": a}
    }
    files[p(a, "ecr", "describe-repositories")] = {
        "repositories": [
            {
                "repositoryArn": f"arn:aws:ecr:{REGION}:{a}:repository/api",
                "registryId": a,
                "repositoryName": "api",
                "repositoryUri": f"{a}.dkr.ecr.{REGION}.amazonaws.com/api",
                "createdAt": ago(300),
                "imageTagMutability": "IMMUTABLE",
                "imageScanningConfiguration": {"scanOnPush": True},
                "encryptionConfiguration": {"encryptionType": "KMS", "kmsKey": f"arn:aws:kms:{REGION}:{a}:key/x"},
            }
        ]
    }


def _s3(files: Files, a: str) -> None:
    bucket = f"data-{a}"
    bpa = {"BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True}
    files[g(a, "s3control", "get-public-access-block")] = {"PublicAccessBlockConfiguration": dict(bpa)}
    files[g(a, "s3api", "list-buckets")] = {
        "Buckets": [{"Name": bucket, "CreationDate": ago(500)}],
        "Owner": {"DisplayName": "owner", "ID": "abc"},
    }
    files[g(a, "s3api", "get-bucket-location", bucket)] = {"LocationConstraint": None}
    files[g(a, "s3api", "get-public-access-block", bucket)] = {"PublicAccessBlockConfiguration": dict(bpa)}
    files[g(a, "s3api", "get-bucket-acl", bucket)] = {
        "Owner": {"ID": "abc"},
        "Grants": [{"Grantee": {"ID": "abc", "Type": "CanonicalUser"}, "Permission": "FULL_CONTROL"}],
    }
    files[g(a, "s3api", "get-bucket-encryption", bucket)] = {
        "ServerSideEncryptionConfiguration": {
            "Rules": [
                {
                    "ApplyServerSideEncryptionByDefault": {
                        "SSEAlgorithm": "aws:kms",
                        "KMSMasterKeyID": "arn:aws:kms:x",
                    },
                    "BucketKeyEnabled": True,
                }
            ]
        }
    }
    files[g(a, "s3api", "get-bucket-versioning", bucket)] = {"Status": "Enabled", "MFADelete": "Enabled"}
    files[g(a, "s3api", "get-bucket-logging", bucket)] = {
        "LoggingEnabled": {"TargetBucket": "logs", "TargetPrefix": "x/"}
    }
    files[g(a, "s3api", "get-bucket-ownership-controls", bucket)] = {
        "OwnershipControls": {"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]}
    }


def stmt(effect: str, principal: Any, action: Any, resource: Any, condition: Any = None) -> dict[str, Any]:
    out = {"Effect": effect, "Principal": principal, "Action": action, "Resource": resource}
    if condition:
        out["Condition"] = condition
    return out


def doc(*statements: dict[str, Any]) -> str:
    """A policy document as AWS returns it inside attributes: a JSON string."""
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def _policies(files: Files, a: str) -> None:
    bucket = f"data-{a}"
    files[g(a, "s3api", "get-bucket-policy", bucket)] = {
        "Policy": doc(
            stmt(
                "Deny",
                "*",
                "s3:*",
                [f"arn:aws:s3:::{bucket}", f"arn:aws:s3:::{bucket}/*"],
                {"Bool": {"aws:SecureTransport": "false"}},
            ),
            stmt("Allow", {"AWS": f"arn:aws:iam::{a}:role/support"}, "s3:GetObject", f"arn:aws:s3:::{bucket}/*"),
        )
    }
    topic = f"arn:aws:sns:{REGION}:{a}:alerts"
    files[p(a, "sqs", "get-queue-attributes", "orders")]["Attributes"]["Policy"] = doc(
        stmt(
            "Allow", "*", "sqs:SendMessage", f"arn:aws:sqs:{REGION}:{a}:orders", {"ArnEquals": {"aws:SourceArn": topic}}
        )
    )
    files[p(a, "sns", "get-topic-attributes", "alerts")]["Attributes"]["Policy"] = doc(
        stmt(
            "Allow",
            {"AWS": "*"},
            ["SNS:Publish", "SNS:Subscribe", "SNS:GetTopicAttributes"],
            topic,
            {"StringEquals": {"AWS:SourceOwner": a}},
        )
    )
    fn = f"arn:aws:lambda:{REGION}:{a}:function:api"
    files[p(a, "lambda", "get-policy", "api")] = {
        "Policy": doc(
            stmt(
                "Allow",
                {"Service": "apigateway.amazonaws.com"},
                "lambda:InvokeFunction",
                fn,
                {"ArnLike": {"AWS:SourceArn": f"arn:aws:execute-api:{REGION}:{a}:abc123/*"}},
            )
        ),
        "RevisionId": "r1",
    }
    files[p(a, "ecr", "get-repository-policy", "api").replace(".json", ".error.json")] = {
        "Error": {"Code": "RepositoryPolicyNotFoundException", "Message": "no policy"}
    }
    secret = f"arn:aws:secretsmanager:{REGION}:{a}:secret:prod/db-AbCdEf"
    files[p(a, "secretsmanager", "get-resource-policy", "prod/db")] = {
        "ARN": secret,
        "Name": "prod/db",
        "ResourcePolicy": doc(
            stmt("Allow", {"AWS": f"arn:aws:iam::{a}:role/support"}, "secretsmanager:GetSecretValue", "*")
        ),
    }
    key = "1234abcd-12ab-34cd-56ef-1234567890ab"
    files[p(a, "kms", "get-key-policy", key)] = {
        "PolicyName": "default",
        "Policy": doc(stmt("Allow", {"AWS": f"arn:aws:iam::{a}:root"}, "kms:*", "*")),
    }


def _monitoring(files: Files, a: str) -> None:
    files[p(a, "efs", "describe-file-systems")] = file_systems(a, REGION)
    if a == MGMT:
        data = monitoring(MGMT, REGION)
        files[p(a, "logs", "describe-metric-filters")] = data["describe-metric-filters"]
        files[p(a, "cloudwatch", "describe-alarms")] = data["describe-alarms"]
        files[p(a, "sns", "list-subscriptions")] = data["list-subscriptions"]


BUILDERS: list[Callable[[Files, str], None]] = [
    _iam,
    _gaad,
    _logging,
    _detection,
    _data,
    _ec2,
    _apps,
    _s3,
    _policies,
    _monitoring,
]


ROOT = "r-ab12"
OU = "ou-ab12-security"
SCP_TYPE = "SERVICE_CONTROL_POLICY"


def _org(files: Files) -> None:
    org_arn = f"arn:aws:organizations::{MGMT}:organization/o-exampleorgid"
    org_file(
        files,
        "describe-organization",
        {
            "Organization": {
                "Id": "o-exampleorgid",
                "Arn": org_arn,
                "FeatureSet": "ALL",
                "MasterAccountId": MGMT,
                "MasterAccountArn": f"arn:aws:organizations::{MGMT}:account/o-exampleorgid/{MGMT}",
                "MasterAccountEmail": "aws@example.com",
                "AvailablePolicyTypes": [],
            }
        },
    )
    org_file(
        files,
        "list-roots",
        {
            "Roots": [
                {
                    "Id": ROOT,
                    "Name": "Root",
                    "Arn": f"arn:aws:organizations::{MGMT}:root/o-exampleorgid/{ROOT}",
                    "PolicyTypes": [{"Type": SCP_TYPE, "Status": "ENABLED"}],
                }
            ]
        },
    )
    accounts = [
        {
            "Id": a,
            "Name": n,
            "Email": f"{n}@example.com",
            "Status": "ACTIVE",
            "JoinedMethod": "CREATED",
            "Arn": f"arn:aws:organizations::{MGMT}:account/o-exampleorgid/{a}",
        }
        for a, n in ((MGMT, "mgmt"), (SEC, "security"))
    ]
    org_file(files, "list-accounts", {"Accounts": accounts})
    org_file(
        files,
        "list-organizational-units-for-parent",
        {
            "OrganizationalUnits": [
                {"Id": OU, "Name": "Security", "Arn": f"arn:aws:organizations::{MGMT}:ou/o-exampleorgid/{OU}"}
            ]
        },
        ROOT,
    )
    org_file(files, "list-organizational-units-for-parent", {"OrganizationalUnits": []}, OU)
    org_file(files, "list-accounts-for-parent", {"Accounts": [accounts[0]]}, ROOT)
    org_file(files, "list-accounts-for-parent", {"Accounts": [accounts[1]]}, OU)
    full = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]})
    guard = json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Deny",
                    "Resource": "*",
                    "Action": [
                        "organizations:LeaveOrganization",
                        "cloudtrail:StopLogging",
                        "cloudtrail:DeleteTrail",
                        "cloudtrail:UpdateTrail",
                        "cloudtrail:PutEventSelectors",
                    ],
                }
            ],
        }
    )
    org_file(
        files,
        "list-policies",
        {
            "Policies": [
                {"Id": "p-FullAWSAccess", "Name": "FullAWSAccess", "Type": SCP_TYPE, "AwsManaged": True},
                {"Id": "p-guardrails", "Name": "guardrails", "Type": SCP_TYPE, "AwsManaged": False},
            ]
        },
        SCP_TYPE,
    )
    for pid, content in (("p-FullAWSAccess", full), ("p-guardrails", guard)):
        org_file(
            files,
            "describe-policy",
            {"Policy": {"PolicySummary": {"Id": pid, "Type": SCP_TYPE}, "Content": content}},
            pid,
        )
        org_file(
            files, "list-targets-for-policy", {"Targets": [{"TargetId": ROOT, "Type": "ROOT", "Name": "Root"}]}, pid
        )
    org_file(
        files,
        "list-delegated-administrators",
        {"DelegatedAdministrators": [{"Id": SEC, "Name": "security", "Status": "ACTIVE", "JoinedMethod": "CREATED"}]},
    )
    org_file(
        files,
        "list-delegated-services-for-account",
        {
            "DelegatedServices": [
                {"ServicePrincipal": s, "DelegationEnabledDate": ago(300)}
                for s in (
                    "securityhub.amazonaws.com",
                    "guardduty.amazonaws.com",
                    "detective.amazonaws.com",
                    "access-analyzer.amazonaws.com",
                )
            ]
        },
        SEC,
    )


def baseline() -> Files:
    """The compliant organisation (fresh copy each call)."""
    files: Files = {"manifest.json": manifest()}
    _org(files)
    for a in ACCOUNTS:
        for build in BUILDERS:
            build(files, a)
    return copy.deepcopy(files)


def org_file(files: Files, op: str, data: Any, key: str | None = None) -> None:
    files[org_path(op, key)] = data
