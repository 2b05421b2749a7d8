"""Bucket policies deny requests that do not use TLS (CIS 2.1.1, Security Hub S3.5), on the IAM evaluator.

The policy must explicitly deny ``s3:GetObject`` and ``s3:PutObject`` with ``aws:SecureTransport`` false, for a
principal of the account and for an outsider.
https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html#transit
"""

from __future__ import annotations

from collections.abc import Iterator

from keyaki.checks.policy import ask, compile_document
from keyaki.checks.public import OUTSIDERS
from keyaki.checks.registry import Check, Meta, Result, Scope, Where
from keyaki.checks.s3._bucket import buckets
from keyaki.checks.s3._policy import object_witnesses
from keyaki.findings.model import Severity
from keyaki.snapshot.views.s3 import Bucket

META = Meta(
    id="s3_bucket_ssl_only",
    title="S3 bucket policies deny requests without TLS",
    severity=Severity.MEDIUM,
    service="s3",
    resource_type="AWS::S3::Bucket",
    rationale="Without the deny, clients may read and write objects over plain HTTP.",
    remediation='Add to the bucket policy: `{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":'
    '["arn:aws:s3:::NAME","arn:aws:s3:::NAME/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}` '
    "with `aws s3api put-bucket-policy --bucket NAME --policy file://policy.json`",
    doc="https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html",
    needs=("s3api list-buckets", "s3api get-bucket-policy"),
)


def run(where: Where, items: list[Bucket]) -> Iterator[Result]:
    for b in items:
        if not b.policy.known:
            yield where.not_evaluated(b.arn, f"the policy of `{b.name}` was not collected")
            continue
        if b.policy.value is None:
            yield where.result(False, b.arn, f"bucket `{b.name}` has no bucket policy, so plain HTTP is not denied")
            continue
        policy = compile_document(b.policy.value)
        if isinstance(policy, str):
            yield where.not_evaluated(b.arn, f"the policy of `{b.name}` does not parse: {policy}")
            continue
        principals = (f"arn:aws:iam::{where.account}:role/keyaki-probe", *OUTSIDERS)
        open_ = [
            {"principal": p, "action": a, "resource": r, "context": {"aws:SecureTransport": "false"}}
            for p in principals
            for a in ("s3:GetObject", "s3:PutObject")
            for r in object_witnesses(b.name, b.policy.value)
            if ask(policy, p, a, r, {"aws:SecureTransport": "false"}).decision != "explicitDeny"
        ]
        summary = (
            f"bucket `{b.name}` does not deny `{open_[0]['action']}` over HTTP for `{open_[0]['principal']}`"
            if open_
            else f"bucket `{b.name}` denies plain-HTTP requests"
        )
        yield where.result(not open_, b.arn, summary, not_denied=open_[:3])


CHECK = Check(META, Scope.ACCOUNT, buckets, run)
