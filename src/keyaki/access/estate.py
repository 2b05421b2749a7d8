"""The estate an access question is asked about: principals, resources and guardrails of a snapshot.

Read once from the snapshot through the typed views (``keyaki.snapshot.views``): every IAM user and
role of every account with its identity-based policies and permissions boundary, every resource-based
policy (``resource_policies``), the organisation's SCP and RCP levels (``Organization.policy_levels``),
and what keyaki knows of the request context of a principal from the snapshot: the keys AWS sets from
the principal and its account (IAM User Guide, "AWS global condition context keys",
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html:
``aws:PrincipalOrgID``, ``aws:PrincipalOrgPaths``, ``aws:PrincipalTag/*``, and for the resource
``aws:ResourceAccount``, ``aws:ResourceOrgID``, ``aws:ResourceOrgPaths``). Policies are parsed once.

>>> from keyaki.snapshot import open_snapshot
>>> from keyaki.cli.scan import demo_path
>>> est = Estate.load(open_snapshot(demo_path()))
>>> est.org_id
'o-a1b2c3d4e5'
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from keyaki.access.grants import GrantRef, with_grants
from keyaki.errors import KeyakiError
from keyaki.iam import ast
from keyaki.iam.parse import parse_policy
from keyaki.snapshot.load import Snapshot, Status
from keyaki.snapshot.views.iam import PolicyDoc, load_iam
from keyaki.snapshot.views.kms_grants import KeyGrants, grants_by_key
from keyaki.snapshot.views.organizations import RCP, SCP, Organization, load_organization
from keyaki.snapshot.views.resource_policies import ResourcePolicy, resource_policies

# Resource types whose ARN has an empty region (global services).
_GLOBAL = ("AWS::S3::Bucket", "AWS::IAM::Role")


@dataclass(frozen=True, slots=True)
class Source:
    """Where a policy came from: its label in a simulate case, its name, the snapshot file and pointer."""

    label: str
    name: str
    file: str
    location: str = ""

    def to_json(self) -> dict[str, str]:
        return {"policy": self.label, "name": self.name, "file": self.file, "location": self.location}


@dataclass(frozen=True, slots=True)
class Doc:
    """A policy: the verbatim document, its parsed AST, where it came from."""

    document: Any
    policy: ast.Policy
    name: str
    file: str
    location: str = ""


@dataclass(frozen=True, slots=True)
class Actor:
    """A principal that can make requests: an IAM user or role of the snapshot, or an external class.

    ``request_principal`` is how a request names it (``keyaki iam simulate``'s ``principal``);
    ``fixed`` the context keys whose values the snapshot determines; ``internal`` is False for
    principals outside the snapshot (their identity-based side is assumed to allow everything,
    the way IAM Access Analyzer treats another account's administrator).
    """

    arn: str
    kind: str  # user, role, account, public, anonymous, service, federated
    account: str | None
    request_principal: str
    identity: tuple[Doc, ...] = ()
    boundaries: tuple[Doc, ...] = ()
    fixed: dict[str, Any] = field(default_factory=dict)
    internal: bool = True


@dataclass(frozen=True, slots=True)
class Resource:
    arn: str
    resource_type: str
    account: str
    region: str
    policy: Doc | None
    status: Status  # OK, NOT_FOUND (no policy) or unknown
    source: str = ""  # the snapshot file of the policy
    grants: tuple[GrantRef, ...] = ()  # KMS keys: statements of ``policy`` that are grants (``access.grants``)
    grants_status: Status | None = None  # KMS keys: whether list-grants was read (None: not a key)
    grants_source: str = ""


@dataclass
class Estate:
    """Everything the access analyses read, loaded once per snapshot."""

    snapshot: Snapshot
    org: Organization
    actors: list[Actor] = field(default_factory=list)
    resources: list[Resource] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    _levels: dict[tuple[str, str], tuple[tuple[str, tuple[Doc, ...]], ...]] = field(default_factory=dict)
    _parsed: dict[str, ast.Policy | None] = field(default_factory=dict)

    @property
    def org_id(self) -> str | None:
        return self.org.id if self.org.known else None

    @classmethod
    def load(cls, snapshot: Snapshot) -> Estate:
        est = cls(snapshot, load_organization(snapshot))
        for account in snapshot.accounts():
            est._load_iam(account)
        grants = grants_by_key(snapshot)
        for rp in resource_policies(snapshot):
            est.resources.append(est._resource(rp, grants.get(rp.arn)))
        return est

    # --- parsing ------------------------------------------------------------------------------------

    def doc(self, document: Any, name: str, file: str, location: str = "") -> Doc | None:
        """Parse a document once; an unparseable one is a problem of the analysis, never a silent skip."""
        key = document if isinstance(document, str) else json.dumps(document, sort_keys=True)
        if key not in self._parsed:
            try:
                self._parsed[key] = parse_policy(document)
            except KeyakiError as exc:
                self.problems.append(f"{file}{location}: policy `{name}` not evaluated: {exc}")
                self._parsed[key] = None
        pol = self._parsed[key]
        return None if pol is None else Doc(document, pol, name, file, location)

    def _docs(self, docs: list[PolicyDoc]) -> tuple[Doc, ...]:
        out = (self.doc(d.document, d.name, d.source, d.location) for d in docs)
        return tuple(d for d in out if d is not None)

    # --- principals and resources -------------------------------------------------------------------

    def _load_iam(self, account: str) -> None:
        iam = load_iam(self.snapshot, account)
        for p in (*iam.users, *iam.roles):
            boundary = iam.boundary(p)
            fixed = self.principal_context(account)
            fixed.update({f"aws:PrincipalTag/{k}": v for k, v in sorted(p.tags.items())})
            self.actors.append(
                Actor(
                    arn=p.arn,
                    kind=p.kind,
                    account=account,
                    request_principal=p.arn,
                    identity=self._docs(iam.identity_policies(p)),
                    boundaries=self._docs([boundary]) if boundary is not None else (),
                    fixed=fixed,
                )
            )

    def _resource(self, rp: ResourcePolicy, kg: KeyGrants | None = None) -> Resource:
        doc = None
        refs: tuple[GrantRef, ...] = ()
        if rp.status is Status.OK and rp.document is not None:
            document, refs = with_grants(rp.document, kg) if kg is not None else (rp.document, ())
            doc = self.doc(document, rp.arn, rp.source, rp.location)
        status = rp.status if doc is not None or rp.status is not Status.OK else Status.FAILED
        if kg is not None and kg.status not in (Status.OK, Status.NOT_FOUND):
            self.problems.append(
                f"{kg.source}: the grants of `{rp.arn}` could not be read ({kg.status.value}): "
                "access through grants is not known"
            )
        return Resource(
            rp.arn, rp.resource_type, rp.account, rp.region, doc, status, rp.source, refs,
            kg.status if kg is not None else None, kg.source if kg is not None else "",
        )  # fmt: skip

    def resource(self, arn: str) -> Resource | None:
        return next((r for r in self.resources if r.arn == arn), None)

    def actor(self, arn: str) -> Actor | None:
        return next((a for a in self.actors if a.arn == arn), None)

    def in_org(self, account: str | None) -> bool:
        return account is not None and self.org.known and account in self.org.accounts

    def principal_context(self, account: str) -> dict[str, Any]:
        """Keys AWS sets from the principal's organisation (absent outside an organisation)."""
        if not self.in_org(account):
            return {}
        path = self.org.path(account)
        return {"aws:PrincipalOrgID": self.org.id, "aws:PrincipalOrgPaths": [_org_path(self.org.id, path)]}

    def resource_context(self, res: Resource) -> dict[str, Any]:
        """Keys the resource fixes: its account and organisation, and for a regional resource the
        region a request must be sent to (``aws:RequestedRegion``: a request to another Region's
        endpoint does not reach it)."""
        out: dict[str, Any] = {"aws:ResourceAccount": res.account}
        region = resource_region(res)
        if region:
            out["aws:RequestedRegion"] = region
        if self.in_org(res.account):
            out["aws:ResourceOrgID"] = self.org.id
            out["aws:ResourceOrgPaths"] = [_org_path(self.org.id, self.org.path(res.account))]
        return out

    # --- guardrails -----------------------------------------------------------------------------------

    def levels(self, account: str | None, policy_type: str) -> tuple[tuple[str, tuple[Doc, ...]], ...]:
        """SCP or RCP levels of an account, root first (empty outside the organisation)."""
        if account is None or not self.in_org(account) or policy_type not in self.org.policy_types_known:
            return ()
        key = (account, policy_type)
        if key not in self._levels:
            by_target = {t: self.org.policies_at(t, policy_type) for t in self.org.path(account)}
            self._levels[key] = tuple((t, self._org_docs(pols, t)) for t, pols in by_target.items())
        return self._levels[key]

    def _org_docs(self, pols: list[Any], target: str) -> tuple[Doc, ...]:
        out = (self.doc(p.document, f"{p.name} ({p.id})", p.source, "/Policy/Content") for p in pols)
        return tuple(d for d in out if d is not None)

    def scps(self, account: str | None) -> tuple[tuple[str, tuple[Doc, ...]], ...]:
        return self.levels(account, SCP)

    def rcps(self, account: str | None) -> tuple[tuple[str, tuple[Doc, ...]], ...]:
        return self.levels(account, RCP)

    def zone_endpoints(self, accounts: frozenset[str]) -> tuple[frozenset[str], frozenset[str]]:
        """VPC endpoint ids and VPC ids owned by the given accounts (requests through them come from inside)."""
        vpce: set[str] = set()
        vpcs: set[str] = set()
        for account in sorted(accounts):
            if account not in self.snapshot.accounts():
                continue
            for region in self.snapshot.regions(account):
                for e in self.snapshot.call(account, region, "ec2", "describe-vpc-endpoints").get("VpcEndpoints", []):
                    vpce.add(str(e.get("VpcEndpointId")))
                for v in self.snapshot.call(account, region, "ec2", "describe-vpcs").get("Vpcs", []):
                    vpcs.add(str(v.get("VpcId")))
        return frozenset(vpce), frozenset(vpcs)


def _org_path(org_id: str | None, path: list[str]) -> str:
    """``o-xxx/r-xxx/ou-xxx/.../`` as ``aws:PrincipalOrgPaths`` writes it (the account itself excluded)."""
    return "/".join([org_id or "", *path[:-1]]) + "/"


def resource_region(res: Resource) -> str | None:
    return None if res.resource_type in _GLOBAL else res.region
