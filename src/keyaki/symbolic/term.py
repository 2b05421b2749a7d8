"""The small IR of the symbolic compiler: simplifying z3 constructors and the symbolic request.

The symbolic request is the space of requests the proofs quantify over, the same fields the
concrete evaluator reads (``keyaki.iam.evaluate.Request`` and ``keyaki.iam.conditions.Context``):

- the action, lower-cased, split at its colon into ``service`` and ``name`` (IAM User Guide,
  "IAM JSON policy elements: Action": names are case-insensitive);
- the resource ARN, split into its six fields ("IAM identifiers: ARNs"); the first five contain no
  colon, the last (the resource part) may;
- the principal: its kind (user, role, assumed-role session, federated user, root, service,
  anonymous), account, path, name and session ("AWS JSON policy elements: Principal"); the keys
  AWS derives from it (``aws:PrincipalAccount``, ``aws:PrincipalArn``, ``aws:username``,
  ``aws:PrincipalIsAWSService``) are expressions over these fields, never free variables;
- every context key a policy of the query reads, with a presence flag and a sort chosen from the
  operators applied to it ("IAM JSON policy elements: Condition operators"): string (also used by
  ``Bool``), ARN (a string made of six fields), number (a scaled integer), date (epoch seconds), IP
  address (a 128-bit vector and a version flag). Multivalued keys (``ArrayOf...`` in the reference
  data, or read with ``ForAllValues``/``ForAnyValue``) hold up to ``k`` values, ``k`` being the number
  of clauses that read the key: a set of that size realises every combination those clauses can
  tell apart, so the bound loses no answer.

Every constructor below folds constants (``and_(TRUE, x)`` is ``x``), so a policy that cannot apply
compiles to ``FALSE`` and never reaches the solver.

>>> and_(TRUE, or_(FALSE, FALSE)) is FALSE or z3.is_false(and_(TRUE, or_(FALSE, FALSE)))
True
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import IntEnum, StrEnum
from typing import TYPE_CHECKING, TypeAlias

import z3

from keyaki.errors import BadInput

if TYPE_CHECKING:
    from keyaki.symbolic.actions import ActionDomain

TRUE = z3.BoolVal(True)
FALSE = z3.BoolVal(False)
Expr: TypeAlias = z3.ExprRef
Bool: TypeAlias = z3.BoolRef


# z3 shares every term (hash-consing), so a term is ``true`` exactly when its id is that of TRUE:
# one call into z3 instead of the five of ``z3.is_true`` (measured: the compiler's main cost).
_TRUE_ID, _FALSE_ID = TRUE.get_id(), FALSE.get_id()


def is_true(x: Bool) -> bool:
    return x.get_id() == _TRUE_ID


def is_false(x: Bool) -> bool:
    return x.get_id() == _FALSE_ID


def and_(*xs: Bool | Iterable[Bool]) -> Bool:
    """Conjunction that drops ``TRUE`` and stops at ``FALSE``."""
    out: list[Bool] = []
    for x in _flat(xs):
        i = x.get_id()
        if i == _FALSE_ID:
            return FALSE
        if i != _TRUE_ID:
            out.append(x)
    if not out:
        return TRUE
    return out[0] if len(out) == 1 else z3.And(out)


def or_(*xs: Bool | Iterable[Bool]) -> Bool:
    """Disjunction that drops ``FALSE`` and stops at ``TRUE``."""
    out: list[Bool] = []
    for x in _flat(xs):
        i = x.get_id()
        if i == _TRUE_ID:
            return TRUE
        if i != _FALSE_ID:
            out.append(x)
    if not out:
        return FALSE
    return out[0] if len(out) == 1 else z3.Or(out)


def not_(x: Bool) -> Bool:
    i = x.get_id()
    if i == _TRUE_ID:
        return FALSE
    if i == _FALSE_ID:
        return TRUE
    if z3.is_not(x):
        return x.arg(0)
    return z3.Not(x)


def ite(c: Bool, a: Expr, b: Expr) -> Expr:
    if is_true(c):
        return a
    if is_false(c):
        return b
    return z3.If(c, a, b)


def eq(a: Expr, b: Expr) -> Bool:
    """Equality folded when both sides are string or integer constants."""
    if z3.is_string_value(a) and z3.is_string_value(b):
        return TRUE if a.as_string() == b.as_string() else FALSE
    return a == b


def concat(*parts: Expr | str) -> Expr:
    """String concatenation that merges adjacent literals."""
    out: list[Expr] = []
    for p in parts:
        e = s(p) if isinstance(p, str) else p
        if z3.is_string_value(e) and e.as_string() == "":
            continue
        if out and z3.is_string_value(e) and z3.is_string_value(out[-1]):
            out[-1] = s(py_str(out[-1]) + py_str(e))
        else:
            out.append(e)
    if not out:
        return z3.StringVal("")
    return out[0] if len(out) == 1 else z3.Concat(*out)


def _flat(xs: Iterable[Bool | Iterable[Bool]]) -> Iterable[Bool]:
    for x in xs:
        if isinstance(x, z3.ExprRef):
            yield x
        else:
            yield from x


def no_colon(x: Expr) -> Bool:
    """An ARN field before the resource part: printable ASCII without a colon (a positive class:
    z3 is far slower with ``not contains``)."""
    return z3.InRe(x, z3.Star(z3.Union(z3.Range(" ", "9"), z3.Range(";", "~"))))


def _segment(x: Expr) -> Bool:
    """A non-empty name without ``/`` or ``:``."""
    return and_(z3.Length(x) > 0, z3.Not(z3.Contains(x, "/")), z3.Not(z3.Contains(x, ":")))


#: z3's characters stop here (its ``unicode`` encoding); a statement with others is not modelled.
MAX_CHAR = 0x2FFFF
BEYOND_ALPHABET = re.compile("[\U00030000-\U0010FFFF]")


def s(text: str) -> Expr:
    """The string constant ``text``, literally: z3 reads ``\\u{41}`` and ``\\u0041`` in a constant as
    ``A``, so each backslash goes in as the escape of a backslash."""
    if BEYOND_ALPHABET.search(text):
        raise BadInput(f"`{text}` has a character beyond U+2FFFF, outside the solver's alphabet")
    return z3.StringVal(text.replace("\\", "\\u{5c}"))


_ESCAPED = re.compile(r"\\u\{([0-9a-fA-F]+)\}")


def py_str(e: Expr) -> str:
    """The text of a string constant (z3 prints some characters, and a backslash that would read as
    an escape, as ``\\u{HEX}``)."""
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), e.as_string())


def chars(spec: str) -> z3.ReRef:
    """A regex for one character of a class written like ``a-z0-9_`` (ranges and single chars)."""
    parts: list[z3.ReRef] = []
    i = 0
    while i < len(spec):
        if i + 2 < len(spec) and spec[i + 1] == "-":
            parts.append(z3.Range(spec[i], spec[i + 2]))
            i += 3
        else:
            parts.append(z3.Re(spec[i]))
            i += 1
    return parts[0] if len(parts) == 1 else z3.Union(*parts)


def word(x: Expr, spec: str, *, min_len: int = 1) -> Bool:
    """``x`` is made only of the characters of ``spec``, at least ``min_len`` of them."""
    one = chars(spec)
    re = z3.Plus(one) if min_len == 1 else (z3.Star(one) if min_len == 0 else z3.Loop(one, min_len))
    return z3.InRe(x, re)


class Sort(StrEnum):
    """How a context key is modelled (chosen from the operators that read it)."""

    STRING = "string"
    ARN = "arn"
    NUMBER = "number"
    DATE = "date"
    IP = "ip"


class Kind(IntEnum):
    """Principal kinds of ``keyaki.iam.principals.RequestPrincipal`` that the model covers."""

    USER = 0
    ROLE = 1
    ASSUMED_ROLE = 2
    FEDERATED_USER = 3
    ROOT = 4
    SERVICE = 5
    ANONYMOUS = 6


IAM_KINDS: tuple[Kind, ...] = (Kind.USER, Kind.ROLE, Kind.ASSUMED_ROLE, Kind.FEDERATED_USER, Kind.ROOT)
NAME_CHARS = "A-Za-z0-9+=,.@_-"
MAX_DATE = 253402300799  # 9999-12-31T23:59:59Z: dates print as ISO 8601
IP_BITS = 128
_NAMED = (Kind.USER, Kind.ROLE, Kind.ASSUMED_ROLE, Kind.FEDERATED_USER)
_RESOURCE_FIELDS = ("partition", "service", "region", "account", "resource")


@dataclass(slots=True)
class Slot:
    """One value of a context key. Which fields are used depends on the key's sort."""

    text: Expr  # STRING and ARN (ARN: the concatenation of ``fields``)
    fields: tuple[Expr, ...] = ()  # ARN: the six colon-separated fields
    num: Expr | None = None  # NUMBER (scaled) and DATE (epoch seconds)
    ok: Bool = TRUE  # NUMBER/DATE/IP: the value parses
    v6: Bool = FALSE  # IP: an IPv6 address
    addr: Expr | None = None  # IP: the address as a 128-bit vector
    cases: tuple[tuple[Bool, Slot], ...] = ()  # a derived value: one exclusive case per principal kind
    colon_free: bool = False  # ARN: no field (the resource part included) contains a colon


