"""No customer managed policy allows every action of a service, ``service:*`` (Security Hub IAM.21).

Decided by the evaluator: for each service the policy names, an action that service does not have is
asked on each resource the policy names (wildcards filled) and on a made-up one; only ``service:*``
(or ``*``, or NotAction) can allow it. A grant that depends on conditions is NOT_EVALUATED.
https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-21
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from keyaki.checks.iam._gaad import customer_policies, gaad
from keyaki.checks.policy import ask, compile_document, time_context
from keyaki.checks.registry import Check, Meta, Result, Scope, Where
from keyaki.findings.model import Severity
from keyaki.snapshot.views.iam import IamAccount

META = Meta(
    id="iam_no_service_wildcard_policies",
    title="No customer managed policy allows service:* actions",
    severity=Severity.LOW,
    service="iam",
    resource_type="AWS::IAM::Policy",
    rationale="service:* grants every current and future action of the service, including the dangerous ones.",
    remediation="List the actions the workload needs instead of `service:*`: `aws iam create-policy-version "
    "--policy-arn ARN --policy-document file://scoped.json --set-as-default`",
    doc="https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege",
    needs=("iam get-account-authorization-details",),
)


def _strings(document: Any, field: str) -> list[str]:
    statements = document.get("Statement", []) if isinstance(document, dict) else []
    out: list[str] = []
    for st in statements if isinstance(statements, list) else [statements]:
        value = st.get(field, []) if isinstance(st, dict) else []
        out += [str(v) for v in (value if isinstance(value, list) else [value])]
    return out


def probes(document: Any) -> tuple[list[str], list[str]]:
    """Services named in Action/NotAction, and resources to ask (each named pattern filled, plus one made up)."""
    services = sorted(
        {a.split(":", 1)[0].lower() for f in ("Action", "NotAction") for a in _strings(document, f) if ":" in a}
    )
    named = [r.replace("*", "keyaki-probe").replace("?", "k") for r in _strings(document, "Resource")]
    return services, [*dict.fromkeys(named), "arn:aws:keyakiprobe:xx-probe-1:000000000000:thing/keyaki-probe"]


def run(where: Where, view: IamAccount) -> Iterator[Result]:
    principal = f"arn:aws:iam::{where.account}:role/keyaki-probe"
    for arn, name, document, _attached in customer_policies(view):
        policy = compile_document(document)
        if isinstance(policy, str):
            yield where.not_evaluated(arn, f"policy `{name}` does not parse: {policy}")
            continue
        services, resources = probes(document)
        now = time_context(where.now)
        answers = {s: [ask(policy, principal, f"{s}:KeyakiProbeAction", r, now) for r in resources] for s in services}
        wild = [f"{s}:*" for s, ans in answers.items() if any(a.allowed for a in ans)]
        missing = sorted({k for ans in answers.values() for a in ans for k in a.missing})
        if not wild and missing:
            yield where.not_evaluated(arn, f"policy `{name}` may allow service:* under conditions on {missing}")
            continue
        summary = f"policy `{name}` allows {wild}" if wild else f"policy `{name}` names actions, not service:*"
        yield where.result(not wild, arn, summary, wildcards=wild, document=json.loads(json.dumps(document)))


CHECK = Check(META, Scope.ACCOUNT, gaad, run)
