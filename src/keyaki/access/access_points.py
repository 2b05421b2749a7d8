"""Requests through an S3 access point: the access point's policy and the bucket's must both allow.

Amazon S3 User Guide, "Configuring IAM policies for using access points"
(https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-points-policies.html): "for an application or
user to be able to access objects through an access point, both the access point and the underlying bucket
must permit the request"; a bucket commonly delegates access control to its access points with a
statement conditioned on ``s3:DataAccessPointAccount`` or ``s3:DataAccessPointArn``. So a data request
through an access point is two authorizations by ``keyaki.iam.authorize`` with the same principal, action
and context: one on the access point (``arn:aws:s3:REGION:ACCOUNT:accesspoint/NAME[/object/KEY]``, its
policy as the resource policy) and one on the bucket (``arn:aws:s3:::BUCKET[/KEY]``, the bucket policy),
each with the principal's identity-based policies, boundaries, SCPs and RCPs. AWS sets
``s3:DataAccessPointArn``, ``s3:DataAccessPointAccount`` and ``s3:AccessPointNetworkOrigin`` on both.

Each side is decided by the engine (bounds, search, solver); the two are joined on one context: the
witness of one side is replayed on the other, and only a context both allow is shown (``bucket`` holds
the bucket side's replayed simulate case; conditions of the bucket side carry ``"side": "bucket"``).
Both sides always → always; a context both allow and some side conditional → conditionally; no common
context found → unknown (never absent). Actions on the access
point itself (``s3:GetAccessPointPolicy``…) do not reach the bucket: the access point side decides alone.
A bucket the snapshot does not hold has an unknown policy, assumed to allow (as for unknown endpoints).
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from keyaki.access.actions import targets
from keyaki.snapshot.load import Status
from keyaki.snapshot.views import Read
from keyaki.snapshot.views.s3 import BPA_FIELDS, account_public_access_block, effective_block
from keyaki.snapshot.views.s3_access_points import AccessPoint, load_access_points

if TYPE_CHECKING:
    from keyaki.access.engine import Answer, Engine, Question
    from keyaki.access.estate import Estate

ACCESS_POINT = "AWS::S3::AccessPoint"
_NONE: Read[dict[str, bool]] = Read(Status.NOT_FOUND, None, "")  # a bucket the snapshot does not hold


def load(est: Estate) -> dict[str, AccessPoint]:
    """Every access point of the snapshot by ARN."""
    snap = est.snapshot
    out: dict[str, AccessPoint] = {}
    for account in snap.accounts():
        for region in snap.regions(account):
            out.update((ap.arn, ap) for ap in load_access_points(snap, account, region).value or [])
    return out


def context(ap: AccessPoint) -> tuple[tuple[str, str], ...]:
    """The keys S3 sets on a request through the access point."""
    return (
        ("s3:AccessPointNetworkOrigin", ap.network_origin),
        ("s3:DataAccessPointAccount", ap.account),
        ("s3:DataAccessPointArn", ap.arn),
    )


@lru_cache(maxsize=1)
def _bucket_actions() -> frozenset[str]:
    return frozenset(t.action for t in targets("arn:aws:s3:::example-bucket", "AWS::S3::Bucket"))


def decide(engine: Engine, q: Question, ap: AccessPoint) -> Answer:
    """The answer for a request through ``ap`` (see the module docstring)."""
    from keyaki.access.engine import ABSENT, Question

    fixed = context(ap)
    keys = {k.lower() for k, _ in fixed}  # set by this route: what a caller may not send does not apply
    q = replace(q, extra=fixed, exclude={k: v for k, v in q.exclude.items() if k not in keys})
    side = engine.decide_plain(q)
    if side.level == ABSENT or q.action not in _bucket_actions():
        return side
    bucket = engine.estate.resource(ap.bucket_arn)
    if bucket is None:
        return replace(side, via={"bucket": ap.bucket_arn, "status": "not in the snapshot: assumed to allow"})
    bq = Question(q.actor, q.action, bucket, q.object_space, q.exclude, extra=q.extra)
    other = engine.decide_plain(bq)
    if other.level == ABSENT:
        return other
    return _join(engine, q, side, bq, other)


def _join(engine: Engine, q: Question, a: Answer, bq: Question, b: Answer) -> Answer:
    from keyaki.access.engine import ALWAYS, CONDITIONALLY, UNKNOWN, Answer

    level = ALWAYS if a.level == b.level == ALWAYS else UNKNOWN if UNKNOWN in (a.level, b.level) else CONDITIONALLY
    reasons = tuple(dict.fromkeys((*a.reasons, *b.reasons)))
    for first in (a, b):
        if first.witness is None:
            continue
        ap_q, b_q = replace(q, endpoint=first.endpoint), replace(bq, endpoint=first.endpoint)
        req = first.witness["request"]
        ap_req, b_req = (req, _on(b_q, req, ap_q)) if first is a else (_on(ap_q, req, b_q), req)
        ap_docs, b_docs = engine.docs(ap_q), engine.docs(b_q)
        ap_d, b_d = engine.authorize(ap_q, ap_docs, ap_req), engine.authorize(b_q, b_docs, b_req)
        if not (ap_d.allowed and b_d.allowed):
            continue
        shown = level != ALWAYS
        via = {"bucket": b_q.resource.arn, "witness": engine.case(b_q, b_req), "decision": b_d.to_json()}
        conds = engine.conditions(ap_q, ap_docs, ap_req, ap_d) if shown else ()
        b_conds = engine.conditions(b_q, b_docs, b_req, b_d) if shown else ()
        conds = (*conds, *({**g, "side": "bucket"} for g in b_conds))  # labels of the bucket's witness
        return Answer(level, engine.case(ap_q, ap_req), ap_d.to_json(), conds, reasons, a.sources, ap_q.endpoint, via)
    why = "the access point and the bucket each allow some request, but no request both allow was found"
    return Answer(UNKNOWN, reasons=(*reasons, why))


def _on(target: Question, req: dict[str, Any], source: Question) -> dict[str, Any]:
    """``req`` (made for ``source``) sent to ``target``'s resource: the same object key, the same context."""
    resource = req["resource"]
    if source.object_space:
        key = resource[len(source.target) :]
        resource = target.target + key
    else:
        resource = target.resource.arn
    return {**req, "resource": resource, "resource_account": target.resource.account}


