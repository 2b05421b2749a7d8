"""External and public access: who outside the zone of trust can reach each resource, with proofs.

Follows IAM Access Analyzer's external access findings ("Using AWS IAM Access Analyzer", "Resource types
supported for external access", https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-resources.html):
for every resource-based policy in the snapshot and every principal *class* it names outside the zone of
trust (an account, a user or role of another account, ``*``, a federated provider, a service on behalf of
a source outside the zone), the actions that class can perform, the conditions it needs and a replayed
witness. One finding per resource × class, its actions aggregated, and a class whose every action a wider
class (``*``, or its own account) can always perform is left out (:func:`minimal`), so no finding is implied
by another.

A service principal (class ``Service:<principal>``) is asked as itself, on behalf of any source the zone does
not hold (IAM User Guide, "The confused deputy problem",
https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html): ``aws:SourceAccount``/
``aws:SourceOwner`` not a zone account, ``aws:SourceOrgID`` not the organisation's (organisation zone),
``aws:SourceArn`` no ARN of a zone account or zone bucket (``access.zone``), and no organisation id of its own.
Services named by role trust policies (a role is passed to a service only within its account,
``iam:PassRole``) and by KMS grants are not classes (``docs/access.md``).

The zone of trust is the organisation (``ScanOptions.trust == "organization"``) or the resource's own
account (``"account"``). Requests that come through the zone's own VPC endpoints or VPCs (``aws:SourceVpce``,
``aws:SourceVpc``) and principals that carry the organisation's id (``aws:PrincipalOrgID``) come from inside.
"Public" is ``keyaki.symbolic.public`` (Amazon S3, "The meaning of public"), confirmed by an anonymous or
any-account request the full authorization allows; S3 Block Public Access is honoured
(``RestrictPublicBuckets`` for policies, ``IgnorePublicAcls`` for ACL grants). Sharing that is not a policy:
KMS grants are read as key policy statements (``keyaki.access.grants``), EBS and RDS snapshot attributes
are findings of their own (``keyaki.access.sharing``).

Severity: public → CRITICAL when a write or permissions-management action is public, else HIGH; an external
class allowed with no condition → HIGH; with conditions → MEDIUM, or LOW when ``sts:ExternalId`` is among
them (the vendor pattern AWS recommends); undecided → INFORMATIONAL (never a pass).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from keyaki.access import access_points
from keyaki.access.engine import ABSENT, ALWAYS, UNKNOWN, Answer, Engine
from keyaki.access.estate import Actor, Estate, Resource, resource_region
from keyaki.access.report import evidence, title
from keyaki.access.sharing import grant_gaps, snapshot_findings
from keyaki.access.whocan import external_actors
from keyaki.access.zone import exclusions as zone_exclusions
from keyaki.findings.model import Evidence, Finding, Severity, sort_key
from keyaki.iam import ast
from keyaki.iam.reference import action as ref_action
from keyaki.snapshot.load import Snapshot, Status
from keyaki.snapshot.views.s3 import account_public_access_block, effective_block, load_buckets
from keyaki.symbolic import FAIL, PASS, Checker

if TYPE_CHECKING:  # keyaki.scan imports this module to register it
    from keyaki.scan import ScanOptions, Section

EXTERNAL, PUBLIC, UNDECIDED = "access/external-access", "access/public-access", "access/external-access-undecided"
PUBLIC_GROUPS = {
    "http://acs.amazonaws.com/groups/global/AllUsers": "AllUsers",
    "http://acs.amazonaws.com/groups/global/AuthenticatedUsers": "AuthenticatedUsers",
}
_PUBLIC_TYPE = {"AWS::IAM::Role": "AWS::IAM::AssumeRolePolicyDocument"}
_WRITE_LEVELS = ("Write", "Permissions management")
# How the policy of a resource type is changed, where the generic advice does not say it.
_EDIT = {
    "AWS::EFS::FileSystem": "`aws efs put-file-system-policy` or `delete-file-system-policy`",
    "AWS::DynamoDB::Table": "`aws dynamodb put-resource-policy` or `delete-resource-policy`",
    "AWS::DynamoDB::Stream": "`aws dynamodb put-resource-policy` or `delete-resource-policy` on the stream ARN",
    "AWS::Lambda::LayerVersion": "`aws lambda remove-layer-version-permission`; each version has its own policy",
}


@dataclass(frozen=True, slots=True)
class Reach:
    """What one principal class can do on one resource."""

    resource: Resource
    cls: str  # the discriminator: ``*``, ``AWS:<account>``, ``AWS:<arn>``, ``Federated:<provider>``
    actors: tuple[Actor, ...]
    answers: tuple[tuple[str, Answer], ...]  # (action, answer), absent ones left out


def zone_of(estate: Estate, trust: str, res: Resource) -> frozenset[str]:
    if trust == "account" or not estate.org.known:
        return frozenset({res.account})
    return frozenset({*estate.org.accounts, *estate.snapshot.accounts()})


class _ZoneBuckets:
    """The bucket names of a zone's accounts in the snapshot (``s3api list-buckets``, read once per account;
    a listing not collected names no bucket, so such source ARNs count as outside: a finding, never a miss)."""

    def __init__(self, snapshot: Snapshot) -> None:
        self.snapshot = snapshot
        self._by_account: dict[str, frozenset[str]] = {}

    def get(self, zone: frozenset[str]) -> frozenset[str]:
        out: set[str] = set()
        for account in sorted(zone & set(self.snapshot.accounts())):
            if account not in self._by_account:
                found = self.snapshot.call(account, "global", "s3api", "list-buckets").get("Buckets", [])
                self._by_account[account] = frozenset(str(b.get("Name")) for b in found if isinstance(b, dict))
            out |= self._by_account[account]
        return frozenset(out)


def _class(actor: Actor) -> str | None:
    if actor.kind in ("anonymous", "public"):
        return "*"
    if actor.kind == "account":
        return f"AWS:{actor.account}"
    if actor.kind in ("user", "role", "other"):
        return f"AWS:{actor.arn}"
    if actor.kind == "federated":
        return f"Federated:{actor.arn}"
    if actor.kind == "service":
        return f"Service:{actor.arn}"  # on behalf of a source outside the zone (the module docstring)
    return None


def _granted_services(res: Resource) -> frozenset[str]:
    """Service principals (lower-case) an Allow statement of the resource's own policy names: not a role
    trust policy (a service assumes a role only when a principal of the role's account passes it to the
    service, ``iam:PassRole``), nor a KMS grant read as a statement (see ``docs/access.md``)."""
    if res.policy is None or res.resource_type == "AWS::IAM::Role":
        return frozenset()
    grants = {g.statement for g in res.grants}
    return frozenset(
        v.lower()
        for i, st in enumerate(res.policy.policy.statements)
        if i not in grants and st.effect is ast.Effect.ALLOW and st.principal is not None
        for v in st.principal.values("Service")
    )


def reaches(engine: Engine, trust: str) -> Iterator[Reach]:
    """Every (resource, external class) pair that is not absent, in a stable order."""
    est = engine.estate
    buckets = _ZoneBuckets(est.snapshot)
    for res in est.resources:
        if res.policy is None:
            continue
        zone = zone_of(est, trust, res)
        vpce, vpcs = est.zone_endpoints(zone)
        if access_points.inside_network(engine.access_points, res.arn, vpcs):
            continue  # an S3 access point of a VPC of the zone: no request comes from outside
        exclude = {"aws:sourcevpce": vpce, "aws:sourcevpc": vpcs, "aws:sourceaccount": zone, "aws:sourceowner": zone}
        exclude["s3:dataaccesspointaccount"] = zone  # through an access point of the zone: see its own findings
        if trust == "organization" and est.org_id:
            exclude["aws:principalorgid"] = exclude["aws:sourceorgid"] = frozenset({est.org_id})
        exclude.update(zone_exclusions("aws:SourceArn", zone, buckets.get(zone)))
        by_class: dict[str, list[Actor]] = {}
        services = _granted_services(res)
        for actor in external_actors(est, res, zone):
            cls = _class(actor)
            if cls is not None and (actor.kind != "service" or actor.arn.lower() in services):
                by_class.setdefault(cls, []).append(actor)
        for cls in sorted(by_class):
            answers = _answers(engine, by_class[cls], res, exclude)
            if answers:
                yield Reach(res, cls, tuple(by_class[cls]), answers)


def _answers(
    engine: Engine, actors: list[Actor], res: Resource, exclude: dict[str, frozenset[str]]
) -> tuple[tuple[str, Answer], ...]:
    best: dict[str, Answer] = {}
    rank = {ALWAYS: 3, "conditionally": 2, UNKNOWN: 1, ABSENT: 0}
    org_id = engine.estate.org_id
    for actor in actors:
        excl = exclude
        if actor.kind == "service" and org_id:  # a service principal belongs to no organisation (who-can too)
            excl = {**exclude, "aws:principalorgid": frozenset({org_id})}
        for t, ans in engine.decide_many(actor, res, engine.targets(res), excl):
            if ans.level != ABSENT and rank[ans.level] > rank[best[t.action].level if t.action in best else ABSENT]:
                best[t.action] = ans
    return tuple(sorted(best.items()))


def analyze(snapshot: Snapshot, options: ScanOptions) -> Iterable[Finding | Section]:
    """The scan analysis: external and public access findings (``keyaki.scan.ANALYSES["access"]``)."""
    from keyaki.scan import Section  # deferred: keyaki.scan imports this module to register it

    findings, problems = external_findings(snapshot, options.trust)
    yield from findings
    yield Section("access", {"trust": options.trust, "problems": problems})


def external_findings(snapshot: Snapshot, trust: str) -> tuple[list[Finding], list[str]]:
    """Every external and public access finding, and the policies that could not be evaluated."""
    est = Estate.load(snapshot)
    engine = Engine(est)
    checker = Checker()
    blocks = _bucket_blocks(snapshot)
    blocks.update(access_points.blocks(est, engine.access_points, blocks))
    out = []
    for r in minimal(list(reaches(engine, trust))):
        f = _finding(r, checker, blocks.get(r.resource.arn), trust)
        if f is not None:
            out.append(f)
    out += _acl_findings(snapshot, blocks)
    out += [*snapshot_findings(snapshot, est, trust), *grant_gaps(est)]  # sharing that is not a policy
    out += [_unread(res) for res in est.resources if res.status not in (Status.OK, Status.NOT_FOUND)]
    return out, list(est.problems)


def minimal(found: list[Reach]) -> list[Reach]:
    """The reaches no other reach of the same resource implies: a class whose every action the wider
    class can *always* perform (``*`` includes every principal; ``AWS:<account>`` every principal of
    that account) adds nothing to the wider class's finding. Only ``always`` implies: a conditional
    answer of the wider class may need conditions the narrower class does not."""
    by_resource: dict[str, dict[str, Reach]] = {}
    for r in found:
        by_resource.setdefault(r.resource.arn, {})[r.cls] = r
    return [r for r in found if not any(_implies(w, r) for w in _wider(r, by_resource[r.resource.arn]))]


def _wider(r: Reach, classes: dict[str, Reach]) -> Iterator[Reach]:
    if r.cls != "*" and "*" in classes:
        yield classes["*"]
    account = next((a.account for a in r.actors if a.kind in ("user", "role", "other")), None)
    if r.cls.startswith("AWS:arn:") and account and f"AWS:{account}" in classes:
        yield classes[f"AWS:{account}"]


def _implies(wider: Reach, r: Reach) -> bool:
    always = {action for action, ans in wider.answers if ans.level == ALWAYS}
    return all(action in always for action, _ in r.answers)


def _unread(res: Resource) -> Finding:
    """A policy that could not be read or parsed: external access is undecided there, never "none"."""
    return Finding.make(
        type=UNDECIDED,
        severity=Severity.INFORMATIONAL,
        title=f"the policy of `{res.arn}` could not be evaluated ({res.status.value})",
        resource=res.arn,
        resource_type=res.resource_type,
        account=res.account,
        region=resource_region(res),
        discriminator="policy",
        evidence=Evidence(
            summary=f"the resource policy could not be read or parsed ({res.status.value}): who outside the "
            "zone of trust can reach it is not known",
            details={"status": res.status.value},
            sources=[res.source] if res.source else [],
        ),
        remediation="Collect the resource policy again (or fix the document) and re-run the analysis.",
    )


def _bucket_blocks(snapshot: Snapshot) -> dict[str, dict[str, Any]]:
    """Effective Block Public Access and the ACL grants of every bucket."""
    out: dict[str, dict[str, Any]] = {}
    for account in snapshot.accounts():
        acct = account_public_access_block(snapshot, account)
        for b in load_buckets(snapshot, account).value or []:
            block = effective_block(b.public_access_block, acct)
            grants = (b.acl.value or {}).get("Grants", []) if b.acl.known else []
            out[b.arn] = {"block": block, "grants": grants, "account": account, "source": b.acl.source}
    return out


def _is_public(r: Reach, checker: Checker) -> tuple[bool | None, dict[str, Any]]:
    """AWS's definition of public on the resource policy (None: undecided)."""
    if r.cls != "*" or r.resource.policy is None:
        return False, {}
    rtype = _PUBLIC_TYPE.get(r.resource.resource_type, r.resource.resource_type)
    res = checker.verify_no_public_access(r.resource.policy.policy, rtype)
    verdict = True if res.result == FAIL else False if res.result == PASS else None
    return verdict, res.to_json()


