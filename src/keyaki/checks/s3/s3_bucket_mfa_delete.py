"""S3 buckets have MFA delete enabled (CIS 2.1.2).

https://docs.aws.amazon.com/AmazonS3/latest/userguide/MultiFactorAuthenticationDelete.html
"""

from keyaki.checks.registry import Meta
from keyaki.checks.s3._bucket import bucket_check
from keyaki.findings.model import Severity

CHECK = bucket_check(
    Meta(
        id="s3_bucket_mfa_delete",
        title="S3 buckets require MFA to delete versions",
        severity=Severity.LOW,
        service="s3",
        resource_type="AWS::S3::Bucket",
        rationale="MFA delete stops stolen credentials from purging every version of the data.",
        remediation="As the root user with its MFA: `aws s3api put-bucket-versioning --bucket NAME "
        "--versioning-configuration Status=Enabled,MFADelete=Enabled --mfa 'SERIAL CODE'`",
        doc="https://docs.aws.amazon.com/AmazonS3/latest/userguide/MultiFactorAuthenticationDelete.html",
        needs=("s3api list-buckets", "s3api get-bucket-versioning"),
    ),
    lambda b: b.versioning,
    lambda v: (v or {}).get("MFADelete") == "Enabled",
    lambda v: f"has MFADelete={(v or {}).get('MFADelete', 'Disabled')}",
)
