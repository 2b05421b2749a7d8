"""Loading one account's IAM (GAAD) for checks: :class:`Missing` when it was not collected.

View: :mod:`keyaki.snapshot.views.iam`; https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountAuthorizationDetails.html
"""

from __future__ import annotations

from keyaki.snapshot import Snapshot
from keyaki.snapshot.views.common import Missing
from keyaki.snapshot.views.iam import IamAccount, load_iam


def gaad(snap: Snapshot, account: str, region: str) -> IamAccount:
    view = load_iam(snap, account)
    if not view.known:
        raise Missing(view.source, "was not collected or could not be read")
    return view


def customer_policies(view: IamAccount) -> list[tuple[str, str, object, int | None]]:
    """(arn, name, document, attachment count) of every customer managed policy."""
    return [(p.arn, p.name, p.document, p.attachment_count) for p in view.policies.values() if not p.aws_managed]
