"""External and public access granted by sharing attributes, not policies: EBS and RDS snapshots.

IAM Access Analyzer reports an Amazon EBS volume snapshot, an Amazon RDS DB snapshot or DB cluster
snapshot shared outside the zone of trust ("IAM Access Analyzer resource types",
https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-resources.html). Its configuration is an
attribute (``createVolumePermission``, ``restore``; see ``keyaki.snapshot.views.snapshot_sharing``), so the
evidence is the attribute as read: the snapshot file, the JSON location, the values seen. One finding per
snapshot × class: ``*`` when the attribute holds ``all`` (public), ``AWS:<account>`` for each account outside
the zone of trust (the organisation, or the snapshot's account with ``--trust account``). EBS block public
access for snapshots in ``block-all-sharing`` mode makes AWS treat a snapshot shared with ``all`` as private
(as S3 Block Public Access does for buckets), so it is then not public.

What the class can do is what sharing allows (EBS, "Share an Amazon EBS snapshot",
https://docs.aws.amazon.com/ebs/latest/userguide/ebs-modifying-snapshot-permissions.html: create volumes
from it and copy it; RDS, "Sharing a DB snapshot", https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ShareSnapshot.html:
copy it and restore a DB from it). Severity follows ``keyaki.access.findings``: public → CRITICAL when one of
those actions is a write (they all are: the data leaves the account), external account → HIGH (no
condition limits it); an attribute that could not be read → INFORMATIONAL (undecided, never a pass).
Each finding also carries a witness in the ``keyaki iam simulate`` case format, replayed before it is shown:
the attribute read as the resource-side permission it is (an Allow statement for the class on the sharing
actions) and the other account's identity side allowing everything (as IAM Access Analyzer assumes for an
external account). An encrypted snapshot is still reported: the other account then also needs the KMS
key, which the evidence names (AWS refuses to share snapshots encrypted with an AWS managed key).

>>> from keyaki.snapshot import open_snapshot
>>> from keyaki.cli.scan import demo_path
>>> snap = open_snapshot(demo_path())
>>> sorted(f.evidence.details["principal_class"] for f in snapshot_findings(snap, Estate.load(snap), "organization"))
['*', 'AWS:999988887777']
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from keyaki.access.engine import ALLOW_ALL
from keyaki.access.estate import Estate
from keyaki.access.whocan import fresh_account
from keyaki.findings.model import Evidence, Finding, Severity, StandardRef
from keyaki.iam.case import simulate
from keyaki.iam.reference import action as ref_action
from keyaki.snapshot.load import Snapshot, Status
from keyaki.snapshot.views.snapshot_sharing import EBS, RDS_DB, SharedSnapshot, shared_snapshots

EXTERNAL, PUBLIC, UNDECIDED = "access/external-access", "access/public-access", "access/external-access-undecided"
FSBP = "aws-foundational-security-best-practices/v1.0.0"
_WRITE_LEVELS = ("Write", "Permissions management")
BLOCK_ALL = "block-all-sharing"

# resource type -> (words, actions sharing allows, the Security Hub control for a public one)
_KINDS = {
    EBS: ("EBS snapshot", ("ec2:CopySnapshot", "ec2:CreateVolume"), "EC2.1"),
    RDS_DB: ("RDS DB snapshot", ("rds:CopyDBSnapshot", "rds:RestoreDBInstanceFromDBSnapshot"), "RDS.1"),
    "AWS::RDS::DBClusterSnapshot": (
        "RDS DB cluster snapshot",
        ("rds:CopyDBClusterSnapshot", "rds:RestoreDBClusterFromSnapshot"),
        "RDS.1",
    ),
}


def zone(estate: Estate, trust: str, account: str) -> frozenset[str]:
    """The accounts of the zone of trust of a resource of ``account`` (as ``findings.zone_of``)."""
    if trust == "account" or not estate.org.known:
        return frozenset({account})
    return frozenset({*estate.org.accounts, *estate.snapshot.accounts()})


def snapshot_findings(snapshot: Snapshot, estate: Estate, trust: str) -> Iterator[Finding]:
    """Public and external sharing of every EBS and RDS snapshot, and those whose sharing is unknown."""
    for s in shared_snapshots(snapshot):
        if not s.known:
            yield _undecided(s)
            continue
        if s.public and s.block_public_access != BLOCK_ALL:  # block-all-sharing: AWS treats it as private
            yield _finding(s, "*", trust, fresh_account(estate, s.accounts))
        inside = zone(estate, trust, s.account)
        for acct in s.accounts:
            if acct not in inside:
                yield _finding(s, f"AWS:{acct}", trust, acct)


def _severity(public: bool, actions: tuple[str, ...]) -> Severity:
    if not public:
        return Severity.HIGH
    write = any(_level(a) in _WRITE_LEVELS for a in actions)
    return Severity.CRITICAL if write else Severity.HIGH


def _level(act: str) -> str:
    try:
        return str(ref_action(act).access_level)
    except Exception:  # an action the reference data lacks: treat as a write (worst case)
        return "Write"


def witness(s: SharedSnapshot, cls: str, caller: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """A request of ``caller``'s account the sharing attribute allows, as a simulate case, and its replayed
    decision; a witness that does not replay is a bug (raised, never shown)."""
    actions = _KINDS[s.resource_type][1]
    case = {
        "request": {
            "principal": f"arn:aws:iam::{caller}:root",
            "action": actions[-1],
            "resource": s.arn,
            "resource_account": s.account,
            "context": {},
        },
        "identity_policies": [ALLOW_ALL],
        "resource_policy": {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": s.attribute,
                    "Effect": "Allow",
                    "Principal": "*" if cls == "*" else {"AWS": cls[4:]},
                    "Action": list(actions),
                    "Resource": s.arn,
                }
            ],
        },
    }
    decision = simulate(case)
    if not decision.allowed:
        raise RuntimeError(f"disagreement: the sharing of `{s.arn}` replays as {decision.decision}")
    return case, decision.to_json()


def _finding(s: SharedSnapshot, cls: str, trust: str, caller: str) -> Finding:
    words, actions, control = _KINDS[s.resource_type]
    case, decision = witness(s, cls, caller)
    public = cls == "*"
    who = "every AWS account (`all`)" if public else f"external account {cls[4:]}"
    seen = "all" if public else cls[4:]
    summary = (
        f"the {s.attribute} attribute of {words} `{s.name}` holds `{seen}`: {who} can "
        f"{' and '.join(actions)} (the snapshot's data leaves the account)"
    )
    if public and s.resource_type == EBS:
        summary += f"; EBS block public access for snapshots: {s.block_public_access or 'not read'}"
    if s.encrypted:
        summary += f"; the snapshot is encrypted with `{s.kms_key_id}`: using it also needs that key"
    return Finding.make(
        type=PUBLIC if public else EXTERNAL,
        severity=_severity(public, actions),
        title=f"{words} `{s.name}` is public" if public else f"{words} `{s.name}` is shared with {who}",
        resource=s.arn,
        resource_type=s.resource_type,
        account=s.account,
        region=s.region,
        discriminator=cls,
        evidence=Evidence(
            summary=summary, details=_details(s, cls, trust, case, decision), sources=_sources(s, public)
        ),
        remediation=_remediation(s, seen),
        standards=[StandardRef(standard=FSBP, control=control)] if public else [],
    )


def _sources(s: SharedSnapshot, public: bool) -> list[str]:
    return [s.source, s.block_source] if public and s.resource_type == EBS and s.block_source else [s.source]


def _details(s: SharedSnapshot, cls: str, trust: str, case: dict[str, Any], decision: dict[str, Any]) -> dict[str, Any]:
    return {
        "principal_class": cls,
        "public": cls == "*",
        "trust_zone": trust,
        "attribute": s.attribute,
        "value": "all" if cls == "*" else cls[4:],
        "shared_with": ["all"] * s.public + list(s.accounts),
        "actions": list(_KINDS[s.resource_type][1]),
        "encrypted": s.encrypted,
        "kms_key_id": s.kms_key_id,
        "file": s.source,
        "location": s.location,
        "block_public_access": s.block_public_access if s.resource_type == EBS else None,
        "witness": case,
        "decision": decision,
    }


def _remediation(s: SharedSnapshot, seen: str) -> str:
    if s.resource_type == EBS:
        how = "--group-names all" if seen == "all" else f"--user-ids {seen}"
        return (
            f"Stop sharing the snapshot: `aws ec2 modify-snapshot-attribute --snapshot-id {s.name} --attribute "
            f"createVolumePermission --operation-type remove {how}`"
            + ("; turn on EBS block public access for snapshots." if seen == "all" else ", or confirm it is intended.")
        )
    op = (
        "modify-db-snapshot-attribute --db-snapshot-identifier"
        if s.resource_type == RDS_DB
        else ("modify-db-cluster-snapshot-attribute --db-cluster-snapshot-identifier")
    )
    return f"Stop sharing the snapshot: `aws rds {op} {s.name} --attribute-name restore --values-to-remove {seen}`."


def _undecided(s: SharedSnapshot) -> Finding:
    words = _KINDS[s.resource_type][0]
    return Finding.make(
        type=UNDECIDED,
        severity=Severity.INFORMATIONAL,
        title=f"who {words} `{s.name}` is shared with could not be read ({s.status.value})",
        resource=s.arn,
        resource_type=s.resource_type,
        account=s.account,
        region=s.region,
        discriminator="sharing",
        evidence=Evidence(
            summary=f"the {s.attribute} attribute was not read ({s.status.value}): whether the snapshot is "
            "public or shared outside the zone of trust is not known",
            details={"status": s.status.value, "attribute": s.attribute, "file": s.source},
            sources=[s.source],
        ),
        remediation="Collect the snapshot's sharing attribute again and re-run the analysis.",
    )


def grant_gaps(estate: Estate) -> Iterator[Finding]:
    """KMS keys whose grants could not be read: access through grants is undecided."""
    for res in estate.resources:
        if res.grants_status is None or res.grants_status in (Status.OK, Status.NOT_FOUND):
            continue
        yield Finding.make(
            type=UNDECIDED,
            severity=Severity.INFORMATIONAL,
            title=f"the grants of `{res.arn}` could not be read ({res.grants_status.value})",
            resource=res.arn,
            resource_type=res.resource_type,
            account=res.account,
            region=res.region,
            discriminator="grants",
            evidence=Evidence(
                summary=f"`kms list-grants` was not read ({res.grants_status.value}): who outside the zone of "
                "trust can use the key through a grant is not known",
                details={"status": res.grants_status.value, "file": res.grants_source},
                sources=[res.grants_source],
            ),
            remediation="Collect the key's grants again (kms:ListGrants) and re-run the analysis.",
        )
