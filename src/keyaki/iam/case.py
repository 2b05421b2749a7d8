"""The simulate case: keyaki's own input format (pydantic) for one request and its policies.

The shape is a contract (issue 3; ``docs/iam.md``)::

    {"request": {"principal": ARN | service principal | "anonymous", "action": "s3:GetObject",
                 "resource": ARN, "resource_account": "111122223333", "context": {...}},
     "identity_policies": [...], "resource_policy": null, "permissions_boundaries": [],
     "session_policies": [], "scps": [{"target": "r-abcd", "policies": [...]}, ...],
     "rcps": [], "vpc_endpoint_policies": []}

An absent or empty list means that kind of policy does not apply. ``resource_account``, when
absent, is the account in the resource ARN, else the principal's account. Context values may be
strings (``"true"``), booleans, numbers or lists of them.

>>> result = simulate({"request": {"principal": "anonymous", "action": "s3:GetObject",
...                                "resource": "arn:aws:s3:::b/k"}})
>>> result.to_json()
{'decision': 'implicitDeny', 'matched_statements': [], 'missing_context_keys': []}
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from keyaki.errors import BadInput
from keyaki.iam.authorize import Decision, Labelled, PolicySet, authorize
from keyaki.iam.evaluate import CompiledPolicy, Request, compile_policy
from keyaki.iam.parse import parse_policy
from keyaki.iam.principals import RequestPrincipal

Scalar = str | bool | int | float
PolicyDoc = dict[str, Any] | str  # a JSON object, or a (URL-encoded) document string


class RequestModel(BaseModel):
    """``request``: who asks for what, on which resource, with which context."""

    model_config = ConfigDict(extra="forbid")

    principal: str
    action: str
    resource: str
    resource_account: str | None = None
    context: dict[str, Scalar | list[Scalar]] = Field(default_factory=dict)


class OrgLevel(BaseModel):
    """One level of an organisation (root, OU or account) and the SCPs/RCPs attached to it."""

    model_config = ConfigDict(extra="forbid")

    target: str
    policies: list[PolicyDoc] = Field(default_factory=list)


class Case(BaseModel):
    """One simulate case. ``description`` and ``expected`` are allowed for test corpora."""

    model_config = ConfigDict(extra="forbid")

    request: RequestModel
    identity_policies: list[PolicyDoc] = Field(default_factory=list)
    resource_policy: PolicyDoc | None = None
    permissions_boundaries: list[PolicyDoc] = Field(default_factory=list)
    session_policies: list[PolicyDoc] = Field(default_factory=list)
    scps: list[OrgLevel] = Field(default_factory=list)
    rcps: list[OrgLevel] = Field(default_factory=list)
    vpc_endpoint_policies: list[PolicyDoc] = Field(default_factory=list)
    description: str | None = None
    expected: dict[str, Any] | None = None


def load_case(raw: Any, *, file: str | None = None) -> Case:
    """Validate a decoded case; raise :class:`BadInput` with the first problem's location."""
    try:
        return Case.model_validate(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = "/" + "/".join(str(p) for p in err["loc"])
        raise BadInput(f"invalid case: {err['msg'].lower()}", file=file, location=where) from None


PolicyCache = dict[str, CompiledPolicy]


class _Compiler:
    """Parses and compiles the policies of cases; identical documents are compiled once."""

    def __init__(self, file: str | None, cache: PolicyCache | None) -> None:
        self.file = file
        self.cache: PolicyCache = {} if cache is None else cache

    def one(self, doc: PolicyDoc, label: str, pointer: str) -> Labelled:
        key = doc if isinstance(doc, str) else json.dumps(doc, sort_keys=True)
        compiled = self.cache.get(key)
        if compiled is None:
            compiled = self.cache[key] = compile_policy(parse_policy(doc, file=self.file, base=pointer))
        return label, compiled

    def many(self, name: str, docs: list[PolicyDoc], pointer: str | None = None) -> list[Labelled]:
        base = f"/{name}" if pointer is None else pointer
        return [self.one(d, f"{name}[{i}]", f"{base}/{i}") for i, d in enumerate(docs)]

    def levels(self, name: str, levels: list[OrgLevel]) -> list[list[Labelled]]:
        return [
            self.many(f"{name}[{i}].policies", lvl.policies, f"/{name}/{i}/policies") for i, lvl in enumerate(levels)
        ]


def policy_set(case: Case, *, file: str | None = None, cache: PolicyCache | None = None) -> PolicySet:
    """Parse and compile every policy of a case (errors located as ``/identity_policies/0/...``)."""
    c = _Compiler(file, cache)
    resource = None
    if case.resource_policy is not None:
        resource = c.one(case.resource_policy, "resource_policy", "/resource_policy")
    return PolicySet(
        identity=c.many("identity_policies", case.identity_policies),
        resource=resource,
        boundaries=c.many("permissions_boundaries", case.permissions_boundaries),
        sessions=c.many("session_policies", case.session_policies),
        scps=c.levels("scps", case.scps),
        rcps=c.levels("rcps", case.rcps),
        vpc_endpoints=c.many("vpc_endpoint_policies", case.vpc_endpoint_policies),
    )


def request_of(case: Case, *, file: str | None = None) -> Request:
    """The request, with ``resource_account`` defaulted (resource ARN's account, else principal's)."""
    r = case.request
    try:
        principal = RequestPrincipal.parse(r.principal)
    except BadInput as exc:
        raise BadInput(exc.message, file=file, location="/request/principal") from None
    account = r.resource_account
    if account is None:
        parts = r.resource.split(":", 5)
        account = parts[4] if len(parts) == 6 and parts[4] else principal.account
    return Request(principal, r.action, r.resource, account, r.context, bool(case.permissions_boundaries))


def simulate(raw: Any, *, file: str | None = None, cache: PolicyCache | None = None) -> Decision:
    """Validate, compile and decide one decoded case (``cache`` shares compiled policies)."""
    case = load_case(raw, file=file)
    return authorize(request_of(case, file=file), policy_set(case, file=file, cache=cache))