def _severity(r: Reach, public: bool | None) -> Severity:
    levels = {a.level for _, a in r.answers}
    if levels == {UNKNOWN}:
        return Severity.INFORMATIONAL
    if public:
        write = any(_access_level(act) in _WRITE_LEVELS for act, _ in r.answers)
        return Severity.CRITICAL if write else Severity.HIGH
    if ALWAYS in levels:
        return Severity.HIGH
    keys = {c["key"].lower() for _, a in r.answers for g in a.conditions for c in g["clauses"]}
    return Severity.LOW if "sts:externalid" in keys or r.cls.startswith("Federated:") else Severity.MEDIUM


def _access_level(act: str) -> str:
    try:
        return str(ref_action(act).access_level)
    except Exception:  # an action the reference data lacks: treat as a write (worst case)
        return "Write"


def _finding(r: Reach, checker: Checker, bucket: dict[str, Any] | None, trust: str) -> Finding | None:
    public, public_check = _is_public(r, checker)
    if public and bucket is not None and bucket.get("internet") is False:
        public = False  # an S3 access point whose network origin is a VPC is not reachable from the internet
    if public and bucket is not None and bucket["block"].get("RestrictPublicBuckets"):
        return None  # S3 ignores public policies of this bucket for callers outside the account
    sev = _severity(r, public)
    ftype = UNDECIDED if sev is Severity.INFORMATIONAL else PUBLIC if public else EXTERNAL
    res = r.resource
    return Finding.make(
        type=ftype,
        severity=sev,
        title=title(r, public),
        resource=res.arn,
        resource_type=res.resource_type,
        account=res.account,
        region=resource_region(res),
        discriminator=r.cls,
        evidence=evidence(r, public, public_check, trust),
        remediation=_remediation(r, public),
    )


