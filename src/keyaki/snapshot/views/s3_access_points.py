"""S3 access points: where each one is, which bucket it serves, its network origin, Block Public Access and policy.

Shapes: Amazon S3 Control API Reference, "ListAccessPoints", "GetAccessPoint", "GetAccessPointPolicy"
(``NoSuchAccessPointPolicy``: no policy) and "GetAccessPointPolicyStatus"
(https://docs.aws.amazon.com/AmazonS3/latest/API/API_control_GetAccessPoint.html). An access point whose
``NetworkOrigin`` is ``VPC`` accepts requests only from its VPC (Amazon S3 User Guide, "Creating access
points restricted to a virtual private cloud"); its own Block Public Access settings add to the bucket's
and the account's ("Managing public access to access points").

>>> ap = AccessPoint("reports", "111122223333", "us-east-1", "arn:aws:s3:us-east-1:111122223333:accesspoint/reports",
...                  "example-bucket", "111122223333", "VPC", "vpc-1", Read(Status.NOT_FOUND, None, "p.json"),
...                  Read(Status.NOT_FOUND, None, "s.json"), Read(Status.NOT_FOUND, None, "g.json"), "l.json")
>>> ap.internet, ap.bucket_arn
(False, 'arn:aws:s3:::example-bucket')
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from keyaki.snapshot.load import Snapshot, Status  # noqa: F401  (Status: the doctest)
from keyaki.snapshot.views import Read, policy_document
from keyaki.snapshot.views.common import as_dict, as_list

SERVICE = "s3control"


@dataclass(frozen=True, slots=True)
class AccessPoint:
    name: str
    account: str
    region: str
    arn: str
    bucket: str
    bucket_account: str
    network_origin: str  # ``Internet`` or ``VPC``
    vpc: str | None
    policy: Read[Any]  # the parsed policy document; NOT_FOUND: no policy
    policy_status: Read[dict[str, Any]]  # {"IsPublic": bool}
    public_access_block: Read[dict[str, bool]]  # the access point's own settings
    source: str  # the list-access-points file

    @property
    def internet(self) -> bool:
        """Whether requests from the internet reach it (``NetworkOrigin`` is not ``VPC``)."""
        return self.network_origin.lower() != "vpc"

    @property
    def bucket_arn(self) -> str:
        return f"arn:aws:s3:::{self.bucket}"


def load_access_points(snap: Snapshot, account: str, region: str) -> Read[list[AccessPoint]]:
    """The account's access points in one region (unknown when the list was not collected)."""
    listing = snap.call(account, region, SERVICE, "list-access-points")
    if not listing.ok:
        return Read(listing.status, None, listing.path)
    out = []
    for raw in as_list(as_dict(listing.data).get("AccessPointList")):
        e = as_dict(raw)
        if isinstance(e.get("Name"), str) and isinstance(e.get("Bucket"), str):
            out.append(_access_point(snap, account, region, e, listing.path))
    return Read(listing.status, out, listing.path)


def _access_point(snap: Snapshot, account: str, region: str, e: dict[str, Any], source: str) -> AccessPoint:
    name = str(e["Name"])
    detail = snap.call(account, region, SERVICE, "get-access-point", name)
    pol = snap.call(account, region, SERVICE, "get-access-point-policy", name)
    status = snap.call(account, region, SERVICE, "get-access-point-policy-status", name)
    info = as_dict(detail.data) if detail.ok else e
    origin = str(info.get("NetworkOrigin") or e.get("NetworkOrigin") or "Internet")
    vpc = as_dict(info.get("VpcConfiguration")).get("VpcId")
    block = as_dict(detail.data).get("PublicAccessBlockConfiguration") if detail.ok else None
    return AccessPoint(
        name=name,
        account=account,
        region=region,
        arn=str(e.get("AccessPointArn") or f"arn:aws:s3:{region}:{account}:accesspoint/{name}"),
        bucket=str(e["Bucket"]),
        bucket_account=str(e.get("BucketAccountId") or account),
        network_origin=origin,
        vpc=str(vpc) if vpc else None,
        policy=Read.of(pol, policy_document(pol.get("Policy")) if pol.ok else None),
        policy_status=Read.of(status, as_dict(status.get("PolicyStatus")) if status.ok else None),
        public_access_block=Read.of(detail, block),
        source=source,
    )
