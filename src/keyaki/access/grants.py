"""KMS grants as key policy statements: a grant is one more way to be allowed to use a key.

AWS KMS authorizes a request when the key policy (with IAM policies where the key policy lets them
count) or a grant allows it and no policy denies it ("Grants in AWS KMS",
https://docs.aws.amazon.com/kms/latest/developerguide/grants.html: "A grant can allow access to a KMS key,
but not deny access"; "KMS key access and permissions",
https://docs.aws.amazon.com/kms/latest/developerguide/control-access.html). So each grant is read as an
Allow statement appended to the key's policy, and every access question (who-can, what-can, external
findings, witnesses replayed by ``keyaki iam simulate``) is answered over that combined document:

- ``Principal``: the grantee (``GranteePrincipal``: an IAM principal or account as ``AWS``, an AWS
  service principal as ``Service``); ``Action``: ``kms:<operation>`` for each grant operation;
  ``Resource``: ``*`` (the key, as in a key policy).
- Constraints ("GrantConstraints", https://docs.aws.amazon.com/kms/latest/APIReference/API_GrantConstraints.html):
  ``EncryptionContextSubset`` {k: v} becomes ``StringEquals kms:EncryptionContext:k = v``;
  ``EncryptionContextEquals`` is the same on its pairs plus ``ForAllValues:StringEqualsIgnoreCase
  kms:EncryptionContextKeys`` = its keys (no other key may be present); ``{}`` is ``Null
  kms:EncryptionContextKeys`` (no context at all). In a grant constraint the key is not case
  sensitive and the value is: so are condition key names and ``StringEquals`` values. Encryption
  context constraints apply only to operations that take an encryption context (the symmetric
  cryptographic operations); ``DescribeKey``, ``RetireGrant``, ``CreateGrant``... get a statement
  without them. ``SourceArn`` is ``ArnEquals aws:SourceArn`` on every operation ("effectively the same
  as having the aws:SourceArn global condition key in the grant").
- ``RetiringPrincipal`` may only retire the grant: it cannot use the key through it, so it is shown
  in the evidence, not modelled as access.

The statements carry the ``Sid`` ``KmsGrant<GrantId>``; :class:`GrantRef` maps each back to its grant
and its place in the ``list-grants`` file, so evidence points at the grant as read.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from keyaki.snapshot.views.kms_grants import Grant, KeyGrants

GRANT_SID = "KmsGrant"
# Grant operations that take an EncryptionContext (KMS API reference of each operation).
CONTEXT_OPERATIONS = frozenset(
    {
        "Decrypt",
        "Encrypt",
        "GenerateDataKey",
        "GenerateDataKeyWithoutPlaintext",
        "GenerateDataKeyPair",
        "GenerateDataKeyPairWithoutPlaintext",
        "ReEncryptFrom",
        "ReEncryptTo",
    }
)


@dataclass(frozen=True, slots=True)
class GrantRef:
    """Where a statement of the combined key document comes from."""

    statement: int  # index in the combined document's Statement list
    grant_id: str
    grantee: str
    file: str  # the list-grants file
    location: str  # /Grants/<i>

    def to_json(self) -> dict[str, Any]:
        return {
            "statement": self.statement,
            "grant_id": self.grant_id,
            "grantee": self.grantee,
            "file": self.file,
            "location": self.location,
        }


def principal(g: Grant) -> dict[str, str] | None:
    """The grantee as a policy ``Principal``."""
    who = g.grantee or g.grantee_service
    if who is None:
        return None
    if g.grantee_service is not None and who == g.grantee_service:
        return {"Service": who}
    if who.startswith("arn:") or (who.isdigit() and len(who) == 12):
        return {"AWS": who}
    return {"Service": who}


def statements(g: Grant) -> list[dict[str, Any]]:
    """The Allow statements equivalent to one grant (empty when it names no grantee or operation)."""
    who = principal(g)
    ops = sorted(set(g.operations))
    if who is None or not ops:
        return []
    common: dict[str, Any] = {"ArnEquals": {"aws:SourceArn": g.source_arn}} if g.source_arn else {}
    context, usable = _context_condition(g)
    with_context = [o for o in ops if o in CONTEXT_OPERATIONS] if context or not usable else []
    plain = [o for o in ops if o not in with_context]
    sid = GRANT_SID + re.sub(r"[^A-Za-z0-9]", "", g.grant_id)
    out = []
    for group, cond in ((with_context if usable else [], {**common, **context}), (plain, common)):
        if group:
            st: dict[str, Any] = {
                "Sid": sid,
                "Effect": "Allow",
                "Principal": who,
                "Action": [f"kms:{o}" for o in group],
                "Resource": "*",
            }
            if cond:
                st["Condition"] = cond
            out.append(st)
    return out


def _context_condition(g: Grant) -> tuple[dict[str, Any], bool]:
    """The encryption context condition, and False when no context satisfies both constraints (a subset
    pair the exact context does not hold). Keys compare without case, values with case."""
    subset = dict(g.context_subset or ())
    if g.context_equals is None:
        if not subset:
            return {}, True
        return {"StringEquals": {f"kms:EncryptionContext:{k}": v for k, v in sorted(subset.items())}}, True
    equals = dict(g.context_equals)
    folded = {k.lower(): v for k, v in equals.items()}
    if any(folded.get(k.lower()) != v for k, v in subset.items()):
        return {}, False
    if not equals:  # EncryptionContextEquals {} allows only requests without an encryption context
        return {"Null": {"kms:EncryptionContextKeys": "true"}}, True
    return {
        "StringEquals": {f"kms:EncryptionContext:{k}": v for k, v in sorted(equals.items())},
        "ForAllValues:StringEqualsIgnoreCase": {"kms:EncryptionContextKeys": sorted(equals)},
    }, True


def with_grants(document: Any, kg: KeyGrants) -> tuple[Any, tuple[GrantRef, ...]]:
    """The key policy with one statement per grant (and operation group) appended, and where each comes
    from. A document that is not a policy object is returned unchanged (the parser reports it)."""
    if not isinstance(document, dict) or not kg.grants:
        return document, ()
    base = json.loads(json.dumps(document))
    stmts = base.get("Statement")
    stmts = list(stmts) if isinstance(stmts, list) else [stmts] if isinstance(stmts, dict) else None
    if stmts is None:
        return document, ()
    refs = []
    for g in kg.grants:
        for st in statements(g):
            refs.append(GrantRef(len(stmts), g.grant_id, g.grantee or g.grantee_service or "", kg.source, g.location))
            stmts.append(st)
    return {**base, "Statement": stmts}, tuple(refs)


def relabel(
    groups: list[dict[str, Any]] | tuple[dict[str, Any], ...], refs: tuple[GrantRef, ...]
) -> list[dict[str, Any]]:
    """Condition groups (``Answer.conditions``) of grant statements, pointed at the grant as read."""
    by_index = {g.statement: g for g in refs}
    out = []
    for grp in groups:
        g = by_index.get(grp.get("statement", -1)) if grp.get("policy") == "resource_policy" else None
        out.append(
            grp if g is None else {**grp, "name": f"KMS grant {g.grant_id}", "file": g.file, "location": g.location}
        )
    return out


def used_by(decision: dict[str, Any] | None, refs: tuple[GrantRef, ...]) -> list[GrantRef]:
    """The grants whose statements allowed a decision (``Decision.to_json()``)."""
    by_index = {g.statement: g for g in refs}
    used = {
        m["statement"]
        for m in (decision or {}).get("matched_statements", [])
        if m["effect"] == "Allow" and m["policy"] == "resource_policy"
    }
    return [by_index[i] for i in sorted(used) if i in by_index]
