"""FAIL fixtures: for each check, one mutation of the compliant baseline that the check must FAIL.

Mutations are small and real-shaped: an edited credential-report row, a changed attribute, a removed
setting. Named helpers keep each case to a line or two.
"""

from __future__ import annotations

from .checks_monitoring import MONITORING, metric
from .checks_snapshot import MGMT, REGION, ROOT, SEC, Files, Mutation, ago, doc, edit_cred, g, org_file, p, stmt


def _set(path: str, value: object) -> Mutation:
    def mutate(files: Files) -> None:
        files[path] = value

    return mutate


def _not_found(path: str, code: str) -> Mutation:
    """AWS answered "not found" for this call (the setting does not exist)."""

    def mutate(files: Files) -> None:
        files.pop(path, None)
        files[path.replace(".json", ".error.json")] = {"Error": {"Code": code, "Message": "not found"}}

    return mutate


def _pw(**changes: object) -> Mutation:
    def mutate(files: Files) -> None:
        files[g(SEC, "iam", "get-account-password-policy")]["PasswordPolicy"].update(changes)

    return mutate


def _virtual_root_mfa(files: Files) -> None:
    files[g(MGMT, "iam", "list-virtual-mfa-devices")]["VirtualMFADevices"].append(
        {
            "SerialNumber": f"arn:aws:iam::{MGMT}:mfa/root-account-mfa-device",
            "User": {"Arn": f"arn:aws:iam::{MGMT}:root"},
            "EnableDate": ago(30),
        }
    )


def _expired_cert(files: Files) -> None:
    files[g(SEC, "iam", "list-server-certificates")]["ServerCertificateMetadataList"][0]["Expiration"] = ago(3)


def _edit(path: str, *where: str | int, **changes: object) -> Mutation:
    """Update the dict at ``files[path][where...]`` with ``changes``."""

    def mutate(files: Files) -> None:
        node = files[path]
        for step in where:
            node = node[step]
        node.update(changes)

    return mutate


def _trail(**changes: object) -> Mutation:
    return _edit(p(MGMT, "cloudtrail", "describe-trails"), "trailList", 0, **changes)


def _selectors(*selectors: dict[str, object]) -> Mutation:
    return _set(p(SEC, "cloudtrail", "get-event-selectors", "org-trail"), {"EventSelectors": list(selectors)})


def _filter_misses(check_id: str) -> Mutation:
    """The control's metric filter counts something else: its sample events go unseen."""

    def mutate(files: Files) -> None:
        for f in files[p(MGMT, "logs", "describe-metric-filters")]["metricFilters"]:
            if f["filterName"] == metric(check_id):
                f["filterPattern"] = '{ $.eventName = "GetCallerIdentity" }'

    return mutate


def _gd_feature(name: str, additional: str | None = None) -> Mutation:
    def mutate(files: Files) -> None:
        det = files[p(SEC, "guardduty", "get-detector", "12abc34d567e8fa901bc2d34e56789f0")]
        for f in det["Features"]:
            if f["Name"] == name and additional is None:
                f["Status"] = "DISABLED"
            for extra in f.get("AdditionalConfiguration", []):
                if extra["Name"] == additional:
                    extra["Status"] = "DISABLED"

    return mutate


KEY = "1234abcd-12ab-34cd-56ef-1234567890ab"
SECRETS = p(SEC, "secretsmanager", "list-secrets")
CERT = "1111aaaa-22bb-33cc-44dd-555555eeeeee"


def _ec2(op: str, field: str, index: int = 0, **changes: object) -> Mutation:
    return _edit(p(SEC, "ec2", op), field, index, **changes)


def _sg_ingress(*perms: dict[str, object]) -> Mutation:
    def mutate(files: Files) -> None:
        files[p(SEC, "ec2", "describe-security-groups")]["SecurityGroups"][1]["IpPermissions"].extend(perms)

    return mutate


def _tcp(port: int, cidr: str = "0.0.0.0/0") -> dict[str, object]:
    key, field = ("Ipv6Ranges", "CidrIpv6") if ":" in cidr else ("IpRanges", "CidrIp")
    return {"IpProtocol": "tcp", "FromPort": port, "ToPort": port, key: [{field: cidr}]}


