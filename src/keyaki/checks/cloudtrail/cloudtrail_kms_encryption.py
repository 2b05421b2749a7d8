"""CloudTrail logs are encrypted at rest with a KMS key (CIS 3.5, Security Hub CloudTrail.2).

https://docs.aws.amazon.com/awscloudtrail/latest/userguide/encrypting-cloudtrail-log-files-with-aws-kms.html
"""

from keyaki.checks.cloudtrail._trail import NEEDS, trail_check
from keyaki.checks.registry import Meta
from keyaki.findings.model import Severity

CHECK = trail_check(
    Meta(
        id="cloudtrail_kms_encryption",
        title="CloudTrail logs are encrypted with a KMS key",
        severity=Severity.MEDIUM,
        service="cloudtrail",
        resource_type="AWS::CloudTrail::Trail",
        rationale="SSE-KMS adds a second permission (kms:Decrypt) between a bucket reader and the logs.",
        remediation="`aws cloudtrail update-trail --name TRAIL --kms-key-id KEY_ARN` (the key policy must allow "
        "cloudtrail.amazonaws.com to use it)",
        doc="https://docs.aws.amazon.com/awscloudtrail/latest/userguide/encrypting-cloudtrail-log-files-with-aws-kms.html",
        needs=NEEDS,
    ),
    lambda t: bool(t.kms_key),
    lambda t: f"has KmsKeyId={t.kms_key}",
)
