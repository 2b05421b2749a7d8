"""Provable access: IAM policies compiled to SMT (z3), answers checked against ``keyaki.iam``.

>>> from keyaki.iam.parse import parse_policy
>>> pol = parse_policy({"Statement": {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
...                                   "Resource": "arn:aws:s3:::b/*"}})
>>> Checker().verify_no_public_access(pol, "AWS::S3::Bucket").result
'FAIL'
"""

from keyaki.symbolic.replay import ReplayMismatch
from keyaki.symbolic.verify import FAIL, PASS, POLICY_TYPES, UNKNOWN, Checker, CheckResult

__all__ = ["FAIL", "PASS", "POLICY_TYPES", "UNKNOWN", "CheckResult", "Checker", "ReplayMismatch"]