def public_block(ap: AccessPoint, base: dict[str, bool | None]) -> dict[str, bool | None]:
    """Block Public Access for requests through ``ap``: its own settings, or the bucket's and account's
    (``base``, already combined); None where it cannot be known."""
    own = ap.public_access_block
    out: dict[str, bool | None] = {}
    for f in BPA_FIELDS:
        o = bool((own.value or {}).get(f)) if own.known else None
        b = base.get(f)
        out[f] = True if (o or b) else (None if o is None or b is None else False)
    return out


def blocks(est: Estate, aps: dict[str, AccessPoint], buckets: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Block Public Access and network origin of each access point, shaped like the findings' bucket entries."""
    out: dict[str, dict[str, Any]] = {}
    for arn, ap in sorted(aps.items()):
        bucket = buckets.get(ap.bucket_arn)
        account = account_public_access_block(est.snapshot, ap.account)
        base = bucket["block"] if bucket else effective_block(_NONE, account)
        out[arn] = {"block": public_block(ap, base), "grants": [], "account": ap.account, "source": ap.source,
                    "internet": ap.internet}  # fmt: skip
    return out


def inside_network(aps: dict[str, AccessPoint], arn: str, zone_vpcs: frozenset[str]) -> bool:
    """An access point whose ``NetworkOrigin`` is a VPC of the zone of trust: every request comes from inside."""
    ap = aps.get(arn)
    return ap is not None and not ap.internet and ap.vpc in zone_vpcs
