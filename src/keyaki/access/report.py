"""Words and evidence of external access findings (the proof each finding carries).

The evidence of a finding (``Finding.evidence.details``, documented field by field in ``docs/access.md``):
the principal class, whether it is public and why, each action with its level and the conditions it
needs, the witness (a ``keyaki iam simulate`` case already replayed through ``keyaki.iam.authorize``),
its decision, and the statements that allow it with their policy, snapshot file and JSON location.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from keyaki.access.engine import ALWAYS, CONDITIONALLY, Answer
from keyaki.access.grants import GrantRef, relabel, used_by
from keyaki.findings.model import Evidence

if TYPE_CHECKING:
    from keyaki.access.findings import Reach

_ORDER = {ALWAYS: 0, CONDITIONALLY: 1}


def _who(cls: str) -> str:
    kind, _, value = cls.partition(":")
    if cls == "*":
        return "anyone (`*`)"
    if kind == "AWS" and value.isdigit():
        return f"external account {value}"
    if kind == "AWS":
        return f"external principal `{value}`"
    if kind == "Service":
        return f"service `{value}` on behalf of a source outside the zone of trust"
    return f"federated provider `{value}`"


def _short(arn: str) -> str:
    tail = arn.split(":", 5)[-1]
    return tail.rsplit("/", 1)[-1] if tail.startswith(("role/", "key/", "function:")) else tail


def _external_id_missing(r: Reach) -> bool:
    if r.resource.resource_type != "AWS::IAM::Role" or not r.cls.startswith("AWS:"):
        return False
    for act, ans in r.answers:
        if act == "sts:AssumeRole" and ans.level in (ALWAYS, CONDITIONALLY):
            keys = {c["key"].lower() for g in ans.conditions for c in g["clauses"]}
            return "sts:externalid" not in keys
    return False


def _actions_text(r: Reach) -> str:
    acts = [a for a, _ in r.answers]
    shown = ", ".join(acts[:4])
    return shown + (f" and {len(acts) - 4} more" if len(acts) > 4 else "")


def title(r: Reach, public: bool | None) -> str:
    name = _short(r.resource.arn)
    if public:
        return f"`{name}` is public: {_actions_text(r)}"
    if all(a.level not in (ALWAYS, CONDITIONALLY) for _, a in r.answers):
        return f"could not decide whether {_who(r.cls)} can access `{name}`"
    if _external_id_missing(r):
        return f"role `{name}` can be assumed by {_who(r.cls)} without sts:ExternalId"
    cond = "" if any(a.level == ALWAYS for _, a in r.answers) else " under conditions"
    return f"`{name}` is accessible by {_who(r.cls)}{cond}: {_actions_text(r)}"


def _statements(ans: Answer, r: Reach) -> list[dict[str, Any]]:
    """The Allow statements the witness used, with where they are written (a KMS grant: its
    ``list-grants`` file and entry, see ``keyaki.access.grants``)."""
    out = []
    grants = {g.statement: g for g in r.resource.grants}
    for m in (ans.decision or {}).get("matched_statements", []):
        if m["effect"] != "Allow":
            continue
        g = grants.get(m["statement"]) if m["policy"] == "resource_policy" else None
        if g is not None:
            out.append({**m, "name": f"KMS grant {g.grant_id}", "file": g.file, "policy_location": g.location})
            continue
        src = ans.sources.get(m["policy"], {})
        out.append({**m, "name": src.get("name"), "file": src.get("file"), "policy_location": src.get("location")})
    return out


def _grants_used(r: Reach) -> list[GrantRef]:
    """The KMS grants some answer of the finding relies on."""
    found = {g.statement: g for _, a in r.answers for g in used_by(a.decision, r.resource.grants)}
    return [found[i] for i in sorted(found)]


def evidence(r: Reach, public: bool | None, public_check: dict[str, Any], trust: str) -> Evidence:
    best = min((a for _, a in r.answers), key=lambda a: _ORDER.get(a.level, 2))
    conditions = sorted({g["text"] for _, a in r.answers for g in a.conditions})
    who = _who(r.cls)
    how = (
        "with no condition"
        if best.level == ALWAYS
        else (f"when {'; '.join(conditions)}" if conditions else "for some requests only")
    )
    summary = f"{who} can perform {_actions_text(r)} on `{r.resource.arn}` {how}"
    if public:
        summary += "; the policy is public by AWS's definition (no fixed-value condition limits who asks)"
    if _external_id_missing(r):
        summary += "; the trust policy does not require sts:ExternalId (confused deputy)"
    details = {
        "principal_class": r.cls,
        "principals": [a.request_principal for a in r.actors],
        "public": public,
        "public_check": public_check or None,
        "trust_zone": trust,
        "missing_external_id": _external_id_missing(r),
        "access": best.level,
        "actions": [
            {
                "action": act,
                "level": a.level,
                "conditions": relabel(a.conditions, r.resource.grants),
                "reasons": list(a.reasons),
            }
            for act, a in r.answers
        ],
        "conditions": conditions,
        "witness": best.witness,
        "decision": best.decision,
        "statements": _statements(best, r),
    }
    if best.via is not None:
        details["bucket"] = best.via  # through an S3 access point: the bucket side's replayed request
    sources = [r.resource.policy.file] if r.resource.policy else []
    return _with_grants(r, Evidence(summary=summary, details=details, sources=sources))


def _with_grants(r: Reach, ev: Evidence) -> Evidence:
    """The KMS grants the finding relies on, added to its evidence (``keyaki.access.grants``)."""
    used = _grants_used(r)
    if not used:
        return ev
    ids = ", ".join(sorted({g.grant_id for g in used}))
    return Evidence(
        summary=f"{ev.summary}; allowed by KMS grant {ids} (`kms list-grants`)",
        details={**ev.details, "grants": [g.to_json() for g in used]},
        sources=[*ev.sources, used[0].file],
    )
