"""S3 buckets disable ACLs with the BucketOwnerEnforced object ownership (Security Hub S3.12).

https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html
"""

from keyaki.checks.registry import Meta
from keyaki.checks.s3._bucket import bucket_check
from keyaki.findings.model import Severity


def _rule(v: object) -> str | None:
    rules = (v or {}).get("Rules", []) if isinstance(v, dict) else []
    return rules[0].get("ObjectOwnership") if rules and isinstance(rules[0], dict) else None


CHECK = bucket_check(
    Meta(
        id="s3_bucket_acls_disabled",
        title="S3 buckets disable ACLs (BucketOwnerEnforced)",
        severity=Severity.MEDIUM,
        service="s3",
        resource_type="AWS::S3::Bucket",
        rationale="ACLs are a second, easily overlooked way to grant access; policies alone are auditable.",
        remediation="`aws s3api put-bucket-ownership-controls --bucket NAME --ownership-controls "
        "'Rules=[{ObjectOwnership=BucketOwnerEnforced}]'`",
        doc="https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html",
        needs=("s3api list-buckets", "s3api get-bucket-ownership-controls"),
    ),
    lambda b: b.ownership,
    lambda v: _rule(v) == "BucketOwnerEnforced",
    lambda v: f"has ObjectOwnership={_rule(v)}",
)
