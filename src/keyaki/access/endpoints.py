"""The VPC endpoints of an estate: the routes a request can take, each with its endpoint policy.

A request sent through a VPC endpoint is also evaluated against the endpoint's policy, which must allow
it (IAM User Guide, "Policy evaluation logic",
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html; Amazon VPC,
"Control access to VPC endpoints using endpoint policies",
https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html), and AWS sets
``aws:SourceVpce`` to the endpoint's id and ``aws:SourceVpc`` to its VPC ("AWS global condition context
keys"). So a who-can question whose policies test those keys is a union of *routes*: one per endpoint
of the snapshot that serves the action's service (the context keys fixed, the endpoint policy added),
and one for every other way (no endpoint, or an endpoint the snapshot does not hold, whose policy is
unknown and assumed to allow everything): there ``aws:SourceVpce`` is none of the snapshot's endpoints
and ``aws:SourceVpc`` none of the VPCs whose endpoints the snapshot lists completely.

An endpoint whose policy cannot be parsed is treated as one the snapshot does not hold (a problem is
recorded); an endpoint without ``PolicyDocument`` has the default full-access policy.
"""

from __future__ import annotations

from dataclasses import dataclass

from keyaki.access.estate import Doc, Estate
from keyaki.iam import ast
from keyaki.snapshot.views.vpc_endpoints import VpcEndpoint, own_vpcs, vpc_endpoints

SOURCE_VPCE, SOURCE_VPC = "aws:SourceVpce", "aws:SourceVpc"
_KEYS = (SOURCE_VPCE.lower(), SOURCE_VPC.lower())


@dataclass(frozen=True, slots=True)
class Endpoint:
    """A VPC endpoint of the snapshot and its parsed policy (None: the default full-access policy)."""

    view: VpcEndpoint
    account: str
    policy: Doc | None

    @property
    def id(self) -> str:
        return self.view.id

    @property
    def context(self) -> dict[str, str]:
        """The keys AWS sets for a request through this endpoint."""
        return {SOURCE_VPCE: self.view.id, SOURCE_VPC: self.view.vpc}


@dataclass(frozen=True, slots=True)
class Endpoints:
    """Every endpoint of the snapshot whose policy is known, and the VPCs whose endpoints all are."""

    all: tuple[Endpoint, ...] = ()
    vpcs: frozenset[str] = frozenset()

    @classmethod
    def load(cls, est: Estate) -> Endpoints:
        snap = est.snapshot
        found: list[Endpoint] = []
        vpcs: set[str] = set()
        for account in snap.accounts():
            for region in snap.regions(account):
                read, owned = vpc_endpoints(snap, account, region), own_vpcs(snap, account, region)
                if read.value is None:
                    continue
                unknown = set()
                for e in read.value:
                    ep = _endpoint(est, e, account)
                    if ep is None:
                        unknown.add(e.vpc)
                    else:
                        found.append(ep)
                vpcs.update(v for v in owned.value or () if v not in unknown)
        return cls(tuple(sorted(found, key=lambda e: e.id)), frozenset(vpcs))

    @property
    def ids(self) -> frozenset[str]:
        return frozenset(e.id for e in self.all)

    def serving(self, prefix: str) -> tuple[Endpoint, ...]:
        return tuple(e for e in self.all if e.view.serves(prefix))

    def get(self, endpoint_id: str) -> Endpoint | None:
        return next((e for e in self.all if e.id == endpoint_id), None)


def _endpoint(est: Estate, e: VpcEndpoint, account: str) -> Endpoint | None:
    if e.policy is None:
        return Endpoint(e, account, None)
    doc = est.doc(e.policy, f"VPC endpoint {e.id}", e.source, e.location)
    return None if doc is None else Endpoint(e, account, doc)


def mentions_vpc(pol: ast.Policy) -> bool:
    """Whether a policy tests ``aws:SourceVpce``/``aws:SourceVpc`` (a key, or a policy variable)."""
    for st in pol.statements:
        for c in st.conditions:
            if c.key.lower() in _KEYS:
                return True
            if pol.allows_variables and any(k in v.as_text().lower() for v in c.values for k in _KEYS):
                return True
    return False
