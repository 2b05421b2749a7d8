"""AWSCloudShellFullAccess is attached to nobody (CIS 1.22, Security Hub IAM.27).

https://docs.aws.amazon.com/cloudshell/latest/userguide/sec-auth-with-identities.html
"""

from __future__ import annotations

from collections.abc import Iterator

from keyaki.checks.iam._gaad import gaad
from keyaki.checks.registry import Check, Meta, Result, Scope, Where
from keyaki.findings.model import Severity
from keyaki.snapshot.views.iam import IamAccount

CLOUDSHELL = "arn:aws:iam::aws:policy/AWSCloudShellFullAccess"

META = Meta(
    id="iam_cloudshell_full_access",
    title="AWSCloudShellFullAccess is attached to nobody",
    severity=Severity.MEDIUM,
    service="iam",
    resource_type="AWS::IAM::Policy",
    rationale="CloudShell file upload and download is a data exfiltration path outside network controls.",
    remediation="`aws iam detach-role-policy --role-name ROLE --policy-arn "
    "arn:aws:iam::aws:policy/AWSCloudShellFullAccess`"
    " (and detach-user-policy / detach-group-policy)",
    doc="https://docs.aws.amazon.com/cloudshell/latest/userguide/sec-auth-with-identities.html",
    needs=("iam get-account-authorization-details",),
)


def run(where: Where, view: IamAccount) -> Iterator[Result]:
    holders = [p.arn for p in (*view.users, *view.roles, *view.groups) if CLOUDSHELL in p.managed_arns]
    summary = f"AWSCloudShellFullAccess is attached to {holders}" if holders else "AWSCloudShellFullAccess is unused"
    yield where.result(not holders, CLOUDSHELL.replace("::aws:", f"::{where.account}:aws-managed/"), summary)


CHECK = Check(META, Scope.ACCOUNT, gaad, run)
