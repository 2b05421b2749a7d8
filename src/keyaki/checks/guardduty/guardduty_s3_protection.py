"""GuardDuty S3 Protection is enabled (Security Hub GuardDuty.10).

https://docs.aws.amazon.com/securityhub/latest/userguide/guardduty-controls.html
"""

from keyaki.checks.guardduty._feature import feature_check

CHECK = feature_check("guardduty_s3_protection", "S3 Protection", "S3_DATA_EVENTS")