@dataclass(slots=True)
class Key:
    """A context key of the query: presence, and one slot (single-valued) or ``k`` slots plus a count."""

    name: str  # lower-case
    sort: Sort
    present: Bool
    slots: list[Slot]
    multi: bool = False
    count: Expr | None = None
    scale: int = 1
    derived: bool = False  # computed from the principal, never written into a witness's context

    def slot_live(self, i: int) -> Bool:
        """Whether slot ``i`` holds a value of the request."""
        if not self.multi:
            return self.present
        assert self.count is not None
        return and_(self.present, self.count > i)


@dataclass(slots=True)
class Principal:
    """The symbolic principal: kind, account, user/role path and name, session, service name."""

    kind: Expr = field(default_factory=lambda: z3.Int("p.kind"))
    account: Expr = field(default_factory=lambda: z3.String("p.account"))
    path: Expr = field(default_factory=lambda: z3.String("p.path"))
    name: Expr = field(default_factory=lambda: z3.String("p.name"))
    session: Expr = field(default_factory=lambda: z3.String("p.session"))
    service: Expr = field(default_factory=lambda: z3.String("p.service"))

    def is_(self, *kinds: Kind) -> Bool:
        return or_(*(self.kind == int(k) for k in kinds))

    text_var: Expr = field(default_factory=lambda: z3.String("p.text"))
    text_used: bool = False  # the text is tied to the fields only when a term reads it

    def text(self) -> Expr:
        """The principal as a request names it (an ARN, a service name, or ``anonymous``); tied to
        the other fields by :meth:`domain`."""
        self.text_used = True
        return self.text_var

    def _definitions(self) -> list[Bool]:
        iam = concat("arn:aws:iam::", self.account, ":")
        sts = concat("arn:aws:sts::", self.account, ":")
        arms = [
            (Kind.USER, concat(iam, "user/", self.path, self.name)),
            (Kind.ROLE, concat(iam, "role/", self.path, self.name)),
            (Kind.ASSUMED_ROLE, concat(sts, "assumed-role/", self.name, "/", self.session)),
            (Kind.FEDERATED_USER, concat(sts, "federated-user/", self.name)),
            (Kind.ROOT, concat(iam, "root")),
            (Kind.SERVICE, self.service),
            (Kind.ANONYMOUS, s("anonymous")),
        ]
        return [z3.Implies(self.kind == int(k), self.text_var == arn) for k, arn in arms]

    def domain(self) -> Bool:
        """Well-formed principals: 12-digit accounts, IAM names (``[A-Za-z0-9+=,.@_-]+``), paths of
        ``/``-terminated text, lower-case dotted service names; each constraint only for the kinds
        that have the field. Measured: z3's string solver is much faster with positive character
        classes than with ``not contains`` constraints, and without idle constraints."""
        p = self.path
        # ends at a `/` so the name is the last segment (measured: a `(name/)*` regex is slow)
        path_ok = or_(p == "", and_(z3.SuffixOf("/", p), word(p, "/" + NAME_CHARS)))
        service = z3.Concat(z3.Plus(chars("a-z0-9-")), z3.Re("."), z3.Plus(chars("a-z0-9.-")))
        return and_(
            self.kind >= 0,
            self.kind <= int(Kind.ANONYMOUS),
            z3.Implies(self.is_(*IAM_KINDS), z3.InRe(self.account, z3.Loop(z3.Range("0", "9"), 12, 12))),
            z3.Implies(self.is_(Kind.USER, Kind.ROLE), path_ok),
            z3.Implies(self.is_(*_NAMED), word(self.name, NAME_CHARS)),
            z3.Implies(self.is_(Kind.ASSUMED_ROLE), word(self.session, NAME_CHARS)),
            z3.Implies(self.is_(Kind.SERVICE), z3.InRe(self.service, service)),
            *(self._definitions() if self.text_used else ()),
        )


