"""Policies → z3 formulas over the symbolic request: one ``compile_<element>`` per policy element.

Follows ``keyaki.iam.evaluate`` and ``keyaki.iam.principals`` (the reference) and the IAM User Guide
pages they cite ("IAM JSON policy element reference", "Policy evaluation logic"): a statement applies
when its action, resource, principal and every condition match; ``NotAction``/``NotResource`` when no
entry matches; a policy *allows* when an ``Allow`` statement applies and no ``Deny`` statement does.

Whatever the model does not cover (see ``docs/symbolic.md``) becomes an unconstrained boolean plus a
reason: a SAT answer may still be confirmed by replay, an UNSAT answer is then UNKNOWN, never PASS.

>>> from keyaki.iam.parse import parse_policy
>>> pol = parse_policy({"Statement": {"Effect": "Allow", "Action": "s3:Get*", "Resource": "*"}})
>>> comp = Compiler(SymRequest(), Signature.scan([pol]))
>>> comp.policy(pol).allow
And(a.service == "s3",
    InRe(a.name, re.++(Re("get"), Star(re.allchar))))
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import z3

from keyaki.iam import ast
from keyaki.iam.wildcard import Token, Var, split_tokens, tokenize
from keyaki.symbolic.condition import compile_clause
from keyaki.symbolic.keys import MAX_SLOTS, Signature, make_key
from keyaki.symbolic.patterns import Unsupported, VarValue, arn_match, arn_match_any, glob
from keyaki.symbolic.term import (
    BEYOND_ALPHABET,
    FALSE,
    TRUE,
    Bool,
    Key,
    Kind,
    Sort,
    SymRequest,
    and_,
    eq,
    is_false,
    not_,
    or_,
    s,
)

_ACCOUNT = re.compile(r"^\d{12}$")
_ACTION_CHARS = re.compile(r"^[a-z0-9*?]*$")
_SERVICE_CHARS = re.compile(r"^[a-z0-9*?-]+$")
# Names for the unconstrained booleans that stand for unmodelled parts: unique in the process, so
# cached terms of different policies never share one (an id counter, not state that changes answers).
_FRESH = itertools.count()


@dataclass(frozen=True, slots=True)
class PolicyTerm:
    """A compiled policy: when some ``Allow`` applies, when some ``Deny`` applies."""

    allow: Bool
    deny: Bool
    allows: tuple[Bool, ...] = ()  # one term per ``Allow`` statement (``allow`` is their disjunction)

    @property
    def allowed(self) -> Bool:
        """The policy alone decides ``allowed`` (``keyaki.iam.evaluate.CompiledPolicy.decide``)."""
        return and_(self.allow, not_(self.deny))

    def allowed_cases(self) -> list[Bool]:
        """``allowed`` split by statement: it holds exactly when one of these does."""
        no_deny = not_(self.deny)
        return [c for c in (and_(a, no_deny) for a in self.allows) if not is_false(c)]


@dataclass(slots=True)
class Compiler:
    """Compiles policies against one symbolic request; collects what it could not model.

    ``services``, when given, is the set of service prefixes the query's request may have (the
    caller asserts it): action terms of other services fold to ``FALSE`` before the solver sees them.
    """

    req: SymRequest
    sig: Signature
    services: frozenset[str] | None = None
    reasons: list[str] = field(default_factory=list)

    # --- keys and variables -----------------------------------------------------------------------

    def key(self, name: str) -> Key:
        low = name.lower()
        found = self.req.keys.get(low)
        if found is None:
            info = self.sig.info.get(low) or self.sig._get(low)
            problem = info.problem(low)
            if problem:
                raise Unsupported(problem)
            found = self.req.keys[low] = make_key(self.req, low, info)
            if info.multi and info.clauses > MAX_SLOTS:
                self.reasons.append(f"`{low}` is read by {info.clauses} clauses: up to {MAX_SLOTS} values modelled")
        return found

    def lookup(self, name: str) -> VarValue:
        """A policy variable's value: the key's one value (``Context.variable`` in the reference)."""
        k = self.key(name)
        if k.derived:
            self.req.principal.text()  # a variable reads the whole text: tie it to the fields
        if k.multi:
            if not self.sig.info[k.name].listed:  # AWS may send it as one string: then it has a value
                raise Unsupported(f"policy variable `${{{name}}}` of a key also read with a set operator")
            return VarValue(FALSE, s(""))
        if k.sort not in (Sort.STRING, Sort.ARN):
            raise Unsupported(f"policy variable `${{{name}}}` of a {k.sort.value} key")
        return VarValue(k.present, k.slots[0].text)

    def _unmodelled(self, where: ast.Location, why: str) -> Bool:
        self.reasons.append(f"{where.path or '/'}: {why}")
        return z3.Bool(f"unmodelled.{next(_FRESH)}")

    # --- policies and statements ----------------------------------------------------------------

    def policy(self, pol: ast.Policy) -> PolicyTerm:
        allow: list[Bool] = []
        deny: list[Bool] = []
        for st in pol.statements:
            term = self.statement(st, pol.allows_variables)
            (allow if st.effect is ast.Effect.ALLOW else deny).append(term)
        return PolicyTerm(or_(allow), or_(deny), tuple(allow))

    def statement(self, st: ast.Statement, variables: bool) -> Bool:
        if any(BEYOND_ALPHABET.search(x) for x in _statement_texts(st)):
            return self._unmodelled(st.loc, "a character beyond U+2FFFF (outside the solver's alphabet)")
        parts: list[Bool] = []
        if st.action is not None:
            parts.append(self.actions(st.action))
        elif st.not_action is not None:
            parts.append(not_(self.actions(st.not_action)))
        if is_false(and_(parts)):
            return FALSE
        lookup = self.lookup if variables else None
        if st.resource is not None:
            parts.append(self.resources(st.resource, lookup))
        elif st.not_resource is not None:
            parts.append(not_(self.resources(st.not_resource, lookup, unresolved=True)))
        if st.principal is not None:
            self.req.uses_principal |= not st.principal.wildcard
            parts.append(self.principal(st.principal))
        elif st.not_principal is not None:
            self.req.uses_principal = True
            parts.append(self.not_principal(st.not_principal))
        for c in st.conditions:
            try:
                parts.append(compile_clause(c, self.key(c.key), lookup, variables))
            except Unsupported as exc:
                parts.append(self._unmodelled(c.loc, str(exc)))
        return and_(parts)

    # --- Action / NotAction -----------------------------------------------------------------------

    def action_matches(self, patterns: Iterable[str]) -> Bool:
        """The request's action matches one of ``patterns`` (no policy variables in actions)."""
        pats = list(patterns)
        if self.req.actions is not None:
            return self.req.actions.match(pats)
        return or_(glob(self.req.action_text(), tokenize(p.lower(), variables=False), None) for p in pats)

    def actions(self, vl: ast.ValueList) -> Bool:
        """Any of the patterns matches the (lower-cased) action; grouped by literal service."""
        if self.req.actions is not None:
            return self.req.actions.match(vl.texts())
        by_service: dict[str, list[Bool]] = {}
        other: list[Bool] = []
        req = self.req
        for v in vl.items:
            low = v.text.lower()
            if low == "*":
                return TRUE
            parts = split_tokens(tokenize(low, variables=False), ":", 1)
            if len(parts) < 2:
                other.append(glob(req.action_text(), tokenize(low, variables=False), None))
                continue
            svc_part, _, name_part = low.partition(":")
            if not (_ACTION_CHARS.match(name_part) and name_part and _SERVICE_CHARS.match(svc_part)):
                self.reasons.append(f"{v.loc.path or '/'}: action `{v.text}` has characters no AWS action name has")
            svc = parts[0]
            if all(isinstance(t, str) for t in svc):
                name = "".join(svc)  # type: ignore[arg-type]  # only str here
                if self.services is not None and name not in self.services:
                    continue
                by_service.setdefault(name, []).append(glob(req.action, tuple(parts[1]), None))
            else:
                other.append(and_(glob(req.service, tuple(svc), None), glob(req.action, tuple(parts[1]), None)))
        grouped = [and_(eq(req.service, s(k)), or_(v)) for k, v in by_service.items()]
        return or_(grouped + other)

    # --- Resource / NotResource -------------------------------------------------------------------

    def resources(self, vl: ast.ValueList, lookup: object, *, unresolved: bool = False) -> Bool:
        if "*" in vl.texts():
            return TRUE
        out: list[Bool] = []
        plain: list[tuple[Token, ...]] = []
        var_lookup = self.lookup if lookup is not None else None
        for v in vl.items:
            toks = tokenize(v.text, variables=lookup is not None)
            if not any(isinstance(t, Var) for t in toks):
                plain.append(toks)
                continue
            try:
                out.append(arn_match(self.req.resource, toks, var_lookup, unresolved=unresolved))
            except Unsupported as exc:
                out.append(self._unmodelled(v.loc, str(exc)))
        return or_([arn_match_any(self.req.resource, plain, None), *out])

    # --- Principal / NotPrincipal -----------------------------------------------------------------

    def principal(self, block: ast.PrincipalBlock) -> Bool:
        """Some entry names the caller (``keyaki.iam.principals.match_principal`` is not NONE)."""
        if block.wildcard:
            return TRUE
        p = self.req.principal
        out: list[Bool] = []
        for kind, vl in block.entries:
            for v in vl.items:
                if v.text == "*":
                    return TRUE
                if kind == "AWS":
                    out.append(and_(not_(p.is_(Kind.ANONYMOUS, Kind.SERVICE)), self._aws_entry(v.text)))
                elif kind == "Service":
                    out.append(and_(p.is_(Kind.SERVICE), eq(p.service, s(v.text.lower()))))
                elif kind == "Federated" and "." in v.text and not v.text.startswith("arn:") and v.text.islower():
                    out.append(self.text_is(v.text))
                else:
                    out.append(self._unmodelled(v.loc, f"`{kind}` principal `{v.text}` is not modelled"))
        return or_(out)

    def _aws_entry(self, value: str) -> Bool:
        p = self.req.principal
        out = [self.text_is(value)]
        if _ACCOUNT.match(value) or (value.startswith("arn:") and value.endswith(":root")):
            acct = value if _ACCOUNT.match(value) else value.split(":")[4]
            out.append(eq(p.account, s(acct)))
        parts = value.split(":", 5)
        if len(parts) == 6 and parts[2] == "iam" and parts[5].startswith("role/"):
            role = parts[5].rsplit("/", 1)[-1]
            out.append(and_(p.is_(Kind.ASSUMED_ROLE), eq(p.account, s(parts[4])), eq(p.name, s(role))))
        return or_(out)

    def text_is(self, value: str) -> Bool:
        """The principal's text (``RequestPrincipal.text``) equals ``value``, field by field."""
        p = self.req.principal
        if value == "anonymous":
            return p.is_(Kind.ANONYMOUS)
        if not value.startswith("arn:"):
            return and_(p.is_(Kind.SERVICE), eq(p.service, s(value)))
        parts = value.split(":", 5)
        if len(parts) != 6 or parts[1] != "aws" or parts[3] != "":
            return FALSE
        acct, res = eq(p.account, s(parts[4])), parts[5]
        head, _, rest = res.partition("/")
        if parts[2] == "iam" and res == "root":
            return and_(p.is_(Kind.ROOT), acct)
        if parts[2] == "iam" and head in ("user", "role") and rest:
            path, _, name = rest.rpartition("/")
            kind = Kind.USER if head == "user" else Kind.ROLE
            return and_(p.is_(kind), acct, eq(p.path, s(path + "/" if path else "")), eq(p.name, s(name)))
        if parts[2] == "sts" and head == "assumed-role" and rest.count("/") == 1:
            role, session = rest.split("/")
            return and_(p.is_(Kind.ASSUMED_ROLE), acct, eq(p.name, s(role)), eq(p.session, s(session)))
        if parts[2] == "sts" and head == "federated-user" and rest and "/" not in rest:
            return and_(p.is_(Kind.FEDERATED_USER), acct, eq(p.name, s(rest)))
        return FALSE

    def not_principal(self, block: ast.PrincipalBlock) -> Bool:
        """Applies unless the caller and its account are both listed (``not_principal_applies``)."""
        if block.wildcard:
            return FALSE
        listed: set[str] = set()
        for kind, vl in block.entries:
            for v in vl.items:
                if v.text == "*":
                    return FALSE
                if kind == "AWS" and v.text.startswith("arn:") and v.text.endswith(":root"):
                    listed.add(v.text.split(":")[4])
                else:
                    listed.add(v.text.lower() if kind == "Service" else v.text)
        p = self.req.principal
        text_listed = or_(self.text_is(x) for x in sorted(listed))
        acct_listed = or_(eq(p.account, s(x)) for x in sorted(listed) if _ACCOUNT.match(x))
        has_account = p.is_(Kind.USER, Kind.ROLE, Kind.ASSUMED_ROLE, Kind.FEDERATED_USER, Kind.ROOT)
        excluded = and_(text_listed, or_(not_(has_account), acct_listed))
        return not_(excluded)


