"""GuardDuty EC2 Runtime Monitoring is enabled (Security Hub GuardDuty.13).

https://docs.aws.amazon.com/securityhub/latest/userguide/guardduty-controls.html
"""

from keyaki.checks.guardduty._feature import feature_check

CHECK = feature_check(
    "guardduty_ec2_runtime_monitoring", "EC2 Runtime Monitoring", "RUNTIME_MONITORING", "EC2_AGENT_MANAGEMENT"
)