def _remediation(r: Reach, public: bool | None) -> str:
    edit = _EDIT.get(r.resource.resource_type)
    how = f" ({edit})" if edit else ""
    if public:
        return (
            f"Remove the statement that grants `*`{how}, or restrict it with a condition on a fixed value "
            "(aws:SourceVpce, aws:PrincipalOrgID, aws:SourceAccount); turn on S3 Block Public Access where it applies."
        )
    if r.cls.startswith("Service:"):
        return (
            f"Limit the grant to `{r.cls.partition(':')[2]}` to your own sources{how}: add an `aws:SourceArn` "
            "(the resource that uses the service) or `aws:SourceAccount` (or `aws:SourceOrgID`) condition, as the "
            'IAM User Guide advises in "The confused deputy problem" '
            "(https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html)."
        )
    if r.resource.resource_type == "AWS::IAM::Role":
        return "Keep cross-account trust to known partners and require `sts:ExternalId` (confused deputy)."
    return (
        f"Remove the external principal from the resource policy{how}, or confirm the sharing is intended "
        "and archive it."
    )


def _acl_findings(snapshot: Snapshot, blocks: dict[str, dict[str, Any]]) -> Iterator[Finding]:
    """S3 ACL grants to AllUsers/AuthenticatedUsers (not IAM policies: the grant itself is the evidence)."""
    for arn, b in sorted(blocks.items()):
        if b["block"].get("IgnorePublicAcls"):
            continue
        for group in sorted({PUBLIC_GROUPS[g["Grantee"]["URI"]] for g in b["grants"] if _public_grant(g)}):
            perms = sorted(
                {
                    str(g.get("Permission"))
                    for g in b["grants"]
                    if _public_grant(g) and PUBLIC_GROUPS[g["Grantee"]["URI"]] == group
                }
            )
            write = any(p in ("WRITE", "WRITE_ACP", "FULL_CONTROL") for p in perms)
            yield Finding.make(
                type=PUBLIC,
                severity=Severity.CRITICAL if write else Severity.HIGH,
                title=f"bucket `{arn.split(':::')[1]}` ACL grants {', '.join(perms)} to {group}",
                resource=arn,
                resource_type="AWS::S3::Bucket",
                account=b["account"],
                discriminator=f"ACL:{group}",
                evidence=Evidence(
                    summary=f"the bucket ACL grants {', '.join(perms)} to the {group} group and Block Public "
                    "Access does not ignore public ACLs",
                    details={
                        "principal_class": f"ACL:{group}",
                        "public": True,
                        "permissions": perms,
                        "block_public_access": b["block"],
                        "grants": [g for g in b["grants"] if _public_grant(g)],
                    },
                    sources=[b["source"]],
                ),
                remediation="Remove the public grant from the bucket ACL (or set Object Ownership to "
                "BucketOwnerEnforced) and turn on Block Public Access.",
            )


def _public_grant(g: Any) -> bool:
    return isinstance(g, dict) and isinstance(g.get("Grantee"), dict) and g["Grantee"].get("URI") in PUBLIC_GROUPS


def external_report(snapshot: Snapshot, trust: str) -> dict[str, Any]:
    """``keyaki access external``: the findings, most severe first, and what was undecided."""
    findings, problems = external_findings(snapshot, trust)
    findings.sort(key=sort_key)
    return {
        "trust": trust,
        "findings": [f.model_dump(mode="json") for f in findings],
        "undecided": [f.id for f in findings if f.type == UNDECIDED],
        "problems": problems,
    }
