"""GuardDuty Runtime Monitoring is enabled (Security Hub GuardDuty.11).

https://docs.aws.amazon.com/securityhub/latest/userguide/guardduty-controls.html
"""

from keyaki.checks.guardduty._feature import feature_check

CHECK = feature_check("guardduty_runtime_monitoring", "Runtime Monitoring", "RUNTIME_MONITORING")
