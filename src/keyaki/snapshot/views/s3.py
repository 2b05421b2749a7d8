"""S3 buckets: policy, ACL, Block Public Access (bucket and account), encryption, versioning, logging.

Each attribute is a :class:`~keyaki.snapshot.views.Read`: the value, "none" (NOT_FOUND: e.g. no bucket
policy), or unknown (not collected). ``get-bucket-location`` answers ``null`` for us-east-1 and ``EU`` for
eu-west-1 (https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketLocation.html).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from keyaki.snapshot.load import Snapshot
from keyaki.snapshot.views import Read, policy_document

BPA_FIELDS = ("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets")


@dataclass(frozen=True, slots=True)
class Bucket:
    name: str
    account: str
    region: Read[str]
    created: str | None
    policy: Read[Any]  # parsed policy document
    acl: Read[dict[str, Any]]  # {"Owner": ..., "Grants": [...]}
    public_access_block: Read[dict[str, bool]]
    encryption: Read[dict[str, Any]]
    versioning: Read[dict[str, Any]]
    logging: Read[dict[str, Any]]
    ownership: Read[dict[str, Any]]

    @property
    def arn(self) -> str:
        return f"arn:aws:s3:::{self.name}"


def account_public_access_block(snapshot: Snapshot, account: str) -> Read[dict[str, bool]]:
    """The account-level Block Public Access settings (s3control)."""
    r = snapshot.call(account, "global", "s3control", "get-public-access-block")
    return Read.of(r, r.get("PublicAccessBlockConfiguration"))


def effective_block(bucket: Read[dict[str, bool]], account: Read[dict[str, bool]]) -> dict[str, bool | None]:
    """Each BPA setting is on when it is on at the bucket or the account; None when it cannot be known."""
    out: dict[str, bool | None] = {}
    for f in BPA_FIELDS:
        b = bool((bucket.value or {}).get(f)) if bucket.known else None
        a = bool((account.value or {}).get(f)) if account.known else None
        out[f] = True if (b or a) else (None if b is None or a is None else False)
    return out


def load_buckets(snapshot: Snapshot, account: str) -> Read[list[Bucket]]:
    """Every bucket of the account with its attributes (unknown list when list-buckets was not collected)."""
    listing = snapshot.call(account, "global", "s3api", "list-buckets")
    if not listing.ok:
        return Read(listing.status, None, listing.path)
    buckets = [_bucket(snapshot, account, b) for b in listing.get("Buckets", []) if isinstance(b, dict)]
    return Read(listing.status, buckets, listing.path)


def _bucket(snapshot: Snapshot, account: str, raw: dict[str, Any]) -> Bucket:
    name = str(raw.get("Name", ""))

    def call(op: str) -> Any:
        return snapshot.call(account, "global", "s3api", op, name)

    loc = call("get-bucket-location")
    region = loc.get("LocationConstraint") if loc.ok else None
    region = {None: "us-east-1", "": "us-east-1", "EU": "eu-west-1"}.get(region, region)
    pol, acl, bpa = call("get-bucket-policy"), call("get-bucket-acl"), call("get-public-access-block")
    enc, ver, log, own = (
        call(op)
        for op in (
            "get-bucket-encryption",
            "get-bucket-versioning",
            "get-bucket-logging",
            "get-bucket-ownership-controls",
        )
    )
    return Bucket(
        name=name,
        account=account,
        region=Read.of(loc, region or raw.get("BucketRegion")),
        created=raw.get("CreationDate"),
        policy=Read.of(pol, policy_document(pol.get("Policy"))),
        acl=Read.of(acl, acl.data if acl.ok else None),
        public_access_block=Read.of(bpa, bpa.get("PublicAccessBlockConfiguration")),
        encryption=Read.of(enc, enc.get("ServerSideEncryptionConfiguration")),
        versioning=Read.of(ver, ver.data if ver.ok else None),
        logging=Read.of(log, log.data if log.ok else None),
        ownership=Read.of(own, own.get("OwnershipControls")),
    )
