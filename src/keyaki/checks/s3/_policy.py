"""Requests used to question a bucket policy: the bucket ARN and object ARNs built from the policy's own
resource patterns (each ``*``/``?`` filled), so an object prefix the policy singles out is asked too.

https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-bucket-policies.html
"""

from __future__ import annotations

import json
from typing import Any

OBJECT_ACTIONS = ("s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:GetObjectVersion")
BUCKET_ACTIONS = ("s3:ListBucket", "s3:GetBucketAcl", "s3:PutBucketPolicy", "s3:PutBucketAcl", "s3:DeleteBucket")


def object_witnesses(bucket: str, document: Any) -> list[str]:
    """Object ARNs in ``bucket``: a plain one plus one per object pattern the policy mentions."""
    out = [f"arn:aws:s3:::{bucket}/keyaki-probe-object"]
    for token in json.dumps(document).split('"'):
        if token.startswith(("arn:aws:s3:::", "arn:aws:s3:::*")) and "/" in token:
            name, _, key = token[len("arn:aws:s3:::") :].partition("/")
            if name in (bucket, "*") or "*" in name:
                out.append(f"arn:aws:s3:::{bucket}/" + key.replace("*", "keyaki-probe").replace("?", "k"))
    return sorted(set(out))
