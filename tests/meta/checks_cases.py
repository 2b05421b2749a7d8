"""FAIL fixtures: for each check, one mutation of the compliant baseline that the check must FAIL.

Mutations are small and real-shaped: an edited credential-report row, a changed attribute, a removed
setting. Named helpers keep each case to a line or two.
"""

from __future__ import annotations

from .checks_snapshot import MGMT, REGION, SEC, Files, Mutation, ago, edit_cred, g, p


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
        {"SerialNumber": f"arn:aws:iam::{MGMT}:mfa/root-account-mfa-device",
         "User": {"Arn": f"arn:aws:iam::{MGMT}:root"}, "EnableDate": ago(30)})


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

FAIL: dict[str, Mutation] = {
    "iam_root_access_key": edit_cred(MGMT, "<root_account>", access_key_1_active="true",
                                     access_key_1_last_rotated=ago(900)),
    "iam_root_mfa": edit_cred(SEC, "<root_account>", mfa_active="false"),
    "iam_root_hardware_mfa": _virtual_root_mfa,
    "iam_root_recent_use": edit_cred(MGMT, "<root_account>", password_last_used=ago(3)),
    "iam_user_console_mfa": edit_cred(SEC, "alice", mfa_active="false"),
    "iam_user_mfa": edit_cred(SEC, "deploy", mfa_active="false"),
    "iam_access_key_rotated": edit_cred(SEC, "deploy", access_key_1_last_rotated=ago(91)),
    "iam_credentials_unused_45_days": edit_cred(SEC, "alice", password_last_used=ago(46)),
    "iam_credentials_unused_90_days": edit_cred(MGMT, "deploy", access_key_1_last_used_date=ago(120)),
    "iam_user_single_active_key": edit_cred(SEC, "alice", access_key_2_active="true",
                                            access_key_2_last_rotated=ago(5)),
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
    "cloudtrail_s3_object_write_events": _selectors({"ReadWriteType": "ReadOnly", "IncludeManagementEvents": True,
                                                     "DataResources": [{"Type": "AWS::S3::Object",
                                                                        "Values": ["arn:aws:s3"]}]}),
    "cloudtrail_s3_object_read_events": _selectors({"ReadWriteType": "All", "IncludeManagementEvents": True}),
    "cloudtrail_bucket_access_logging": _set(g(MGMT, "s3api", "get-bucket-logging", "org-cloudtrail-logs"), {}),
    "config_recorder_enabled": _edit(p(SEC, "configservice", "describe-configuration-recorder-status"),
                                     "ConfigurationRecordersStatus", 0, recording=False),
    "config_service_linked_role": _edit(p(SEC, "configservice", "describe-configuration-recorders"),
                                        "ConfigurationRecorders", 0, roleARN=f"arn:aws:iam::{SEC}:role/config"),
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
    "kms_key_pending_deletion": _edit(p(SEC, "kms", "describe-key", KEY), "KeyMetadata", KeyState="PendingDeletion",
                                      DeletionDate=ago(-7), Enabled=False),
    "kms_key_disabled": _edit(p(SEC, "kms", "describe-key", KEY), "KeyMetadata", KeyState="Disabled", Enabled=False),
    "secretsmanager_rotation_enabled": _edit(SECRETS, "SecretList", 0, RotationEnabled=False),
    "secretsmanager_rotated_recently": _edit(SECRETS, "SecretList", 0, LastRotatedDate=ago(120)),
    "secretsmanager_rotation_on_schedule": _edit(SECRETS, "SecretList", 0, LastRotatedDate=ago(45)),
    "secretsmanager_unused": _edit(SECRETS, "SecretList", 0, LastAccessedDate=ago(100)),
    "secretsmanager_cmk_encryption": _edit(SECRETS, "SecretList", 0, KmsKeyId=None),
    "acm_certificate_expiring": _edit(p(SEC, "acm", "describe-certificate", CERT), "Certificate", NotAfter=ago(-20)),
    "acm_rsa_key_length": _edit(p(SEC, "acm", "describe-certificate", CERT), "Certificate", KeyAlgorithm="RSA_1024"),
    "acm_transparency_logging": _edit(p(SEC, "acm", "describe-certificate", CERT), "Certificate",
                                      Options={"CertificateTransparencyLoggingPreference": "DISABLED"}),
}
