"""IAM principals and their policies, from ``aws iam get-account-authorization-details`` (GAAD).

Follows the GAAD response shape
(https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountAuthorizationDetails.html).
A user's identity policies are its inline and attached managed policies plus those of its groups
(https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-vs-inline.html).

>>> from keyaki.cli.scan import demo_path
>>> from keyaki.snapshot import open_snapshot
>>> iam = load_iam(open_snapshot(demo_path()), "333333333333")  # doctest: +SKIP
>>> [p.name for p in iam.identity_policies(iam.users[0])]  # doctest: +SKIP
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from keyaki.snapshot.load import Gap, Snapshot, Status
from keyaki.snapshot.views import policy_document, tags_dict

GAAD = ("global", "iam", "get-account-authorization-details")


@dataclass(frozen=True, slots=True)
class PolicyDoc:
    """One policy document attached to a principal, with where it came from."""

    name: str
    document: Any  # parsed JSON (dict) or the raw value when it is not JSON: the IAM parser reports it
    kind: str  # "inline", "managed" or "boundary"
    source: str  # snapshot file
    location: str  # JSON pointer inside that file
    arn: str | None = None  # managed policies


@dataclass(frozen=True, slots=True)
class ManagedPolicy:
    arn: str
    name: str
    default_version: str | None
    document: Any
    location: str
    aws_managed: bool
    attachment_count: int | None = None


@dataclass(frozen=True, slots=True)
class Principal:
    """An IAM user, role or group of one account."""

    kind: str  # "user", "role" or "group"
    name: str
    arn: str
    id: str
    account: str
    path: str = "/"
    inline: tuple[PolicyDoc, ...] = ()
    managed_arns: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()  # users: group names
    boundary_arn: str | None = None
    tags: dict[str, str] = field(default_factory=dict)
    trust_policy: PolicyDoc | None = None  # roles
    create_date: str | None = None
    last_used: str | None = None  # roles: RoleLastUsed.LastUsedDate
    location: str = ""


@dataclass
class IamAccount:
    """The IAM side of one account; ``known`` is False when GAAD was not collected or unreadable."""

    account: str
    known: bool
    source: str
    users: list[Principal] = field(default_factory=list)
    roles: list[Principal] = field(default_factory=list)
    groups: list[Principal] = field(default_factory=list)
    policies: dict[str, ManagedPolicy] = field(default_factory=dict)
    missing_policies: set[str] = field(default_factory=set)

    def group(self, name: str) -> Principal | None:
        return next((g for g in self.groups if g.name == name), None)

    def principal(self, arn: str) -> Principal | None:
        return next((p for p in (*self.users, *self.roles, *self.groups) if p.arn == arn), None)

    def managed_doc(self, arn: str) -> PolicyDoc | None:
        """The default version of a managed policy, or None if the snapshot does not hold it."""
        pol = self.policies.get(arn)
        if pol is None:
            return None
        return PolicyDoc(pol.name, pol.document, "managed", self.source, pol.location, arn)

    def identity_policies(self, principal: Principal) -> list[PolicyDoc]:
        """Inline + attached managed policies, and for a user those of each of its groups."""
        docs = list(principal.inline) + self._managed(principal.managed_arns)
        for gname in principal.groups:
            grp = self.group(gname)
            if grp is not None:
                docs += list(grp.inline) + self._managed(grp.managed_arns)
        return docs

    def boundary(self, principal: Principal) -> PolicyDoc | None:
        if principal.boundary_arn is None:
            return None
        doc = self.managed_doc(principal.boundary_arn)
        return None if doc is None else PolicyDoc(doc.name, doc.document, "boundary", doc.source, doc.location, doc.arn)

    def _managed(self, arns: tuple[str, ...]) -> list[PolicyDoc]:
        out = []
        for arn in arns:
            doc = self.managed_doc(arn)
            if doc is not None:
                out.append(doc)
        return out


def load_iam(snapshot: Snapshot, account: str) -> IamAccount:
    """Parse one account's GAAD; attached policies missing from it are recorded as coverage gaps."""
    resp = snapshot.call(account, *GAAD)
    view = IamAccount(account, resp.ok, resp.path)
    if not resp.ok or not isinstance(resp.data, dict):
        return view
    data = resp.data
    for i, raw in enumerate(data.get("Policies") or []):
        pol = _managed_policy(raw, i)
        if pol is not None:
            view.policies[pol.arn] = pol
    view.users = [
        _principal("user", u, account, resp.path, f"/UserDetailList/{i}") for i, u in _items(data, "UserDetailList")
    ]
    view.roles = [
        _principal("role", r, account, resp.path, f"/RoleDetailList/{i}") for i, r in _items(data, "RoleDetailList")
    ]
    view.groups = [
        _principal("group", g, account, resp.path, f"/GroupDetailList/{i}") for i, g in _items(data, "GroupDetailList")
    ]
    for p in (*view.users, *view.roles, *view.groups):
        for arn in (*p.managed_arns, *([p.boundary_arn] if p.boundary_arn else [])):
            if arn not in view.policies and arn not in view.missing_policies:
                view.missing_policies.add(arn)
                snapshot.note_gap(
                    Gap(
                        resp.path,
                        "policy_not_in_snapshot",
                        f"`{arn}` is attached but its document is not in GAAD",
                        account=account,
                        region="global",
                        service="iam",
                        operation="get-account-authorization-details",
                    )
                )
    return view


