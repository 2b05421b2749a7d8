"""GuardDuty EKS Runtime Monitoring is enabled (Security Hub GuardDuty.7).

https://docs.aws.amazon.com/securityhub/latest/userguide/guardduty-controls.html
"""

from keyaki.checks.guardduty._feature import feature_check

CHECK = feature_check(
    "guardduty_eks_runtime_monitoring", "EKS Runtime Monitoring", "RUNTIME_MONITORING", "EKS_ADDON_MANAGEMENT"
)
