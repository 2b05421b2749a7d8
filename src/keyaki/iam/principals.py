"""Who is asking: the request principal, and how a ``Principal``/``NotPrincipal`` element names it.

Specification, IAM User Guide, "AWS JSON policy elements: Principal" and "…: NotPrincipal"
(https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html,
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html):
- ``"*"`` and ``{"AWS": "*"}`` name everyone, anonymous requests included;
- an account id or ``arn:aws:iam::ID:root`` names the account: it delegates to the account's own
  identity-based policies (it grants nothing by itself to the account's users and roles);
- a role ARN names the role and every session of it (``arn:aws:sts::ID:assumed-role/NAME/SESSION``);
  a session ARN names that session only; user, federated-user, service and canonical-user
  principals are named exactly;
- ``NotPrincipal`` excludes a request only when every identity of the request is listed: the user
  or session ARN and its account, and for a session also its role ARN (the documented reason the
  account and the role must be listed too); the root user is excluded by its account.

>>> p = RequestPrincipal.parse("arn:aws:sts::111122223333:assumed-role/Admin/alice")
>>> p.kind, p.account, p.role_name
('assumed-role', '111122223333', 'Admin')
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import IntEnum

from keyaki.errors import BadInput
from keyaki.iam import ast

_ACCOUNT = re.compile(r"^\d{12}$")


class Match(IntEnum):
    """How a ``Principal`` element names the request principal (stronger matches are larger)."""

    NONE = 0
    ACCOUNT = 1  # the principal's account: delegation to its identity-based policies
    ROLE = 2  # the role whose session makes the request (limited by boundaries and session policies)
    WILDCARD = 3  # "*", or everyone outside a NotPrincipal
    EXACT = 4  # the user, session, service or federated principal itself


@dataclass(frozen=True, slots=True)
class RequestPrincipal:
    """The principal of a request, from an IAM/STS ARN, a service name, or ``anonymous``.

    ``kind``: ``user``, ``role``, ``assumed-role``, ``federated-user``, ``root``, ``service``,
    ``anonymous``, or ``other`` (any other ARN, matched exactly).
    """

    text: str
    kind: str
    account: str | None = None
    partition: str = "aws"
    role_name: str | None = None
    name: str | None = None
    service_linked: bool = False

    @classmethod
    def parse(cls, text: str) -> RequestPrincipal:
        if text == "anonymous":
            return cls(text, "anonymous")
        if not text.startswith("arn:"):
            if "." in text and " " not in text:
                return cls(text, "service")
            raise BadInput(f"principal `{text}` is not an arn, a service principal or `anonymous`")
        parts = text.split(":", 5)
        if len(parts) != 6:
            raise BadInput(f"principal `{text}` is not a valid arn")
        _, partition, service, _, account, res = parts
        head, _, rest = res.partition("/")
        kind = "other"
        role_name = name = None
        if service == "iam" and res == "root":
            kind = "root"
        elif service == "iam" and head in ("user", "role"):
            kind, name = head, rest.rsplit("/", 1)[-1]
        elif service == "sts" and head == "assumed-role" and rest.count("/") >= 1:
            kind, role_name = "assumed-role", rest.split("/", 1)[0]
            name = rest.split("/", 1)[1]
        elif service == "sts" and head == "federated-user":
            kind, name = "federated-user", rest
        linked = kind == "role" and rest.startswith("aws-service-role/")
        return cls(text, kind, account or None, partition, role_name, name, linked)

    @property
    def is_iam(self) -> bool:
        """An IAM identity of an account (SCPs and identity-based policies apply to it)."""
        return self.kind in ("user", "role", "assumed-role", "federated-user", "root")

    def identities(self) -> tuple[str, ...]:
        """What a ``NotPrincipal`` must list to exclude this principal (the role of a session is
        given as its ARN without a path; any listed ARN of that role, path or not, names it)."""
        if self.kind in ("anonymous", "service", "other") or self.account is None:
            return (self.text,)
        if self.kind == "root":
            return (self.account,)
        if self.kind == "assumed-role":
            role = f"arn:{self.partition}:iam::{self.account}:role/{self.role_name}"
            return (self.text, role, self.account)
        return (self.text, self.account)

    def required_matches(self) -> frozenset[Match]:
        """How a ``NotPrincipal`` must name each identity of this principal to exclude it: the
        account (``ACCOUNT``), the role of a session (``ROLE``), the principal itself (``EXACT``)."""
        if self.kind in ("anonymous", "service", "other") or self.account is None:
            return frozenset({Match.EXACT})
        if self.kind == "root":
            return frozenset({Match.ACCOUNT})
        if self.kind == "assumed-role":
            return frozenset({Match.EXACT, Match.ROLE, Match.ACCOUNT})
        return frozenset({Match.EXACT, Match.ACCOUNT})


def _aws_entry(value: str, p: RequestPrincipal) -> Match:
    if value == "*":
        return Match.WILDCARD
    if p.kind in ("anonymous", "service"):
        return Match.NONE
    if value == p.text:
        return Match.EXACT
    if _ACCOUNT.match(value) or (value.startswith("arn:") and value.endswith(":root")):
        acct = value if _ACCOUNT.match(value) else value.split(":")[4]
        return Match.ACCOUNT if acct == p.account else Match.NONE
    if p.kind == "assumed-role" and value.startswith("arn:"):
        parts = value.split(":", 5)
        if (
            len(parts) == 6
            and parts[2] == "iam"
            and parts[4] == p.account
            and parts[5].startswith("role/")
            and parts[5].rsplit("/", 1)[-1] == p.role_name
        ):
            return Match.ROLE
    return Match.NONE


def match_entry(kind: str, value: str, p: RequestPrincipal) -> Match:
    """How one ``Principal`` entry (``AWS``/``Service``/``Federated``/``CanonicalUser``) names ``p``."""
    if kind == "AWS":
        return _aws_entry(value, p)
    if value == "*":
        return Match.WILDCARD
    if kind == "Service":
        return Match.EXACT if p.kind == "service" and value.lower() == p.text.lower() else Match.NONE
    return Match.EXACT if value == p.text else Match.NONE


def match_principal(block: ast.PrincipalBlock, p: RequestPrincipal) -> Match:
    """The strongest way a ``Principal`` element names ``p`` (``Match.NONE``: it does not)."""
    if block.wildcard:
        return Match.WILDCARD
    best = Match.NONE
    for kind, vl in block.entries:
        for v in vl.items:
            best = max(best, match_entry(kind, v.text, p))
    return best


def not_principal_applies(block: ast.PrincipalBlock, p: RequestPrincipal) -> bool:
    """A ``NotPrincipal`` statement applies unless every identity of ``p`` is listed: its account,
    the role of a session, and the principal itself ("AWS JSON policy elements: NotPrincipal":
    AWS may evaluate the account, then the role, then the assumed-role session). The root user is
    its account: ``arn:aws:iam::ID:root`` or ``ID`` alone excludes it."""
    if block.wildcard:
        return False
    named: set[Match] = set()
    for kind, vl in block.entries:
        for v in vl.items:
            how = match_entry(kind, v.text, p)
            if how is Match.WILDCARD:
                return False
            # the root user's own ARN names its account
            named.add(Match.ACCOUNT if how is Match.EXACT and p.kind == "root" else how)
    return not p.required_matches() <= named