@dataclass(slots=True)
class SymRequest:
    """Every symbolic field of a request; ``keys`` is filled by the compiler as policies read them."""

    service: Expr = field(default_factory=lambda: z3.String("a.service"))
    action: Expr = field(default_factory=lambda: z3.String("a.name"))
    resource: tuple[Expr, ...] = field(
        default_factory=lambda: (s("arn"), *(z3.String(f"r.{n}") for n in _RESOURCE_FIELDS))
    )
    principal: Principal = field(default_factory=Principal)
    keys: dict[str, Key] = field(default_factory=dict)
    uses_principal: bool = False  # set by the compiler; an unread principal needs no constraints
    actions: ActionDomain | None = None  # the finite action domain, when the query's patterns allow it

    def action_text(self) -> Expr:
        return concat(self.service, ":", self.action)

    def resource_text(self) -> Expr:
        f = self.resource
        return concat(f[0], ":", f[1], ":", f[2], ":", f[3], ":", f[4], ":", f[5])

    def domain(self) -> Bool:
        """The requests the proofs range over (see the module docstring)."""
        f = self.resource
        acts = [self.actions.domain()] if self.actions else [word(self.service, "a-z0-9-"), word(self.action, "a-z0-9")]
        return and_(
            *acts,
            *(no_colon(x) for x in f[1:5]),
            self.principal.domain() if self.uses_principal else and_(),
            *(k_domain(k) for k in self.keys.values()),
        )


