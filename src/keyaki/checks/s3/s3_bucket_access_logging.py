"""S3 buckets have server access logging (Security Hub S3.9).

https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerLogs.html
"""

from keyaki.checks.registry import Meta
from keyaki.checks.s3._bucket import bucket_check
from keyaki.findings.model import Severity

CHECK = bucket_check(
    Meta(
        id="s3_bucket_access_logging",
        title="S3 buckets have server access logging",
        severity=Severity.MEDIUM,
        service="s3",
        resource_type="AWS::S3::Bucket",
        rationale="Access logs record every request to the bucket, for audits and investigations.",
        remediation="`aws s3api put-bucket-logging --bucket NAME --bucket-logging-status "
        '\'{"LoggingEnabled":{"TargetBucket":"LOG_BUCKET","TargetPrefix":"NAME/"}}\'`',
        doc="https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html",
        needs=("s3api list-buckets", "s3api get-bucket-logging"),
    ),
    lambda b: b.logging,
    lambda v: bool((v or {}).get("LoggingEnabled")),
    lambda v: (
        "logs to " + str((v or {}).get("LoggingEnabled", {}).get("TargetBucket"))
        if (v or {}).get("LoggingEnabled")
        else "has no server access logging"
    ),
)
