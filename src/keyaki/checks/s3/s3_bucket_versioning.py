"""S3 buckets have versioning enabled (Security Hub S3.14).

https://docs.aws.amazon.com/AmazonS3/latest/userguide/Versioning.html
"""

from keyaki.checks.registry import Meta
from keyaki.checks.s3._bucket import bucket_check
from keyaki.findings.model import Severity

CHECK = bucket_check(
    Meta(
        id="s3_bucket_versioning",
        title="S3 buckets have versioning enabled",
        severity=Severity.LOW,
        service="s3",
        resource_type="AWS::S3::Bucket",
        rationale="Versioning recovers objects overwritten or deleted by mistake or by ransomware.",
        remediation="`aws s3api put-bucket-versioning --bucket NAME --versioning-configuration Status=Enabled`",
        doc="https://docs.aws.amazon.com/AmazonS3/latest/userguide/manage-versioning-examples.html",
        needs=("s3api list-buckets", "s3api get-bucket-versioning"),
    ),
    lambda b: b.versioning,
    lambda v: (v or {}).get("Status") == "Enabled",
    lambda v: f"has versioning Status={(v or {}).get('Status', 'never enabled')}",
)
