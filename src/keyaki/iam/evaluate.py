"""Statement and policy matching: compile a policy once into matchers, then evaluate requests.

Specification, IAM User Guide: "IAM JSON policy element reference" (Action/NotAction, Resource/
NotResource, Principal/NotPrincipal, Condition) and "Policy evaluation logic"
(https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html,
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html).
A statement applies when its action, resource, principal and every condition match; ``NotAction``
/ ``NotResource`` apply when the request matches none of their entries (several entries: NOR).
Statements are indexed by service prefix so a request only looks at the statements that can match.

>>> from keyaki.iam.parse import parse_policy
>>> pol = compile_policy(parse_policy({"Version": "2012-10-17", "Statement": [
...     {"Effect": "Allow", "Action": "s3:Get*", "Resource": "arn:aws:s3:::b/${aws:username}/*"}]}))
>>> req = Request.make("arn:aws:iam::111122223333:user/alice", "s3:GetObject", "arn:aws:s3:::b/alice/x")
>>> pol.decide(req, req.new_context())
'allowed'
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from keyaki.iam import ast
from keyaki.iam.conditions import Condition, Context, compile_condition
from keyaki.iam.principals import Match, RequestPrincipal, match_principal, not_principal_applies
from keyaki.iam.wildcard import compile_arn, compile_tokens, has_variables, substitute, tokenize

ALLOWED, EXPLICIT_DENY, IMPLICIT_DENY = "allowed", "explicitDeny", "implicitDeny"

#: ``aws:PrincipalType`` by request principal kind ("AWS global condition context keys",
#: aws:PrincipalType: Account, User, FederatedUser, AssumedRole, Anonymous); a role ARN given as
#: the principal stands for a session of that role.
PRINCIPAL_TYPES = {
    "root": "Account",
    "user": "User",
    "federated-user": "FederatedUser",
    "assumed-role": "AssumedRole",
    "role": "AssumedRole",
    "anonymous": "Anonymous",
}


@dataclass(frozen=True, slots=True)
class Request:
    """One request: who, what, on which resource, with which context values."""

    principal: RequestPrincipal
    action: str
    resource: str
    resource_account: str | None = None
    context: Mapping[str, Any] = field(default_factory=dict)
    has_boundary: bool = False

    @classmethod
    def make(cls, principal: str, action: str, resource: str, **kw: Any) -> Request:
        return cls(RequestPrincipal.parse(principal), action, resource, **kw)

    def new_context(self) -> Context:
        """The context: the given values over the keys AWS sets from the principal itself
        ("AWS global condition context keys": aws:PrincipalArn, aws:PrincipalAccount, aws:username,
        aws:PrincipalIsAWSService, aws:PrincipalServiceName, aws:PrincipalType) and from the
        resource (aws:ResourceAccount, when the request names a resource and its account)."""
        ctx = Context()
        p = self.principal
        if p.kind == "service":
            ctx.set("aws:PrincipalIsAWSService", True)
            ctx.set("aws:PrincipalServiceName", p.text)
        elif p.kind != "anonymous":
            ctx.set("aws:PrincipalIsAWSService", False)
        if p.kind in PRINCIPAL_TYPES:
            ctx.set("aws:PrincipalType", PRINCIPAL_TYPES[p.kind])
        if p.account:
            ctx.set("aws:PrincipalAccount", p.account)
        if p.kind in ("user", "role", "root", "federated-user"):
            ctx.set("aws:PrincipalArn", p.text)
        if p.kind == "user" and p.name:
            ctx.set("aws:username", p.name)
        if self.resource_account and self.resource != "*":
            ctx.set("aws:ResourceAccount", self.resource_account)
        for key, value in self.context.items():
            ctx.set(key, value)
        return ctx


Matcher = Callable[[str, Context], bool]


def _literal_or_glob(patterns: list[str]) -> Callable[[str], bool]:
    """Case-insensitive action matcher: a set for exact names, one ``startswith`` for every
    ``prefix*``, the linear matcher for the rest."""
    low = [p.lower() for p in patterns]
    if "*" in low:
        return lambda a: True
    exact = frozenset(p for p in low if "*" not in p and "?" not in p)
    prefixes = tuple(p[:-1] for p in low if p.endswith("*") and "*" not in p[:-1] and "?" not in p)
    rest = [p for p in low if p not in exact and p[:-1] not in prefixes]
    others = [compile_tokens(tokenize(p, variables=False)) for p in rest]
    if not others:
        return lambda a: a in exact or a.startswith(prefixes)
    return lambda a: a in exact or a.startswith(prefixes) or any(m(a) for m in others)


def compile_resources(values: tuple[str, ...], variables: bool, *, unresolved: bool = False) -> Matcher:
    """Resource matcher (ARN semantics; policy variables substituted per request).

    An entry whose variable cannot be resolved counts as ``unresolved``: no match for ``Resource``;
    for ``NotResource`` (``unresolved=True``) a match, so the statement does not apply — "if AWS
    cannot resolve a variable, this might cause the entire statement to be invalid"."""
    toks = [tokenize(v, variables=variables) for v in values]
    static = [compile_arn(t) for t in toks if not has_variables(t)]
    dynamic = [t for t in toks if has_variables(t)]
    if "*" in values:
        return lambda r, ctx: True
    if not dynamic:
        literal = [t for t in toks if all(isinstance(x, str) for x in t)]
        exact = frozenset("".join(t) for t in literal)  # type: ignore[arg-type]  # only str tokens
        if len(literal) == len(toks):
            return lambda r, ctx: r in exact
        return lambda r, ctx: r in exact or any(m(r) for m in static)

    def match(r: str, ctx: Context) -> bool:
        if any(m(r) for m in static):
            return True
        for t in dynamic:
            sub = substitute(t, ctx.variable)
            if sub is None:
                if unresolved:
                    return True
            elif compile_arn(sub)(r):
                return True
        return False

    return match


