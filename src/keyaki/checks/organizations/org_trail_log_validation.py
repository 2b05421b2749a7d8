"""The organisation trail validates its log files (digest files).

https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-intro.html
"""

from keyaki.checks.organizations._trail import NEEDS, org_trail_check
from keyaki.checks.registry import Meta
from keyaki.findings.model import Severity

CHECK = org_trail_check(
    Meta(
        id="org_trail_log_validation",
        title="The organisation trail has log file validation",
        severity=Severity.MEDIUM,
        service="organizations",
        resource_type="AWS::CloudTrail::Trail",
        rationale="Digests prove that the organisation's audit log was not altered after delivery.",
        remediation="`aws cloudtrail update-trail --name org-trail --enable-log-file-validation`",
        doc="https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-intro.html",
        needs=NEEDS,
    ),
    lambda t: t.multi_region and t.log_validation,
    lambda t: f"has LogFileValidationEnabled={t.log_validation}",
)
