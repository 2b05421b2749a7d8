"""IAM policies: strict parser, exact evaluator and authorizer (the reference semantics of keyaki).

>>> from keyaki.iam import parse_policy, simulate
>>> simulate({"request": {"principal": "arn:aws:iam::111122223333:user/alice",
...                       "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k"},
...           "identity_policies": [{"Statement": {"Effect": "Allow", "Action": "s3:Get*",
...                                                "Resource": "*"}}]}).decision
'allowed'
"""

from keyaki.iam.ast import Policy, Statement
from keyaki.iam.authorize import Decision, PolicySet, authorize
from keyaki.iam.case import Case, load_case, simulate
from keyaki.iam.evaluate import CompiledPolicy, Request, compile_policy
from keyaki.iam.parse import parse_policy
from keyaki.iam.printer import print_policy, to_json

__all__ = [
    "Case",
    "CompiledPolicy",
    "Decision",
    "Policy",
    "PolicySet",
    "Request",
    "Statement",
    "authorize",
    "compile_policy",
    "load_case",
    "parse_policy",
    "print_policy",
    "simulate",
    "to_json",
]
