"""Who EBS snapshots and RDS DB (cluster) snapshots are shared with: attributes, not policies.

- EBS: ``describe-snapshot-attribute --attribute createVolumePermission``: ``{"Group": "all"}`` makes the
  snapshot public, ``{"UserId": "<account>"}`` shares it with an account
  (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeSnapshotAttribute.html,
  "Share an Amazon EBS snapshot", https://docs.aws.amazon.com/ebs/latest/userguide/ebs-modifying-snapshot-permissions.html).
- EBS block public access for snapshots (``get-snapshot-block-public-access-state``, one state per account
  and region, https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_GetSnapshotBlockPublicAccessState.html):
  ``block-all-sharing`` makes AWS treat publicly shared snapshots as private although their attribute still
  says ``all``; ``block-new-sharing`` and ``unblocked`` leave them public.
- RDS: the ``restore`` attribute of a manual DB snapshot or DB cluster snapshot lists the accounts that may
  copy or restore it, ``all`` for every account
  (https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DBSnapshotAttribute.html,
  https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DBClusterSnapshotAttribute.html).
  Only manual snapshots can be shared, so automated ones are left out.

IAM Access Analyzer reads the same attributes ("IAM Access Analyzer resource types",
https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-resources.html; ``EbsSnapshotConfiguration``,
``RdsDbSnapshotAttributeValue``: "If the value all is specified, then the ... snapshot is public").
A snapshot whose attribute could not be read is yielded with ``status`` not OK (sharing unknown).

>>> from keyaki.snapshot import open_snapshot
>>> from keyaki.cli.scan import demo_path
>>> [(s.name, s.block_public_access) for s in shared_snapshots(open_snapshot(demo_path())) if s.public]
[('snap-ab0e656ea85731333', 'unblocked'), ('snap-0c410697cf88489ee', 'block-all-sharing')]
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from keyaki.snapshot.load import Response, Snapshot, Status
from keyaki.snapshot.views.common import as_dict, as_list

EBS, RDS_DB, RDS_CLUSTER = "AWS::EC2::Snapshot", "AWS::RDS::DBSnapshot", "AWS::RDS::DBClusterSnapshot"
PUBLIC_VALUE = "all"


@dataclass(frozen=True, slots=True)
class SharedSnapshot:
    """One snapshot the account owns and the accounts (or everyone) its sharing attribute names."""

    arn: str
    resource_type: str  # AWS::EC2::Snapshot, AWS::RDS::DBSnapshot, AWS::RDS::DBClusterSnapshot
    account: str
    region: str
    name: str  # snap-... or the DB (cluster) snapshot identifier
    encrypted: bool | None
    kms_key_id: str | None
    status: Status  # of the attribute call: OK, NOT_FOUND (deleted since the listing), else unknown
    public: bool  # ``Group: all`` / ``restore: all``
    accounts: tuple[str, ...]  # the account ids it is shared with, as read, sorted
    attribute: str  # createVolumePermission or restore
    source: str  # the attribute's snapshot file
    location: str  # JSON pointer of the list inside ``source``
    block_public_access: str | None = None  # EBS: the region's block public access state (None: not read)
    block_source: str = ""  # EBS: the file of that state

    @property
    def known(self) -> bool:
        return self.status in (Status.OK, Status.NOT_FOUND)


def shared_snapshots(snap: Snapshot) -> Iterator[SharedSnapshot]:
    """Every EBS, RDS DB and RDS DB cluster snapshot of every account and region, in a stable order."""
    for account in snap.accounts():
        for region in snap.regions(account):
            yield from ebs_snapshots(snap, account, region)
            yield from rds_snapshots(snap, account, region)


def ebs_snapshots(snap: Snapshot, account: str, region: str) -> Iterator[SharedSnapshot]:
    listing = snap.call(account, region, "ec2", "describe-snapshots").get("Snapshots", [])
    block = snap.call(account, region, "ec2", "get-snapshot-block-public-access-state")
    state = _str(block.get("State"))
    for s in sorted((as_dict(x) for x in as_list(listing)), key=lambda x: str(x.get("SnapshotId"))):
        sid = s.get("SnapshotId")
        if not isinstance(sid, str) or s.get("OwnerId", account) != account:
            continue
        resp = snap.call(account, region, "ec2", "describe-snapshot-attribute", sid)
        perms = [as_dict(p) for p in as_list(resp.get("CreateVolumePermissions"))] if resp.ok else []
        users = sorted({str(p["UserId"]) for p in perms if "UserId" in p})
        yield SharedSnapshot(
            arn=f"arn:aws:ec2:{region}:{account}:snapshot/{sid}",
            resource_type=EBS,
            account=account,
            region=region,
            name=sid,
            encrypted=_bool(s.get("Encrypted")),
            kms_key_id=_str(s.get("KmsKeyId")),
            status=resp.status,
            public=any(p.get("Group") == PUBLIC_VALUE for p in perms),
            accounts=tuple(users),
            attribute="createVolumePermission",
            source=resp.path,
            location="/CreateVolumePermissions",
            block_public_access=state,
            block_source=block.path,
        )


# (listing operation, list field, identifier field, ARN field, attribute operation, result field, list field)
_RDS = (
    (
        RDS_DB,
        "describe-db-snapshots",
        "DBSnapshots",
        "DBSnapshotIdentifier",
        "DBSnapshotArn",
        "describe-db-snapshot-attributes",
        "DBSnapshotAttributesResult",
        "DBSnapshotAttributes",
    ),
    (
        RDS_CLUSTER,
        "describe-db-cluster-snapshots",
        "DBClusterSnapshots",
        "DBClusterSnapshotIdentifier",
        "DBClusterSnapshotArn",
        "describe-db-cluster-snapshot-attributes",
        "DBClusterSnapshotAttributesResult",
        "DBClusterSnapshotAttributes",
    ),
)


def rds_snapshots(snap: Snapshot, account: str, region: str) -> Iterator[SharedSnapshot]:
    for rtype, list_op, list_field, id_field, arn_field, attr_op, result, attrs in _RDS:
        listing = as_list(snap.call(account, region, "rds", list_op).get(list_field, []))
        for s in sorted((as_dict(x) for x in listing), key=lambda x: str(x.get(id_field))):
            name = s.get(id_field)
            if not isinstance(name, str) or s.get("SnapshotType") != "manual":
                continue  # automated and AWS Backup snapshots cannot be shared
            resp = snap.call(account, region, "rds", attr_op, name)
            values, index = _restore(resp, result, attrs)
            kind = "snapshot" if rtype == RDS_DB else "cluster-snapshot"
            yield SharedSnapshot(
                arn=_str(s.get(arn_field)) or f"arn:aws:rds:{region}:{account}:{kind}:{name}",
                resource_type=rtype,
                account=account,
                region=region,
                name=name,
                encrypted=_bool(s.get("Encrypted") if rtype == RDS_DB else s.get("StorageEncrypted")),
                kms_key_id=_str(s.get("KmsKeyId")),
                status=resp.status,
                public=PUBLIC_VALUE in values,
                accounts=tuple(sorted(v for v in values if v != PUBLIC_VALUE)),
                attribute="restore",
                source=resp.path,
                location=f"/{result}/{attrs}/{index}/AttributeValues" if index >= 0 else f"/{result}/{attrs}",
            )


def _restore(resp: Response, result: str, attrs: str) -> tuple[set[str], int]:
    """The values of the ``restore`` attribute and its index in the attribute list (-1: none)."""
    if not resp.ok:
        return set(), -1
    for i, a in enumerate(as_list(as_dict(resp.get(result)).get(attrs))):
        a = as_dict(a)
        if a.get("AttributeName") == "restore":
            return {str(v) for v in as_list(a.get("AttributeValues"))}, i
    return set(), -1


def _bool(v: object) -> bool | None:
    return v if isinstance(v, bool) else None


def _str(v: object) -> str | None:
    return v if isinstance(v, str) and v else None
