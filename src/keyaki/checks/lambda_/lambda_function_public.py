"""Lambda function policies do not allow public access (Security Hub Lambda.1), decided on the IAM evaluator.

``lambda:FunctionUrlAuthType`` is the function URL's ``AuthType`` (``get-function-url-config``): a
value of the resource, not the caller's choice.
See :mod:`keyaki.checks.public`. https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html
"""

from __future__ import annotations

from keyaki.checks.public import Item, per_resource_policy, public_check
from keyaki.checks.registry import Meta
from keyaki.findings.model import Severity
from keyaki.snapshot import Snapshot
from keyaki.snapshot.views import awslambda

ACTIONS = (
    "lambda:InvokeFunction",
    "lambda:InvokeFunctionUrl",
    "lambda:GetFunction",
    "lambda:UpdateFunctionCode",
    "lambda:AddPermission",
)


def load(snap: Snapshot, account: str, region: str) -> list[Item]:
    out = []
    for f in awslambda.load(snap, account, region):
        arn, state, document, _ = per_resource_policy(
            snap, account, region, "lambda", "get-policy", f.name, f.arn, "Policy"
        )
        url = snap.call(account, region, "lambda", "get-function-url-config", f.name)
        auth = url.get("AuthType") if url.ok else None  # fixed by the function URL, not by the caller
        out.append((arn, state, document, {"lambda:FunctionUrlAuthType": str(auth)} if auth else {}))
    return out


CHECK = public_check(
    Meta(
        id="lambda_function_public",
        title="Lambda function policies do not allow public access",
        severity=Severity.CRITICAL,
        service="lambda",
        resource_type="AWS::Lambda::Function",
        rationale="A public function can be invoked (and billed, and abused) by anyone.",
        remediation="`aws lambda remove-permission --function-name NAME --statement-id SID` for the public statement",
        doc="https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html",
        needs=("lambda list-functions", "lambda get-policy", "lambda get-function-url-config"),
    ),
    load,
    ACTIONS,
)