def _items(data: dict[str, Any], key: str) -> list[tuple[int, dict[str, Any]]]:
    return [(i, x) for i, x in enumerate(data.get(key) or []) if isinstance(x, dict)]


def _managed_policy(raw: Any, i: int) -> ManagedPolicy | None:
    if not isinstance(raw, dict) or not raw.get("Arn"):
        return None
    versions = raw.get("PolicyVersionList") or []
    default_id = raw.get("DefaultVersionId")
    doc, loc = None, f"/Policies/{i}"
    for j, v in enumerate(versions):
        if isinstance(v, dict) and (v.get("IsDefaultVersion") or v.get("VersionId") == default_id):
            doc, loc = policy_document(v.get("Document")), f"/Policies/{i}/PolicyVersionList/{j}/Document"
            break
    arn = str(raw["Arn"])
    return ManagedPolicy(
        arn=arn,
        name=str(raw.get("PolicyName") or arn.rsplit("/", 1)[-1]),  # moto omits PolicyName at times
        default_version=default_id,
        document=doc,
        location=loc,
        aws_managed=arn.split(":")[4] == "aws" if arn.count(":") >= 5 else False,
        attachment_count=raw.get("AttachmentCount"),
    )


_INLINE_KEY = {"user": "UserPolicyList", "role": "RolePolicyList", "group": "GroupPolicyList"}
_NAME_KEY = {"user": "UserName", "role": "RoleName", "group": "GroupName"}
_ID_KEY = {"user": "UserId", "role": "RoleId", "group": "GroupId"}


def _principal(kind: str, raw: dict[str, Any], account: str, source: str, loc: str) -> Principal:
    inline = tuple(
        PolicyDoc(
            str(p.get("PolicyName", f"inline-{j}")),
            policy_document(p.get("PolicyDocument")),
            "inline",
            source,
            f"{loc}/{_INLINE_KEY[kind]}/{j}/PolicyDocument",
        )
        for j, p in enumerate(raw.get(_INLINE_KEY[kind]) or [])
        if isinstance(p, dict)
    )
    trust = None
    if kind == "role" and raw.get("AssumeRolePolicyDocument") is not None:
        trust = PolicyDoc(
            "trust policy",
            policy_document(raw["AssumeRolePolicyDocument"]),
            "trust",
            source,
            f"{loc}/AssumeRolePolicyDocument",
        )
    boundary = raw.get("PermissionsBoundary") or {}
    last_used = (raw.get("RoleLastUsed") or {}).get("LastUsedDate")
    return Principal(
        kind=kind,
        name=str(raw.get(_NAME_KEY[kind], "")),
        arn=str(raw.get("Arn", "")),
        id=str(raw.get(_ID_KEY[kind], "")),
        account=account,
        path=str(raw.get("Path", "/")),
        inline=inline,
        managed_arns=tuple(
            str(m.get("PolicyArn")) for m in raw.get("AttachedManagedPolicies") or [] if m.get("PolicyArn")
        ),
        groups=tuple(str(g) for g in raw.get("GroupList") or []),
        boundary_arn=boundary.get("PermissionsBoundaryArn") if isinstance(boundary, dict) else None,
        tags=tags_dict(raw.get("Tags")),
        trust_policy=trust,
        create_date=raw.get("CreateDate"),
        last_used=last_used,
        location=loc,
    )


def iam_status(snapshot: Snapshot, account: str) -> Status:
    """Whether the account's GAAD is in the snapshot (OK) or why not."""
    return snapshot.call(account, *GAAD).status