@dataclass(frozen=True, slots=True)
class CompiledStatement:
    """A statement turned into matchers; :meth:`applies` gives how (or whether) it applies."""

    statement: ast.Statement
    allow: bool
    action: Callable[[str], bool]
    resource: Matcher | None
    conditions: tuple[Condition, ...]

    def applies(self, req: Request, action: str, ctx: Context) -> Match:
        """``Match.NONE`` when it does not apply, else how its principal element names the caller."""
        if not self.action(action):
            return Match.NONE
        if self.resource is not None and not self.resource(req.resource, ctx):
            return Match.NONE
        s = self.statement
        how = Match.EXACT
        if s.principal is not None:
            how = match_principal(s.principal, req.principal)
        elif s.not_principal is not None:
            # a Deny with NotPrincipal denies every principal that has a permissions boundary
            # (IAM User Guide, "Permissions boundaries for IAM entities", Important box)
            exempt = not (req.has_boundary and not self.allow)
            if exempt and not not_principal_applies(s.not_principal, req.principal):
                return Match.NONE
            how = Match.WILDCARD
        if how is Match.NONE:
            return how
        # every condition is evaluated (no short cut) so each missing key gets reported
        results = [cond(ctx) for cond in self.conditions]
        return how if all(results) else Match.NONE


def compile_statement(s: ast.Statement, variables: bool) -> CompiledStatement:
    if s.action is not None:
        action = _literal_or_glob(list(s.action.texts()))
    else:
        assert s.not_action is not None  # the parser guarantees one of the two
        inner = _literal_or_glob(list(s.not_action.texts()))
        action = lambda a: not inner(a)  # noqa: E731  # a one-line negation reads best as a lambda
    resource: Matcher | None = None
    if s.resource is not None:
        resource = compile_resources(s.resource.texts(), variables)
    elif s.not_resource is not None:
        inner_r = compile_resources(s.not_resource.texts(), variables, unresolved=True)
        resource = lambda r, ctx: not inner_r(r, ctx)  # noqa: E731  # as above
    conds = tuple(
        compile_condition(c.operator, c.key, [v.as_text() for v in c.values], variables) for c in s.conditions
    )
    return CompiledStatement(s, s.effect is ast.Effect.ALLOW, action, resource, conds)


def _services(s: ast.Statement) -> tuple[str, ...] | None:
    """The service prefixes a statement's actions can belong to (None: any service)."""
    if s.action is None:
        return None
    out = []
    for a in s.action.texts():
        svc = a.split(":", 1)[0].lower() if ":" in a else "*"
        if "*" in svc or "?" in svc:
            return None
        out.append(svc)
    return tuple(out)


@dataclass(frozen=True, slots=True)
class MatchedStatement:
    """A statement that applied to a request."""

    index: int
    effect: ast.Effect
    how: Match
    sid: str | None = None


class CompiledPolicy:
    """A policy compiled once; :meth:`evaluate` lists the statements that apply to a request."""

    __slots__ = ("_any", "_by_service", "_cache", "policy", "statements")

    def __init__(self, policy: ast.Policy) -> None:
        self.policy = policy
        variables = policy.allows_variables
        self.statements = tuple(compile_statement(s, variables) for s in policy.statements)
        self._by_service: dict[str, list[int]] = {}
        self._any: list[int] = []
        for i, cs in enumerate(self.statements):
            services = _services(cs.statement)
            if services is None:
                self._any.append(i)
            else:
                for svc in dict.fromkeys(services):
                    self._by_service.setdefault(svc, []).append(i)
        self._cache: dict[str, tuple[CompiledStatement, ...]] = {}

    def candidates(self, action: str) -> tuple[CompiledStatement, ...]:
        svc = action.split(":", 1)[0]
        found = self._cache.get(svc)
        if found is None:
            idx = sorted({*self._by_service.get(svc, ()), *self._any})
            found = self._cache[svc] = tuple(self.statements[i] for i in idx)
        return found

    def evaluate(self, req: Request, ctx: Context) -> list[MatchedStatement]:
        action = req.action.lower()
        out = []
        for cs in self.candidates(action):
            how = cs.applies(req, action, ctx)
            if how:
                s = cs.statement
                out.append(MatchedStatement(s.index, s.effect, how, s.sid))
        return out

    def decide(self, req: Request, ctx: Context) -> str:
        """This policy alone: ``explicitDeny``, ``allowed`` or ``implicitDeny``."""
        matched = self.evaluate(req, ctx)
        if any(m.effect is ast.Effect.DENY for m in matched):
            return EXPLICIT_DENY
        return ALLOWED if matched else IMPLICIT_DENY


def compile_policy(policy: ast.Policy) -> CompiledPolicy:
    """Compile a parsed policy into matchers (do it once, evaluate many requests)."""
    return CompiledPolicy(policy)