# any character but a colon; a text with at most four colons (``str.split(":", 5)`` gives fewer than six parts)
NOT_COLON = z3.Intersect(z3.AllChar(z3.ReSort(z3.StringSort())), z3.Complement(z3.Re(":")))
_FEW_COLONS = z3.Concat(z3.Star(NOT_COLON), z3.Loop(z3.Concat(z3.Re(":"), z3.Star(NOT_COLON)), 0, 4))


def k_domain(key: Key) -> Bool:
    """Sort constraints of one key's slots."""
    out: list[Bool] = []
    if key.derived:
        return TRUE  # its terms are the principal's, constrained there
    if key.count is not None:
        out += [key.count >= 0, key.count <= len(key.slots)]
    for sl in key.slots:
        if key.sort is Sort.ARN and not is_true(sl.ok):  # a text that may or may not be six fields
            out += [no_colon(x) for x in sl.fields[:5]]
            six = concat(*(p for i, f in enumerate(sl.fields) for p in ((":", f) if i else (f,))))
            out += [z3.Implies(sl.ok, eq(sl.text, six)), z3.Implies(not_(sl.ok), z3.InRe(sl.text, _FEW_COLONS))]
        elif key.sort is Sort.ARN:
            out += [no_colon(x) for x in sl.fields[1:5]]
        elif key.sort is Sort.DATE and sl.num is not None:
            out += [sl.num >= 0, sl.num <= MAX_DATE]
        elif key.sort is Sort.IP and sl.addr is not None:
            out.append(z3.Implies(not_(sl.v6), z3.ULT(sl.addr, z3.BitVecVal(1 << 32, IP_BITS))))
    return and_(out)
