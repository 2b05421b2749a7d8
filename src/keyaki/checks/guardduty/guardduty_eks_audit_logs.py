"""GuardDuty EKS Audit Log Monitoring is enabled (Security Hub GuardDuty.5).

https://docs.aws.amazon.com/securityhub/latest/userguide/guardduty-controls.html
"""

from keyaki.checks.guardduty._feature import feature_check

CHECK = feature_check("guardduty_eks_audit_logs", "EKS Audit Log Monitoring", "EKS_AUDIT_LOGS")