def action_patterns(policies: Iterable[ast.Policy]) -> list[str]:
    """Every ``Action``/``NotAction`` pattern of the policies."""
    out: list[str] = []
    for pol in policies:
        for st in pol.statements:
            for vl in (st.action, st.not_action):
                out.extend(vl.texts() if vl else ())
    return out


def _statement_texts(st: ast.Statement) -> Iterable[str]:
    """Every string of a statement the compiler may turn into a z3 constant."""
    for vl in (st.action, st.not_action, st.resource, st.not_resource):
        yield from vl.texts() if vl else ()
    for block in (st.principal, st.not_principal):
        for _, vl in block.entries if block else ():
            yield from vl.texts()
    for c in st.conditions:
        yield c.key
        yield from (v.as_text() for v in c.values)


def literal_services(policies: Iterable[ast.Policy]) -> frozenset[str] | None:
    """The service prefixes the ``Allow`` statements can name, or None when any service may be."""
    out: set[str] = set()
    for pol in policies:
        for st in pol.statements:
            if st.effect is not ast.Effect.ALLOW:
                continue
            if st.action is None:
                return None
            for a in st.action.texts():
                svc, sep, _ = a.lower().partition(":")
                if not sep or "*" in svc or "?" in svc:
                    return None
                out.add(svc)
    return frozenset(out)
