"""S3 buckets have all four bucket-level Block Public Access settings on (Security Hub S3.8).

https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html
"""

from keyaki.checks.registry import Meta
from keyaki.checks.s3._bucket import bucket_check
from keyaki.findings.model import Severity
from keyaki.snapshot.views.s3 import BPA_FIELDS


def _off(v: object) -> list[str]:
    return [f for f in BPA_FIELDS if not (isinstance(v, dict) and v.get(f) is True)]


CHECK = bucket_check(
    Meta(
        id="s3_bucket_level_block_public_access",
        title="S3 buckets block public access at the bucket level",
        severity=Severity.HIGH,
        service="s3",
        resource_type="AWS::S3::Bucket",
        rationale="Block Public Access overrides any policy or ACL that would make the bucket public.",
        remediation="`aws s3api put-public-access-block --bucket NAME --public-access-block-configuration "
        "BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true`",
        doc="https://docs.aws.amazon.com/AmazonS3/latest/userguide/configuring-block-public-access-bucket.html",
        needs=("s3api list-buckets", "s3api get-public-access-block"),
    ),
    lambda b: b.public_access_block,
    lambda v: not _off(v),
    lambda v: f"has bucket-level settings off: {_off(v)}" if _off(v) else "blocks public access (all four on)",
)
