"""VPC endpoints and their policies, from ``ec2 describe-vpc-endpoints``.

Shape: Amazon EC2 API Reference, "VpcEndpoint"
(https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_VpcEndpoint.html): ``PolicyDocument`` is the
endpoint policy as a JSON string; an endpoint created without one has the default full-access policy
(Amazon VPC, "Control access to VPC endpoints using endpoint policies",
https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html). ``ServiceName`` names the
service the endpoint reaches: ``com.amazonaws.REGION.SERVICE`` for AWS services.

>>> e = VpcEndpoint("vpce-1", "vpc-1", "com.amazonaws.us-east-1.s3", "Gateway", "available", "111122223333",
...                 "us-east-1", None, "f.json", "/VpcEndpoints/0/PolicyDocument")
>>> e.serves("s3"), e.serves("sqs")
(True, False)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from keyaki.snapshot.load import Snapshot
from keyaki.snapshot.views import Read
from keyaki.snapshot.views.common import as_dict, as_list

# IAM action prefix → the endpoint service name(s) that carry its API (default: the prefix itself).
_ENDPOINT_SERVICES = {"ecr": ("ecr.api",), "execute-api": ("execute-api",), "s3": ("s3",)}


@dataclass(frozen=True, slots=True)
class VpcEndpoint:
    """One VPC endpoint: where it is, what it reaches, and its policy (verbatim, None: default full access)."""

    id: str
    vpc: str
    service_name: str
    type: str
    state: str
    owner: str
    region: str
    policy: Any
    source: str
    location: str

    def serves(self, prefix: str) -> bool:
        """Whether requests for actions of the IAM service ``prefix`` can pass this endpoint."""
        head = f"com.amazonaws.{self.region}."
        if not self.service_name.startswith(head):
            return False
        return self.service_name[len(head) :] in _ENDPOINT_SERVICES.get(prefix.lower(), (prefix.lower(),))


def vpc_endpoints(snap: Snapshot, account: str, region: str) -> Read[tuple[VpcEndpoint, ...]]:
    """The endpoints of one account and region (status not OK: unknown, never "none")."""
    resp = snap.call(account, region, "ec2", "describe-vpc-endpoints")
    if not resp.ok:
        return Read.of(resp, None)
    out = []
    for i, raw in enumerate(as_list(as_dict(resp.data).get("VpcEndpoints"))):
        e = as_dict(raw)
        if not e.get("VpcEndpointId"):
            continue
        out.append(
            VpcEndpoint(
                id=str(e["VpcEndpointId"]),
                vpc=str(e.get("VpcId", "")),
                service_name=str(e.get("ServiceName", "")),
                type=str(e.get("VpcEndpointType", "")),
                state=str(e.get("State", "")).lower(),
                owner=str(e.get("OwnerId") or account),
                region=region,
                policy=e.get("PolicyDocument") or None,
                source=resp.path,
                location=f"/VpcEndpoints/{i}/PolicyDocument",
            )
        )
    return Read.of(resp, tuple(out))


def own_vpcs(snap: Snapshot, account: str, region: str) -> Read[tuple[str, ...]]:
    """Ids of the VPCs the account owns in the region (``describe-vpcs``)."""
    resp = snap.call(account, region, "ec2", "describe-vpcs")
    if not resp.ok:
        return Read.of(resp, None)
    vpcs = [as_dict(v) for v in as_list(as_dict(resp.data).get("Vpcs"))]
    owned = tuple(str(v["VpcId"]) for v in vpcs if v.get("VpcId") and v.get("OwnerId", account) == account)
    return Read.of(resp, owned)
