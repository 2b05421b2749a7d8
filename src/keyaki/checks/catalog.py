"""Every registered check: one explicit line per check, ``"<service>.<check_id>"``.

Adding a check = one file ``keyaki/checks/<service>/<check_id>.py`` defining ``CHECK`` + one line here.
``tests/meta/test_registry.py`` enforces id == file name == registry key, complete metadata, framework
mappings to real ids, and a PASS and a FAIL fixture for each check.
"""

from __future__ import annotations

from functools import cache
from importlib import import_module
from typing import Any

from keyaki.checks.registry import Check

CHECK_MODULES: tuple[str, ...] = (
    # IAM: credential report, password policy, account settings
    "iam.iam_root_access_key",
    "iam.iam_root_mfa",
    "iam.iam_root_hardware_mfa",
    "iam.iam_root_recent_use",
    "iam.iam_user_console_mfa",
    "iam.iam_user_mfa",
    "iam.iam_access_key_rotated",
    "iam.iam_credentials_unused_45_days",
    "iam.iam_credentials_unused_90_days",
    "iam.iam_user_single_active_key",
    "iam.iam_access_key_never_used",
    "iam.iam_password_policy_min_length",
    "iam.iam_password_policy_reuse",
    "iam.iam_password_policy_uppercase",
    "iam.iam_password_policy_lowercase",
    "iam.iam_password_policy_symbol",
    "iam.iam_password_policy_number",
    "iam.iam_password_policy_expiry",
    "iam.iam_password_policy_strong",
    "iam.iam_server_certificate_expired",
    "iam.iam_user_no_direct_policies",
    "iam.iam_no_admin_policies",
    "iam.iam_no_service_wildcard_policies",
    "iam.iam_support_role",
    "iam.iam_cloudshell_full_access",
    "iam.iam_kms_decrypt_all_keys",
    "accessanalyzer.accessanalyzer_enabled",
    # Logging and detection
    "cloudtrail.cloudtrail_multi_region_enabled",
    "cloudtrail.cloudtrail_enabled",
    "cloudtrail.cloudtrail_log_file_validation",
    "cloudtrail.cloudtrail_kms_encryption",
    "cloudtrail.cloudtrail_cloudwatch_logs",
    "cloudtrail.cloudtrail_s3_object_write_events",
    "cloudtrail.cloudtrail_s3_object_read_events",
    "cloudtrail.cloudtrail_bucket_access_logging",
    "config.config_recorder_enabled",
    "config.config_service_linked_role",
    "config.config_delivery_channel",
    "guardduty.guardduty_enabled",
    "guardduty.guardduty_s3_protection",
    "guardduty.guardduty_eks_audit_logs",
    "guardduty.guardduty_lambda_protection",
    "guardduty.guardduty_malware_protection",
    "guardduty.guardduty_rds_protection",
    "guardduty.guardduty_runtime_monitoring",
    "guardduty.guardduty_eks_runtime_monitoring",
    "guardduty.guardduty_ecs_runtime_monitoring",
    "guardduty.guardduty_ec2_runtime_monitoring",
    "securityhub.securityhub_enabled",
    "securityhub.securityhub_fsbp_enabled",
    # Organisation
    "organizations.org_all_features",
    "organizations.org_scp_enabled",
    "organizations.org_security_admin_consistent",
    "organizations.org_security_admin_not_management",
    "organizations.org_trail_enabled",
    "organizations.org_trail_log_validation",
    "organizations.org_trail_s3_data_events",
    "organizations.org_scp_deny_leave_organization",
    "organizations.org_scp_protect_cloudtrail",
    # Data security
    "kms.kms_key_rotation",
    "kms.kms_key_pending_deletion",
    "kms.kms_key_disabled",
    "secretsmanager.secretsmanager_rotation_enabled",
    "secretsmanager.secretsmanager_rotated_recently",
    "secretsmanager.secretsmanager_rotation_on_schedule",
    "secretsmanager.secretsmanager_unused",
    "secretsmanager.secretsmanager_cmk_encryption",
    "acm.acm_certificate_expiring",
    "acm.acm_rsa_key_length",
    "acm.acm_transparency_logging",
    # EC2 and VPC
    "ec2.ec2_sg_admin_ports_ipv4",
    "ec2.ec2_sg_admin_ports_ipv6",
    "ec2.ec2_sg_high_risk_ports",
    "ec2.ec2_sg_unrestricted_ports",
    "ec2.ec2_default_sg_closed",
    "ec2.ec2_sg_unused",
    "ec2.ec2_nacl_admin_ports",
    "ec2.ec2_nacl_unused",
    "ec2.ec2_imdsv2",
    "ec2.ec2_instance_public_ip",
    "ec2.ec2_instance_multiple_enis",
    "ec2.ec2_paravirtual",
    "ec2.ec2_stopped_instance",
    "ec2.ec2_ebs_default_encryption",
    "ec2.ec2_ebs_volume_encrypted",
    "ec2.ec2_ebs_snapshot_encrypted",
    "ec2.ec2_ami_public",
    "ec2.ec2_eip_unused",
    "ec2.ec2_tgw_auto_accept",
    "ec2.ec2_subnet_auto_public_ip",
    "ec2.ec2_vpc_flow_logs",
    "ec2.ec2_vpc_endpoint_ec2",
    "ec2.ec2_default_vpc",
    # Load balancers, Lambda, SQS, SNS, ECR
    "elbv2.elbv2_http_to_https",
    "elbv2.elbv2_drop_invalid_headers",
    "elbv2.elbv2_access_logging",
    "elbv2.elbv2_deletion_protection",
    "elbv2.elbv2_desync_mitigation",
    "elbv2.elbv2_multi_az",
    "elbv2.elbv2_tls_policy",
    "lambda_.lambda_runtime_supported",
    "lambda_.lambda_in_vpc",
    "lambda_.lambda_multi_az",
    "sqs.sqs_encrypted",
    "sns.sns_encrypted",
    "ecr.ecr_scan_on_push",
    "ecr.ecr_tag_immutability",
    "ecr.ecr_kms_encryption",
    # S3
    "s3.s3_account_block_public_access",
    "s3.s3_bucket_level_block_public_access",
    "s3.s3_bucket_public_access_blocked",
    "s3.s3_bucket_public_acl",
    "s3.s3_bucket_access_logging",
    "s3.s3_bucket_versioning",
    "s3.s3_bucket_mfa_delete",
    "s3.s3_bucket_acls_disabled",
    "s3.s3_bucket_kms_encryption",
    # Resource policies, decided on the IAM evaluator
    "s3.s3_bucket_policy_public",
    "s3.s3_bucket_ssl_only",
    "s3.s3_bucket_policy_cross_account",
    "sqs.sqs_queue_public",
    "sns.sns_topic_public",
    "lambda_.lambda_function_public",
    "ecr.ecr_repository_public",
    "secretsmanager.secretsmanager_secret_public",
    "kms.kms_key_public",
    "kms.kms_key_policy_grants",
    # CloudWatch: CIS 4.x metric filters and alarms on CloudTrail events
    "cloudwatch.cloudwatch_unauthorized_api_calls_monitored",
    "cloudwatch.cloudwatch_console_login_without_mfa_monitored",
    "cloudwatch.cloudwatch_root_usage_monitored",
    "cloudwatch.cloudwatch_iam_policy_changes_monitored",
    "cloudwatch.cloudwatch_cloudtrail_changes_monitored",
    "cloudwatch.cloudwatch_console_auth_failures_monitored",
    "cloudwatch.cloudwatch_cmk_disable_or_deletion_monitored",
    "cloudwatch.cloudwatch_s3_bucket_policy_changes_monitored",
    "cloudwatch.cloudwatch_config_changes_monitored",
    "cloudwatch.cloudwatch_security_group_changes_monitored",
    "cloudwatch.cloudwatch_nacl_changes_monitored",
    "cloudwatch.cloudwatch_network_gateway_changes_monitored",
    "cloudwatch.cloudwatch_route_table_changes_monitored",
    "cloudwatch.cloudwatch_vpc_changes_monitored",
    "cloudwatch.cloudwatch_organizations_changes_monitored",
    # EFS
    "efs.efs_encryption_enabled",
)


@cache
def checks() -> dict[str, Check[Any]]:
    """The registry: check id -> check, in catalog order."""
    out: dict[str, Check[Any]] = {}
    for name in CHECK_MODULES:
        check = import_module(f"keyaki.checks.{name}").CHECK
        out[name.rsplit(".", 1)[1]] = check
    return out
