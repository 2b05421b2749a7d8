"""GuardDuty Lambda Protection is enabled (Security Hub GuardDuty.6).

https://docs.aws.amazon.com/securityhub/latest/userguide/guardduty-controls.html
"""

from keyaki.checks.guardduty._feature import feature_check

CHECK = feature_check("guardduty_lambda_protection", "Lambda Protection", "LAMBDA_NETWORK_LOGS")
