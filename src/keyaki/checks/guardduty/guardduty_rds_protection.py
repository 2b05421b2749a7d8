"""GuardDuty RDS Protection is enabled (Security Hub GuardDuty.9).

https://docs.aws.amazon.com/securityhub/latest/userguide/guardduty-controls.html
"""

from keyaki.checks.guardduty._feature import feature_check

CHECK = feature_check("guardduty_rds_protection", "RDS Protection", "RDS_LOGIN_EVENTS")
