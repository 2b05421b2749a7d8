"""No bucket policy allows public access (Security Hub S3.2/S3.3, policy part), decided on the IAM evaluator.

Outsider requests (see :mod:`keyaki.checks.public`) for object and bucket actions; a public policy is not
in force when RestrictPublicBuckets applies (bucket or account level).
https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status
"""

from __future__ import annotations

from collections.abc import Iterator

from keyaki.checks.public import judge, verdict
from keyaki.checks.registry import Check, Meta, Result, Scope, Where
from keyaki.checks.s3._policy import BUCKET_ACTIONS, OBJECT_ACTIONS, object_witnesses
from keyaki.checks.s3.s3_bucket_public_access_blocked import Data, load
from keyaki.findings.model import Severity
from keyaki.snapshot.views import s3

META = Meta(
    id="s3_bucket_policy_public",
    title="No S3 bucket policy allows public access",
    severity=Severity.CRITICAL,
    service="s3",
    resource_type="AWS::S3::Bucket",
    rationale="A public bucket policy exposes the data (or the right to write it) to the whole internet.",
    remediation="Remove the public statement: `aws s3api put-bucket-policy --bucket NAME --policy file://policy.json`, "
    "and turn on `aws s3api put-public-access-block --bucket NAME --public-access-block-configuration "
    "RestrictPublicBuckets=true,BlockPublicPolicy=true,...`",
    doc="https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html",
    needs=(
        "s3api list-buckets",
        "s3api get-bucket-policy",
        "s3api get-public-access-block",
        "s3control get-public-access-block",
    ),
)


def run(where: Where, data: Data) -> Iterator[Result]:
    items, account_bpa = data
    for b in items:
        if not b.policy.known:
            yield where.not_evaluated(b.arn, f"the policy of `{b.name}` was not collected")
            continue
        if b.policy.value is None:
            yield where.result(True, b.arn, f"bucket `{b.name}` has no bucket policy")
            continue
        v = verdict(b.policy.value, object_witnesses(b.name, b.policy.value), OBJECT_ACTIONS, where.now)
        if v.outcome == "not_public":
            v = verdict(b.policy.value, [b.arn], BUCKET_ACTIONS, where.now)
        restrict = s3.effective_block(b.public_access_block, account_bpa)["RestrictPublicBuckets"]
        if v.outcome == "public" and restrict:
            yield where.result(True, b.arn, f"bucket `{b.name}` has a public policy that RestrictPublicBuckets voids")
        elif v.outcome == "public" and restrict is None:
            yield where.not_evaluated(b.arn, f"bucket `{b.name}` has a public policy; RestrictPublicBuckets unknown")
        else:
            yield from judge(where, b.arn, b.policy.value, v)


CHECK = Check(META, Scope.ACCOUNT, load, run)
