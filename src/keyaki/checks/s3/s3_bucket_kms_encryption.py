"""S3 buckets encrypt by default with KMS keys (Security Hub S3.17).

https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html
"""

from keyaki.checks.registry import Meta
from keyaki.checks.s3._bucket import bucket_check
from keyaki.findings.model import Severity


def _algorithms(v: object) -> list[str]:
    rules = v.get("Rules", []) if isinstance(v, dict) else []
    return [
        str(r.get("ApplyServerSideEncryptionByDefault", {}).get("SSEAlgorithm")) for r in rules if isinstance(r, dict)
    ]


CHECK = bucket_check(
    Meta(
        id="s3_bucket_kms_encryption",
        title="S3 buckets encrypt by default with KMS",
        severity=Severity.MEDIUM,
        service="s3",
        resource_type="AWS::S3::Bucket",
        rationale="SSE-KMS puts a key policy and CloudTrail-logged decrypts between readers and the data.",
        remediation="`aws s3api put-bucket-encryption --bucket NAME --server-side-encryption-configuration "
        '\'{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"aws:kms",'
        '"KMSMasterKeyID":"KEY_ARN"},"BucketKeyEnabled":true}]}\'`',
        doc="https://docs.aws.amazon.com/AmazonS3/latest/userguide/specifying-kms-encryption.html",
        needs=("s3api list-buckets", "s3api get-bucket-encryption"),
    ),
    lambda b: b.encryption,
    lambda v: any(a.startswith("aws:kms") for a in _algorithms(v)),
    lambda v: f"encrypts by default with {_algorithms(v) or 'nothing configured'}",
)
