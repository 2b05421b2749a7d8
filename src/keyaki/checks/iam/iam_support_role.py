"""A principal holds AWSSupportAccess to manage incidents with AWS Support (CIS 1.17, Security Hub IAM.18).

https://docs.aws.amazon.com/awssupport/latest/user/accessing-support.html
"""

from __future__ import annotations

from collections.abc import Iterator

from keyaki.checks.iam._gaad import gaad
from keyaki.checks.registry import Check, Meta, Result, Scope, Where
from keyaki.findings.model import Severity
from keyaki.snapshot.views.iam import IamAccount

SUPPORT = "arn:aws:iam::aws:policy/AWSSupportAccess"

META = Meta(
    id="iam_support_role",
    title="A role or group holds AWSSupportAccess",
    severity=Severity.LOW,
    service="iam",
    resource_type="AWS::::Account",
    rationale="During an incident someone must be able to open AWS Support cases without root.",
    remediation="`aws iam attach-role-policy --role-name SUPPORT_ROLE --policy-arn "
    "arn:aws:iam::aws:policy/AWSSupportAccess`",
    doc="https://docs.aws.amazon.com/awssupport/latest/user/accessing-support.html",
    needs=("iam get-account-authorization-details",),
)


def run(where: Where, view: IamAccount) -> Iterator[Result]:
    holders = [p.arn for p in (*view.users, *view.roles, *view.groups) if SUPPORT in p.managed_arns]
    summary = f"AWSSupportAccess is attached to {holders}" if holders else "AWSSupportAccess is attached to nobody"
    yield where.result(bool(holders), where.account_arn, summary)


CHECK = Check(META, Scope.ACCOUNT, gaad, run)
