"""CloudTrail log file validation is enabled (CIS 3.2, Security Hub CloudTrail.4).

https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-enabling.html
"""

from keyaki.checks.cloudtrail._trail import NEEDS, trail_check
from keyaki.checks.registry import Meta
from keyaki.findings.model import Severity

CHECK = trail_check(
    Meta(
        id="cloudtrail_log_file_validation",
        title="CloudTrail log file validation is enabled",
        severity=Severity.MEDIUM,
        service="cloudtrail",
        resource_type="AWS::CloudTrail::Trail",
        rationale="Digest files prove that delivered logs were not modified or deleted after delivery.",
        remediation="`aws cloudtrail update-trail --name TRAIL --enable-log-file-validation`",
        doc="https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-enabling.html",
        needs=NEEDS,
    ),
    lambda t: t.log_validation,
    lambda t: f"has LogFileValidationEnabled={t.log_validation}",
)
