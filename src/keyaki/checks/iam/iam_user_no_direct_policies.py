"""IAM users receive permissions only through groups (CIS 1.15, Security Hub IAM.2).

https://docs.aws.amazon.com/IAM/latest/UserGuide/id_groups_manage_attach-policy.html
"""

from __future__ import annotations

from collections.abc import Iterator

from keyaki.checks.iam._gaad import gaad
from keyaki.checks.registry import Check, Meta, Result, Scope, Where
from keyaki.findings.model import Severity
from keyaki.snapshot.views.iam import IamAccount

META = Meta(
    id="iam_user_no_direct_policies",
    title="IAM users get permissions only through groups",
    severity=Severity.LOW,
    service="iam",
    resource_type="AWS::IAM::User",
    rationale="Permissions attached to individual users drift and escape reviews; groups keep them uniform.",
    remediation="Move the permissions to a group: `aws iam add-user-to-group --group-name GROUP --user-name USER`, "
    "then `aws iam detach-user-policy --user-name USER --policy-arn ARN` / `aws iam delete-user-policy ...`",
    doc="https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html",
    needs=("iam get-account-authorization-details",),
)


def run(where: Where, view: IamAccount) -> Iterator[Result]:
    for u in view.users:
        direct = [p.name for p in u.inline] + list(u.managed_arns)
        summary = f"`{u.name}` has direct policies {direct}" if direct else f"`{u.name}` has no direct policy"
        yield where.result(not direct, u.arn, summary, policies=direct)


CHECK = Check(META, Scope.ACCOUNT, gaad, run)
