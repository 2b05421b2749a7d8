"""No customer managed policy grants every action on every resource (CIS 1.16, Security Hub IAM.1).

Decided by the evaluator: the policy is asked for an action of a made-up service on a made-up
resource; only a grant of everything ("*", or an Allow with NotAction) allows it. A grant that depends
on conditions is reported NOT_EVALUATED with the keys it consulted.
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
"""

from __future__ import annotations

from collections.abc import Iterator

from keyaki.checks.iam._gaad import customer_policies, gaad
from keyaki.checks.policy import ask, compile_document, time_context
from keyaki.checks.registry import Check, Meta, Result, Scope, Where
from keyaki.findings.model import Severity
from keyaki.snapshot.views.iam import IamAccount

PROBE_ACTION = "keyakiprobe:DoAnything"
PROBE_RESOURCE = "arn:aws:keyakiprobe:xx-probe-1:000000000000:thing/keyaki-probe"

META = Meta(
    id="iam_no_admin_policies",
    title="No customer managed policy grants *:* administrative access",
    severity=Severity.HIGH,
    service="iam",
    resource_type="AWS::IAM::Policy",
    rationale="Full admin policies turn any leak of the principals they are attached to into account takeover.",
    remediation="Replace the statement with the actions the workload needs: `aws iam create-policy-version "
    "--policy-arn ARN --policy-document file://least-privilege.json --set-as-default`",
    doc="https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege",
    needs=("iam get-account-authorization-details",),
)


def run(where: Where, view: IamAccount) -> Iterator[Result]:
    for arn, name, document, attached in customer_policies(view):
        policy = compile_document(document)
        if isinstance(policy, str):
            yield where.not_evaluated(arn, f"policy `{name}` does not parse: {policy}")
            continue
        answer = ask(
            policy,
            f"arn:aws:iam::{where.account}:role/keyaki-probe",
            PROBE_ACTION,
            PROBE_RESOURCE,
            time_context(where.now),
        )
        if not answer.allowed and answer.missing:
            yield where.not_evaluated(
                arn, f"policy `{name}` may grant everything under conditions on {list(answer.missing)}"
            )
            continue
        what = "grants every action on every resource" if answer.allowed else "does not grant *:*"
        yield where.result(
            not answer.allowed,
            arn,
            f"policy `{name}` {what} (attached {attached} time(s))",
            probe={"action": PROBE_ACTION, "resource": PROBE_RESOURCE, "decision": answer.decision},
        )


CHECK = Check(META, Scope.ACCOUNT, gaad, run)
