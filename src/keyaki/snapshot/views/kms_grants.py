"""The grants of each KMS key (``kms list-grants --key-id``): who may use the key besides its key policy.

A grant lets its grantee principal call the grant's operations on one key, provided its constraints hold
("Grants in AWS KMS", https://docs.aws.amazon.com/kms/latest/developerguide/grants.html;
``GrantListEntry``, https://docs.aws.amazon.com/kms/latest/APIReference/API_GrantListEntry.html;
``GrantConstraints``, https://docs.aws.amazon.com/kms/latest/APIReference/API_GrantConstraints.html).
When the grantee is an AWS service, ``GranteePrincipal`` holds its service principal. A key whose grants
could not be read is yielded with ``status`` not OK: access through grants is then unknown, never "none".

>>> from keyaki.snapshot import open_snapshot
>>> from keyaki.cli.scan import demo_path
>>> [g.grantee for k in key_grants(open_snapshot(demo_path()), "333333333333", "us-east-1") for g in k.grants]
['arn:aws:iam::999988887777:role/partner-etl', 'arn:aws:iam::333333333333:role/web-app-instance-role']
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from keyaki.snapshot.load import Snapshot, Status
from keyaki.snapshot.views.common import as_dict, as_list, parse_time


@dataclass(frozen=True, slots=True)
class Grant:
    grant_id: str
    name: str | None
    grantee: str | None  # GranteePrincipal: an IAM principal ARN, an account, or a service principal
    grantee_service: str | None  # GranteeServicePrincipal (grants to AWS services)
    retiring: str | None  # RetiringPrincipal: may retire this grant, cannot use the key through it
    issuing_account: str | None
    operations: tuple[str, ...]  # GrantOperation names: Decrypt, Encrypt, DescribeKey...
    context_equals: tuple[tuple[str, str], ...] | None  # Constraints.EncryptionContextEquals
    context_subset: tuple[tuple[str, str], ...] | None  # Constraints.EncryptionContextSubset
    source_arn: str | None  # Constraints.SourceArn
    created: datetime | None
    location: str  # JSON pointer inside the list-grants file: /Grants/<i>

    @property
    def constrained(self) -> bool:
        return bool(self.context_equals or self.context_subset or self.source_arn)


@dataclass(frozen=True, slots=True)
class KeyGrants:
    """The grants of one key, and whether they were read."""

    key_id: str
    key_arn: str
    account: str
    region: str
    status: Status
    grants: tuple[Grant, ...]
    source: str


def key_grants(snap: Snapshot, account: str, region: str) -> tuple[KeyGrants, ...]:
    """The grants of every key ``list-keys`` names in one account and region."""
    out = []
    for k in as_list(snap.call(account, region, "kms", "list-keys").get("Keys", [])):
        key_id = as_dict(k).get("KeyId")
        if not isinstance(key_id, str):
            continue
        arn = str(as_dict(k).get("KeyArn") or f"arn:aws:kms:{region}:{account}:key/{key_id}")
        resp = snap.call(account, region, "kms", "list-grants", key_id)
        grants = tuple(_grant(as_dict(g), i) for i, g in enumerate(as_list(resp.get("Grants", []))))
        out.append(KeyGrants(key_id, arn, account, region, resp.status, grants, resp.path))
    return tuple(out)


def grants_by_key(snap: Snapshot) -> dict[str, KeyGrants]:
    """Every key's grants of the snapshot, by key ARN."""
    return {
        kg.key_arn: kg
        for account in snap.accounts()
        for region in snap.regions(account)
        for kg in key_grants(snap, account, region)
    }


def _grant(g: dict[str, object], i: int) -> Grant:
    c = as_dict(g.get("Constraints"))
    return Grant(
        grant_id=str(g.get("GrantId", "")),
        name=_str(g.get("Name")),
        grantee=_str(g.get("GranteePrincipal")),
        grantee_service=_str(g.get("GranteeServicePrincipal")),
        retiring=_str(g.get("RetiringPrincipal")),
        issuing_account=_str(g.get("IssuingAccount")),
        operations=tuple(str(o) for o in as_list(g.get("Operations"))),
        context_equals=_pairs(c.get("EncryptionContextEquals")),
        context_subset=_pairs(c.get("EncryptionContextSubset")),
        source_arn=_str(c.get("SourceArn")),
        created=parse_time(g.get("CreationDate")),
        location=f"/Grants/{i}",
    )


def _pairs(v: object) -> tuple[tuple[str, str], ...] | None:
    if not isinstance(v, dict):
        return None
    return tuple(sorted((str(k), str(x)) for k, x in v.items()))


def _str(v: object) -> str | None:
    return v if isinstance(v, str) and v else None
