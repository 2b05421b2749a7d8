"""Bucket policies do not let other accounts administer the bucket (Security Hub S3.6), on the evaluator.

Asked for each account the policy names other than the bucket's own, and for an unknown account and
the anonymous principal: ``s3:DeleteBucketPolicy``, ``s3:PutBucketAcl``, ``s3:PutBucketPolicy``,
``s3:PutEncryptionConfiguration`` and ``s3:PutObjectAcl`` (S3.6's blacklisted actions). Conditions are
searched as in :mod:`keyaki.checks.public`.
https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-6
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from keyaki.checks.public import OUTSIDERS, judge, verdict
from keyaki.checks.registry import Check, Meta, Result, Scope, Where
from keyaki.checks.s3._bucket import buckets
from keyaki.checks.s3._policy import object_witnesses
from keyaki.findings.model import Severity
from keyaki.snapshot.views.s3 import Bucket

BUCKET_ACTIONS = ("s3:DeleteBucketPolicy", "s3:PutBucketAcl", "s3:PutBucketPolicy", "s3:PutEncryptionConfiguration")
OBJECT_ACTIONS = ("s3:PutObjectAcl",)
_ACCOUNT = re.compile(r"arn:aws:iam::(\d{12}):|^(\d{12})$")

META = Meta(
    id="s3_bucket_policy_cross_account",
    title="Bucket policies do not let other accounts administer the bucket",
    severity=Severity.HIGH,
    service="s3",
    resource_type="AWS::S3::Bucket",
    rationale="Another account able to rewrite the policy or ACLs can take the bucket's data for itself.",
    remediation="Remove the statement granting those actions: `aws s3api put-bucket-policy --bucket NAME "
    "--policy file://policy.json`",
    doc="https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-6",
    needs=("s3api list-buckets", "s3api get-bucket-policy"),
)


def other_accounts(document: object, own: str) -> list[str]:
    """Principals to ask: role ARNs in every other account the policy names, and the outsiders."""
    found = {m.group(1) or m.group(2) for m in (_ACCOUNT.search(t) for t in _strings(document)) if m}
    return [*OUTSIDERS, *(f"arn:aws:iam::{a}:role/keyaki-probe" for a in sorted(found - {own}))]


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def run(where: Where, items: list[Bucket]) -> Iterator[Result]:
    for b in items:
        if not b.policy.known:
            yield where.not_evaluated(b.arn, f"the policy of `{b.name}` was not collected")
            continue
        if b.policy.value is None:
            yield where.result(True, b.arn, f"bucket `{b.name}` has no bucket policy")
            continue
        principals = tuple(other_accounts(b.policy.value, where.account))
        v = verdict(b.policy.value, [b.arn], BUCKET_ACTIONS, where.now, principals=principals)
        if v.outcome == "not_public":
            objects = object_witnesses(b.name, b.policy.value)
            v = verdict(b.policy.value, objects, OBJECT_ACTIONS, where.now, principals=principals)
        yield from judge(where, b.arn, b.policy.value, v)


CHECK = Check(META, Scope.ACCOUNT, buckets, run)