def _acl_open_ssh(files: Files) -> None:
    entries = files[p(SEC, "ec2", "describe-network-acls")]["NetworkAcls"][1]["Entries"]
    entries.insert(
        0,
        {
            "RuleNumber": 10,
            "Protocol": "6",
            "RuleAction": "allow",
            "Egress": False,
            "CidrBlock": "0.0.0.0/0",
            "PortRange": {"From": 20, "To": 25},
        },
    )


def _lb_attr(key: str, value: str) -> Mutation:
    def mutate(files: Files) -> None:
        for attr in files[p(SEC, "elbv2", "describe-load-balancer-attributes", "web")]["Attributes"]:
            if attr["Key"] == key:
                attr["Value"] = value

    return mutate


def _listener(index: int, **changes: object) -> Mutation:
    return _edit(p(SEC, "elbv2", "describe-listeners", "web"), "Listeners", index, **changes)


BUCKET = f"data-{SEC}"


def _bucket(op: str, value: object) -> Mutation:
    return _set(g(SEC, "s3api", op, BUCKET), value)


def _both_bpa_off(files: Files) -> None:
    _edit(
        g(SEC, "s3control", "get-public-access-block"), "PublicAccessBlockConfiguration", RestrictPublicBuckets=False
    )(files)
    _edit(
        g(SEC, "s3api", "get-public-access-block", BUCKET),
        "PublicAccessBlockConfiguration",
        RestrictPublicBuckets=False,
    )(files)


def _public_acl(files: Files) -> None:
    for path in (g(SEC, "s3control", "get-public-access-block"), g(SEC, "s3api", "get-public-access-block", BUCKET)):
        files[path]["PublicAccessBlockConfiguration"]["IgnorePublicAcls"] = False
    files[g(SEC, "s3api", "get-bucket-acl", BUCKET)]["Grants"].append(
        {"Grantee": {"Type": "Group", "URI": "http://acs.amazonaws.com/groups/global/AllUsers"}, "Permission": "READ"}
    )


GAAD = g(SEC, "iam", "get-account-authorization-details")


def _admin_policy(files: Files) -> None:
    files[GAAD]["Policies"][0]["PolicyVersionList"][0]["Document"] = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "NotAction": "iam:DeleteAccountPasswordPolicy", "Resource": "*"}],
    }


def _service_wildcard(files: Files) -> None:
    files[GAAD]["Policies"][0]["PolicyVersionList"][0]["Document"]["Statement"][0]["Action"] = "s3:*"


def _cloudshell(files: Files) -> None:
    files[GAAD]["GroupDetailList"][0]["AttachedManagedPolicies"].append(
        {"PolicyName": "AWSCloudShellFullAccess", "PolicyArn": "arn:aws:iam::aws:policy/AWSCloudShellFullAccess"}
    )


def _decrypt_all(files: Files) -> None:
    files[GAAD]["RoleDetailList"][0]["RolePolicyList"][0]["PolicyDocument"]["Statement"][0]["Resource"] = "*"


def _attr_policy(op: str, key: str, arn: str, action: str) -> Mutation:
    return _edit(
        p(SEC, op.split(" ")[0], op.split(" ")[1], key), "Attributes", Policy=doc(stmt("Allow", "*", action, arn))
    )


def _public_bucket(files: Files) -> None:
    for path in (g(SEC, "s3control", "get-public-access-block"), g(SEC, "s3api", "get-public-access-block", BUCKET)):
        files[path]["PublicAccessBlockConfiguration"]["RestrictPublicBuckets"] = False
    files[g(SEC, "s3api", "get-bucket-policy", BUCKET)] = {
        "Policy": doc(stmt("Allow", "*", "s3:GetObject", f"arn:aws:s3:::{BUCKET}/public/*"))
    }


def _org(op: str, key: str | None, value: object) -> Mutation:
    def mutate(files: Files) -> None:
        org_file(files, op, value, key)

    return mutate


