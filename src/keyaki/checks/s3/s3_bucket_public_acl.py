"""No S3 bucket ACL grants access to AllUsers or AuthenticatedUsers (Security Hub S3.2/S3.3, ACL part).

An ACL grant to those groups is public unless IgnorePublicAcls is in force (bucket or account level).
https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html#specifying-grantee-predefined-groups
"""

from __future__ import annotations

from collections.abc import Iterator

from keyaki.checks.registry import Check, Meta, Result, Scope, Where
from keyaki.checks.s3.s3_bucket_public_access_blocked import Data, load
from keyaki.findings.model import Severity
from keyaki.snapshot.views import s3

PUBLIC_GROUPS = (
    "http://acs.amazonaws.com/groups/global/AllUsers",
    "http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
)

META = Meta(
    id="s3_bucket_public_acl",
    title="No bucket ACL grants access to everyone",
    severity=Severity.CRITICAL,
    service="s3",
    resource_type="AWS::S3::Bucket",
    rationale="AllUsers means anyone on the internet; AuthenticatedUsers means any AWS account in the world.",
    remediation="`aws s3api put-bucket-acl --bucket NAME --acl private` and "
    "`aws s3api put-public-access-block --bucket NAME --public-access-block-configuration IgnorePublicAcls=true,...`",
    doc="https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html",
    needs=(
        "s3api list-buckets",
        "s3api get-bucket-acl",
        "s3api get-public-access-block",
        "s3control get-public-access-block",
    ),
)


def run(where: Where, data: Data) -> Iterator[Result]:
    items, account_bpa = data
    for b in items:
        ignore = s3.effective_block(b.public_access_block, account_bpa)["IgnorePublicAcls"]
        if not b.acl.known:
            yield where.not_evaluated(b.arn, f"the ACL of `{b.name}` was not collected")
            continue
        grants = [
            f"{g.get('Permission')} to {g.get('Grantee', {}).get('URI')}"
            for g in (b.acl.value or {}).get("Grants", [])
            if isinstance(g, dict) and g.get("Grantee", {}).get("URI") in PUBLIC_GROUPS
        ]
        if grants and ignore is None:
            yield where.not_evaluated(b.arn, f"`{b.name}` grants {grants}; IgnorePublicAcls unknown")
        elif grants and not ignore:
            yield where.result(False, b.arn, f"bucket `{b.name}` ACL grants {grants}", grants=grants)
        else:
            extra = " (ignored: IgnorePublicAcls in force)" if grants else ""
            yield where.result(True, b.arn, f"bucket `{b.name}` ACL grants nothing public{extra}")


CHECK = Check(META, Scope.ACCOUNT, load, run)
