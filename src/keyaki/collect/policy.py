"""The collector's own least-privilege IAM policy, built from the table of calls it makes.

Every action comes from :data:`keyaki.collect.spec.API_CALLS`, the same table the collector calls AWS
through, so the policy and the collector cannot drift apart. Every action is a List or Read action in
the Service Authorization Reference (checked by the tests), so the role can never change anything:
https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html.

>>> "s3:ListAllMyBuckets" in collector_policy()["Statement"][0]["Action"]
True
"""

from __future__ import annotations

import json
from typing import Any

from keyaki.collect.spec import actions


def collector_policy() -> dict[str, Any]:
    """The identity policy of the audit role the collector uses."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "KeyakiCollectorReadOnly",
                "Effect": "Allow",
                "Action": actions(),
                "Resource": "*",
            }
        ],
    }


def policy_json() -> str:
    """The policy as ``docs/collector-policy.json`` holds it (two-space indent, final newline)."""
    return json.dumps(collector_policy(), indent=2) + "\n"