def _split_admins(files: Files) -> None:
    other = "333333333333"
    org_file(files, "list-delegated-administrators", {"DelegatedAdministrators": [{"Id": SEC}, {"Id": other}]})
    org_file(
        files,
        "list-delegated-services-for-account",
        {
            "DelegatedServices": [
                {"ServicePrincipal": "securityhub.amazonaws.com"},
                {"ServicePrincipal": "guardduty.amazonaws.com"},
            ]
        },
        SEC,
    )
    org_file(
        files,
        "list-delegated-services-for-account",
        {"DelegatedServices": [{"ServicePrincipal": "detective.amazonaws.com"}]},
        other,
    )


def _scp_exception_for_support(files: Files) -> None:
    import json

    from keyaki.snapshot.layout import org_path

    pol = files[org_path("describe-policy", "p-guardrails")]
    doc = json.loads(pol["Policy"]["Content"])
    # an exemption for a role: whoever can create a role named `support` escapes the guardrail
    doc["Statement"][0]["Condition"] = {"ArnNotLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/support"}}
    pol["Policy"]["Content"] = json.dumps(doc)


FAIL: dict[str, Mutation] = {
    "iam_root_access_key": edit_cred(
        MGMT, "<root_account>", access_key_1_active="true", access_key_1_last_rotated=ago(900)
    ),
    "iam_root_mfa": edit_cred(SEC, "<root_account>", mfa_active="false"),
    "iam_root_hardware_mfa": _virtual_root_mfa,
    "iam_root_recent_use": edit_cred(MGMT, "<root_account>", password_last_used=ago(3)),
    "iam_user_console_mfa": edit_cred(SEC, "alice", mfa_active="false"),
    "iam_user_mfa": edit_cred(SEC, "deploy", mfa_active="false"),
    "iam_access_key_rotated": edit_cred(SEC, "deploy", access_key_1_last_rotated=ago(91)),
    "iam_credentials_unused_45_days": edit_cred(SEC, "alice", password_last_used=ago(46)),
    "iam_credentials_unused_90_days": edit_cred(MGMT, "deploy", access_key_1_last_used_date=ago(120)),
    "iam_user_single_active_key": edit_cred(SEC, "alice", access_key_2_active="true", access_key_2_last_rotated=ago(5)),
    "iam_access_key_never_used": edit_cred(SEC, "deploy", access_key_1_last_used_date="N/A"),
    "iam_password_policy_min_length": _pw(MinimumPasswordLength=8),
    "iam_password_policy_reuse": _pw(PasswordReusePrevention=5),
    "iam_password_policy_uppercase": _pw(RequireUppercaseCharacters=False),
    "iam_password_policy_lowercase": _pw(RequireLowercaseCharacters=False),
    "iam_password_policy_symbol": _pw(RequireSymbols=False),
    "iam_password_policy_number": _pw(RequireNumbers=False),
    "iam_password_policy_expiry": _pw(MaxPasswordAge=365),
    "iam_password_policy_strong": _not_found(g(MGMT, "iam", "get-account-password-policy"), "NoSuchEntity"),
    "iam_server_certificate_expired": _expired_cert,
    "cloudtrail_log_file_validation": _trail(LogFileValidationEnabled=False),
    "cloudtrail_kms_encryption": _edit(p(MGMT, "cloudtrail", "describe-trails"), "trailList", 0, KmsKeyId=None),
    "cloudtrail_cloudwatch_logs": _trail(CloudWatchLogsLogGroupArn=None),
    "cloudtrail_multi_region_enabled": _selectors({"ReadWriteType": "WriteOnly", "IncludeManagementEvents": True}),
    "cloudtrail_enabled": _set(p(SEC, "cloudtrail", "get-trail-status", "org-trail"), {"IsLogging": False}),
    "cloudtrail_s3_object_write_events": _selectors(
        {
            "ReadWriteType": "ReadOnly",
            "IncludeManagementEvents": True,
            "DataResources": [{"Type": "AWS::S3::Object", "Values": ["arn:aws:s3"]}],
        }
    ),
    "cloudtrail_s3_object_read_events": _selectors({"ReadWriteType": "All", "IncludeManagementEvents": True}),
    "cloudtrail_bucket_access_logging": _set(g(MGMT, "s3api", "get-bucket-logging", "org-cloudtrail-logs"), {}),
    "config_recorder_enabled": _edit(
        p(SEC, "configservice", "describe-configuration-recorder-status"),
        "ConfigurationRecordersStatus",
        0,
        recording=False,
    ),
    "config_service_linked_role": _edit(
        p(SEC, "configservice", "describe-configuration-recorders"),
        "ConfigurationRecorders",
        0,
        roleARN=f"arn:aws:iam::{SEC}:role/config",
    ),
    "config_delivery_channel": _set(p(SEC, "configservice", "describe-delivery-channels"), {"DeliveryChannels": []}),
    "guardduty_enabled": _set(p(SEC, "guardduty", "list-detectors"), {"DetectorIds": []}),
    "guardduty_s3_protection": _gd_feature("S3_DATA_EVENTS"),
    "guardduty_eks_audit_logs": _gd_feature("EKS_AUDIT_LOGS"),
    "guardduty_lambda_protection": _gd_feature("LAMBDA_NETWORK_LOGS"),
    "guardduty_malware_protection": _gd_feature("EBS_MALWARE_PROTECTION"),
    "guardduty_rds_protection": _gd_feature("RDS_LOGIN_EVENTS"),
    "guardduty_runtime_monitoring": _gd_feature("RUNTIME_MONITORING"),
    "guardduty_eks_runtime_monitoring": _gd_feature("RUNTIME_MONITORING", "EKS_ADDON_MANAGEMENT"),
    "guardduty_ecs_runtime_monitoring": _gd_feature("RUNTIME_MONITORING", "ECS_FARGATE_AGENT_MANAGEMENT"),
    "guardduty_ec2_runtime_monitoring": _gd_feature("RUNTIME_MONITORING", "EC2_AGENT_MANAGEMENT"),
    "securityhub_enabled": _not_found(p(SEC, "securityhub", "describe-hub"), "InvalidAccessException"),
    "securityhub_fsbp_enabled": _set(p(SEC, "securityhub", "get-enabled-standards"), {"StandardsSubscriptions": []}),
    "accessanalyzer_enabled": _set(p(SEC, "accessanalyzer", "list-analyzers"), {"analyzers": []}),
    "kms_key_rotation": _set(p(SEC, "kms", "get-key-rotation-status", KEY), {"KeyRotationEnabled": False}),
    "kms_key_pending_deletion": _edit(
        p(SEC, "kms", "describe-key", KEY),
        "KeyMetadata",
        KeyState="PendingDeletion",
        DeletionDate=ago(-7),
        Enabled=False,
    ),
    "kms_key_disabled": _edit(p(SEC, "kms", "describe-key", KEY), "KeyMetadata", KeyState="Disabled", Enabled=False),
    "secretsmanager_rotation_enabled": _edit(SECRETS, "SecretList", 0, RotationEnabled=False),
    "secretsmanager_rotated_recently": _edit(SECRETS, "SecretList", 0, LastRotatedDate=ago(120)),
    "secretsmanager_rotation_on_schedule": _edit(SECRETS, "SecretList", 0, LastRotatedDate=ago(45)),
    "secretsmanager_unused": _edit(SECRETS, "SecretList", 0, LastAccessedDate=ago(100)),
    "secretsmanager_cmk_encryption": _edit(SECRETS, "SecretList", 0, KmsKeyId=None),
    "acm_certificate_expiring": _edit(p(SEC, "acm", "describe-certificate", CERT), "Certificate", NotAfter=ago(-20)),
    "acm_rsa_key_length": _edit(p(SEC, "acm", "describe-certificate", CERT), "Certificate", KeyAlgorithm="RSA_1024"),
    "acm_transparency_logging": _edit(
        p(SEC, "acm", "describe-certificate", CERT),
        "Certificate",
        Options={"CertificateTransparencyLoggingPreference": "DISABLED"},
    ),
    "ec2_sg_admin_ports_ipv4": _sg_ingress(_tcp(3389)),
    "ec2_sg_admin_ports_ipv6": _sg_ingress(_tcp(22, "::/0")),
    "ec2_sg_high_risk_ports": _sg_ingress({"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}),
    "ec2_sg_unrestricted_ports": _sg_ingress(_tcp(8443)),
    "ec2_default_sg_closed": _ec2(
        "describe-security-groups",
        "SecurityGroups",
        0,
        IpPermissionsEgress=[{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}],
    ),
    "ec2_sg_unused": _set(p(SEC, "ec2", "describe-network-interfaces"), {"NetworkInterfaces": []}),
    "ec2_nacl_admin_ports": _acl_open_ssh,
    "ec2_nacl_unused": _ec2("describe-network-acls", "NetworkAcls", 1, Associations=[]),
    "ec2_imdsv2": _edit(
        p(SEC, "ec2", "describe-instances"),
        "Reservations",
        0,
        "Instances",
        0,
        MetadataOptions={"HttpTokens": "optional", "HttpEndpoint": "enabled"},
    ),
    "ec2_instance_public_ip": _edit(
        p(SEC, "ec2", "describe-instances"), "Reservations", 0, "Instances", 0, PublicIpAddress="54.1.2.3"
    ),
    "ec2_instance_multiple_enis": _edit(
        p(SEC, "ec2", "describe-instances"),
        "Reservations",
        0,
        "Instances",
        0,
        NetworkInterfaces=[{"NetworkInterfaceId": "eni-1"}, {"NetworkInterfaceId": "eni-2"}],
    ),
    "ec2_paravirtual": _edit(
        p(SEC, "ec2", "describe-instances"), "Reservations", 0, "Instances", 0, VirtualizationType="paravirtual"
    ),
    "ec2_stopped_instance": _edit(
        p(SEC, "ec2", "describe-instances"),
        "Reservations",
        0,
        "Instances",
        1,
        StateTransitionReason="User initiated (2026-01-02 03:04:05 GMT)",
    ),
    "ec2_ebs_default_encryption": _set(
        p(SEC, "ec2", "get-ebs-encryption-by-default"), {"EbsEncryptionByDefault": False}
    ),
    "ec2_ebs_volume_encrypted": _ec2("describe-volumes", "Volumes", Encrypted=False),
    "ec2_ebs_snapshot_encrypted": _ec2("describe-snapshots", "Snapshots", Encrypted=False),
    "ec2_ami_public": _ec2("describe-images", "Images", Public=True),
    "ec2_eip_unused": _ec2("describe-addresses", "Addresses", AssociationId=None, NetworkInterfaceId=None),
    "ec2_tgw_auto_accept": _ec2(
        "describe-transit-gateways", "TransitGateways", Options={"AutoAcceptSharedAttachments": "enable"}
    ),
    "ec2_subnet_auto_public_ip": _ec2("describe-subnets", "Subnets", MapPublicIpOnLaunch=True),
    "ec2_vpc_flow_logs": _ec2("describe-flow-logs", "FlowLogs", TrafficType="ACCEPT"),
    "ec2_vpc_endpoint_ec2": _set(p(SEC, "ec2", "describe-vpc-endpoints"), {"VpcEndpoints": []}),
    "elbv2_drop_invalid_headers": _lb_attr("routing.http.drop_invalid_header_fields.enabled", "false"),
    "elbv2_access_logging": _lb_attr("access_logs.s3.enabled", "false"),
    "elbv2_deletion_protection": _lb_attr("deletion_protection.enabled", "false"),
    "elbv2_desync_mitigation": _lb_attr("routing.http.desync_mitigation_mode", "monitor"),
    "elbv2_multi_az": _edit(
        p(SEC, "elbv2", "describe-load-balancers"),
        "LoadBalancers",
        0,
        AvailabilityZones=[{"ZoneName": "us-east-1a", "SubnetId": "subnet-0a1"}],
    ),
    "elbv2_http_to_https": _listener(0, DefaultActions=[{"Type": "forward", "TargetGroupArn": "arn:tg"}]),
    "elbv2_tls_policy": _listener(1, SslPolicy="ELBSecurityPolicy-2016-08"),
    "lambda_runtime_supported": _edit(p(SEC, "lambda", "list-functions"), "Functions", 0, Runtime="python3.8"),
    "lambda_in_vpc": _edit(p(SEC, "lambda", "list-functions"), "Functions", 0, VpcConfig={}),
    "lambda_multi_az": _edit(
        p(SEC, "lambda", "list-functions"),
        "Functions",
        0,
        VpcConfig={"SubnetIds": ["subnet-0a1"], "SecurityGroupIds": ["sg-0web"], "VpcId": "vpc-0a1"},
    ),
    "sqs_encrypted": _edit(p(SEC, "sqs", "get-queue-attributes", "orders"), "Attributes", SqsManagedSseEnabled="false"),
    "sns_encrypted": _set(
        p(SEC, "sns", "get-topic-attributes", "alerts"),
        {"Attributes": {"TopicArn": f"arn:aws:sns:{REGION}:{SEC}:alerts"}},
    ),
    "ecr_scan_on_push": _edit(
        p(SEC, "ecr", "describe-repositories"), "repositories", 0, imageScanningConfiguration={"scanOnPush": False}
    ),
    "ecr_tag_immutability": _edit(
        p(SEC, "ecr", "describe-repositories"), "repositories", 0, imageTagMutability="MUTABLE"
    ),
    "ecr_kms_encryption": _edit(
        p(SEC, "ecr", "describe-repositories"), "repositories", 0, encryptionConfiguration={"encryptionType": "AES256"}
    ),
    "s3_bucket_access_logging": _bucket("get-bucket-logging", {}),
    "s3_bucket_versioning": _bucket("get-bucket-versioning", {"Status": "Suspended"}),
    "s3_bucket_mfa_delete": _bucket("get-bucket-versioning", {"Status": "Enabled", "MFADelete": "Disabled"}),
    "s3_bucket_acls_disabled": _bucket(
        "get-bucket-ownership-controls", {"OwnershipControls": {"Rules": [{"ObjectOwnership": "ObjectWriter"}]}}
    ),
    "s3_bucket_kms_encryption": _bucket(
        "get-bucket-encryption",
        {
            "ServerSideEncryptionConfiguration": {
                "Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]
            }
        },
    ),
    "s3_bucket_level_block_public_access": _not_found(
        g(SEC, "s3api", "get-public-access-block", BUCKET), "NoSuchPublicAccessBlockConfiguration"
    ),
    "s3_bucket_public_access_blocked": _both_bpa_off,
    "s3_account_block_public_access": _edit(
        g(SEC, "s3control", "get-public-access-block"), "PublicAccessBlockConfiguration", BlockPublicPolicy=False
    ),
    "s3_bucket_public_acl": _public_acl,
    "iam_user_no_direct_policies": _edit(
        GAAD,
        "UserDetailList",
        0,
        AttachedManagedPolicies=[{"PolicyName": "app-read", "PolicyArn": f"arn:aws:iam::{SEC}:policy/app-read"}],
    ),
    "iam_no_admin_policies": _admin_policy,
    "iam_support_role": _edit(GAAD, "RoleDetailList", 0, AttachedManagedPolicies=[]),
    "iam_cloudshell_full_access": _cloudshell,
    "iam_kms_decrypt_all_keys": _decrypt_all,
    "sqs_queue_public": _attr_policy(
        "sqs get-queue-attributes", "orders", f"arn:aws:sqs:{REGION}:{SEC}:orders", "sqs:SendMessage"
    ),
    "sns_topic_public": _attr_policy(
        "sns get-topic-attributes", "alerts", f"arn:aws:sns:{REGION}:{SEC}:alerts", "sns:Subscribe"
    ),
    "lambda_function_public": _set(
        p(SEC, "lambda", "get-policy", "api"),
        {"Policy": doc(stmt("Allow", "*", "lambda:InvokeFunction", f"arn:aws:lambda:{REGION}:{SEC}:function:api"))},
    ),
    "ecr_repository_public": _set(
        p(SEC, "ecr", "get-repository-policy", "api"),
        {"policyText": doc(stmt("Allow", {"AWS": "*"}, ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"], "*"))},
    ),
    "secretsmanager_secret_public": _set(
        p(SEC, "secretsmanager", "get-resource-policy", "prod/db"),
        {"ResourcePolicy": doc(stmt("Allow", {"AWS": "*"}, "secretsmanager:GetSecretValue", "*"))},
    ),
    "kms_key_public": _set(
        p(SEC, "kms", "get-key-policy", KEY),
        {
            "Policy": doc(
                stmt("Allow", {"AWS": f"arn:aws:iam::{SEC}:root"}, "kms:*", "*"),
                stmt("Allow", "*", "kms:Decrypt", "*", {"Bool": {"aws:SecureTransport": "true"}}),
            )
        },
    ),
    "s3_bucket_policy_public": _public_bucket,
    "s3_bucket_ssl_only": _set(
        g(SEC, "s3api", "get-bucket-policy", BUCKET),
        {
            "Policy": doc(
                stmt("Allow", {"AWS": f"arn:aws:iam::{SEC}:role/support"}, "s3:GetObject", f"arn:aws:s3:::{BUCKET}/*")
            )
        },
    ),
    "org_security_admin_consistent": _split_admins,
    "org_security_admin_not_management": _org(
        "list-delegated-services-for-account",
        SEC,
        {
            "DelegatedServices": [
                {"ServicePrincipal": "securityhub.amazonaws.com"},
                {"ServicePrincipal": "detective.amazonaws.com"},
            ]
        },
    ),
    "org_all_features": _org(
        "describe-organization",
        None,
        {"Organization": {"Id": "o-exampleorgid", "FeatureSet": "CONSOLIDATED_BILLING", "MasterAccountId": MGMT}},
    ),
    "org_scp_enabled": _org("list-roots", None, {"Roots": [{"Id": ROOT, "Name": "Root", "PolicyTypes": []}]}),
    "org_trail_enabled": _set(p(MGMT, "cloudtrail", "get-trail-status", "org-trail"), {"IsLogging": False}),
    "org_trail_log_validation": _trail(LogFileValidationEnabled=False),
    "org_trail_s3_data_events": _set(
        p(MGMT, "cloudtrail", "get-event-selectors", "org-trail"),
        {"EventSelectors": [{"ReadWriteType": "All", "IncludeManagementEvents": True, "DataResources": []}]},
    ),
    "org_scp_deny_leave_organization": _scp_exception_for_support,
    "org_scp_protect_cloudtrail": _org("list-targets-for-policy", "p-guardrails", {"Targets": []}),
    "ec2_default_vpc": _ec2("describe-vpcs", "Vpcs", IsDefault=True),
    "iam_no_service_wildcard_policies": _service_wildcard,
    "kms_key_policy_grants": _set(
        p(SEC, "kms", "get-key-policy", KEY),
        {
            "Policy": doc(
                stmt("Allow", {"AWS": f"arn:aws:iam::{SEC}:root"}, "kms:*", "*"),
                stmt(
                    "Allow",
                    {"AWS": f"arn:aws:iam::{SEC}:role/support"},
                    ["kms:Decrypt", "kms:DescribeKey"],
                    "*",
                    {"StringEquals": {"kms:ViaService": f"secretsmanager.{REGION}.amazonaws.com"}},
                ),
            )
        },
    ),
    "s3_bucket_policy_cross_account": _set(
        g(SEC, "s3api", "get-bucket-policy", BUCKET),
        {
            "Policy": doc(
                stmt(
                    "Allow",
                    {"AWS": "arn:aws:iam::999988887777:root"},
                    ["s3:GetObject", "s3:PutBucketPolicy"],
                    [f"arn:aws:s3:::{BUCKET}", f"arn:aws:s3:::{BUCKET}/*"],
                )
            )
        },
    ),
    "efs_encryption_enabled": _edit(p(SEC, "efs", "describe-file-systems"), "FileSystems", 0, Encrypted=False),
}
FAIL |= {name.rsplit(".", 1)[1]: _filter_misses(name.rsplit(".", 1)[1]) for name in MONITORING}
