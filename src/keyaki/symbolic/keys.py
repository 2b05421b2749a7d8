"""Context keys of a query: which sort each key gets, how many values it may hold, and its terms.

The sort of a key follows the operator families that read it ("IAM JSON policy elements: Condition
operators"): ``String*`` and ``Bool`` read text, ``Arn*`` read an ARN, ``Numeric*`` a number,
``Date*`` a date, ``IpAddress`` an address. A key read by two families (text and number, say) is not
modelled: the answer is UNKNOWN with that reason. A key is multivalued when the IAM reference data
types it ``ArrayOf...`` or a ``ForAllValues``/``ForAnyValue`` clause reads it ("Single-valued vs.
multivalued context keys").

The keys AWS derives from the principal ("AWS global condition context keys": ``aws:PrincipalArn``,
``aws:PrincipalAccount``, ``aws:username``, ``aws:PrincipalIsAWSService``) are terms over the
symbolic principal, exactly as ``keyaki.iam.evaluate.Request.new_context`` computes them.

>>> from keyaki.iam.parse import parse_policy
>>> sig = Signature.scan([parse_policy({"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*",
...     "Condition": {"NumericLessThan": {"s3:max-keys": "10.5"}}}})])
>>> sig.info["s3:max-keys"].sort, sig.info["s3:max-keys"].scale
(<Sort.NUMBER: 'number'>, 100)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import z3

from keyaki.iam import ast
from keyaki.iam import reference as ref
from keyaki.iam.wildcard import Var, tokenize
from keyaki.symbolic.term import (
    IP_BITS,
    Key,
    Kind,
    Slot,
    Sort,
    SymRequest,
    concat,
    ite,
    s,
)

FAMILY = {
    **dict.fromkeys(("StringEquals", "StringNotEquals", "StringEqualsIgnoreCase",
                     "StringNotEqualsIgnoreCase", "StringLike", "StringNotLike", "Bool"), "string"),
    **dict.fromkeys(("ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike"), "arn"),
    **dict.fromkeys(("NumericEquals", "NumericNotEquals", "NumericLessThan", "NumericLessThanEquals",
                     "NumericGreaterThan", "NumericGreaterThanEquals"), "number"),
    **dict.fromkeys(("DateEquals", "DateNotEquals", "DateLessThan", "DateLessThanEquals",
                     "DateGreaterThan", "DateGreaterThanEquals"), "date"),
    "IpAddress": "ip", "NotIpAddress": "ip", "BinaryEquals": "binary",
}  # fmt: skip

# A multivalued key holds up to as many values as distinct clauses read its values (exact; `Null` reads
# only presence), at most MAX_SLOTS: beyond that the terms grow quadratically; the compiler then records
# a reason (never a PASS). 16 covers every managed policy (the most is 15, for `aws:TagKeys`).
MAX_SLOTS = 16
DERIVED = ("aws:principalaccount", "aws:principalarn", "aws:username", "aws:principalisawsservice", "aws:principaltype")


@dataclass(slots=True)
class KeyInfo:
    """What the policies of a query do with one key."""

    families: set[str] = field(default_factory=set)
    atoms: set[tuple[str, tuple[str, ...]]] = field(default_factory=set)  # distinct (operator, values)
    multi: bool = False
    listed: bool = False  # typed ``ArrayOf...`` by the reference data: AWS always sends a list
    arn_typed: bool = False  # typed ``ARN``/``ArrayOfARN``: AWS sends an ARN (else any text, under Arn* too)
    decimals: int = 0
    as_variable: bool = False

    @property
    def clauses(self) -> int:
        """Distinct clauses reading the key: a set of that many values realises every combination of
        their answers (one witness per clause that must hold for some value, one counterexample per
        clause that must fail for some value), so bounding the values there loses nothing."""
        return len(self.atoms)

    @property
    def sort(self) -> Sort:
        fam = self.families - {"string"}
        if "arn" in fam and len(fam) == 1:
            return Sort.ARN
        if len(fam) == 1:
            return {"number": Sort.NUMBER, "date": Sort.DATE, "ip": Sort.IP}.get(next(iter(fam)), Sort.STRING)
        return Sort.STRING

    @property
    def scale(self) -> int:
        return 10 ** (self.decimals + 1) if self.sort is Sort.NUMBER else 1

    def problem(self, name: str) -> str | None:
        """Why this key cannot be modelled (None: it can)."""
        fam = set(self.families)
        if "binary" in fam:
            return f"`BinaryEquals` on `{name}` is not modelled"
        if "arn" in fam:
            fam -= {"string", "arn"}
        fam.discard("string")
        if len(self.families - {"string", "arn"}) > 1 or (fam and len(self.families) > 1):
            return f"`{name}` is read by operators of different types ({', '.join(sorted(self.families))})"
        if self.as_variable and self.sort not in (Sort.STRING, Sort.ARN):
            return f"`{name}` is used as a policy variable and compared as a {self.sort.value}"
        if name in DERIVED and self.sort not in (Sort.STRING, Sort.ARN):
            return f"`{name}` compared as a {self.sort.value}"
        return None


@dataclass(slots=True)
class Signature:
    """Every context key the policies of a query read, with what they do with it."""

    info: dict[str, KeyInfo] = field(default_factory=dict)

    @classmethod
    def scan(cls, policies: Iterable[ast.Policy]) -> Signature:
        sig = cls()
        for pol in policies:
            for st in pol.statements:
                sig._statement(st, pol.allows_variables)
        return sig

    def _get(self, key: str) -> KeyInfo:
        low = key.lower()
        info = self.info.get(low)
        if info is None:
            info = self.info[low] = KeyInfo()
            ktype = _key_type(low)
            info.multi = info.listed = bool(ktype and ktype.startswith("ArrayOf")) and low not in DERIVED
            info.arn_typed = ktype in ("ARN", "ArrayOfARN")
        return info

    def _statement(self, st: ast.Statement, variables: bool) -> None:
        if variables:
            for vl in (st.resource, st.not_resource):
                for text in vl.texts() if vl else ():
                    self._variables(text)
        for c in st.conditions:
            info = self._get(c.key)
            if c.operator.base != "Null":  # `Null` reads the key's presence, never a value
                info.atoms.add((str(c.operator), tuple(v.as_text() for v in c.values)))
            if c.operator.set_op and c.key.lower() not in DERIVED:
                info.multi = True
            fam = FAMILY.get(c.operator.base)
            if fam:
                info.families.add(fam)
            if fam == "number":
                info.decimals = max([info.decimals, *(_decimals(v.as_text()) for v in c.values)])
            if variables and fam in ("string", "arn"):
                for v in c.values:
                    self._variables(v.as_text())

    def _variables(self, text: str) -> None:
        for t in tokenize(text, variables=True):
            if isinstance(t, Var):
                self._get(t.key).as_variable = True


def _key_type(low: str) -> str | None:
    try:
        return ref.condition_key_type(low)
    except Exception:  # unknown service prefix or key: typed by its operators alone
        return None


def _decimals(text: str) -> int:
    try:
        exp = Decimal(text.strip()).as_tuple().exponent
    except InvalidOperation:
        return 0
    return -exp if isinstance(exp, int) and exp < 0 else 0


def make_key(req: SymRequest, name: str, info: KeyInfo) -> Key:
    """The terms of one key (derived from the principal for the keys AWS sets from it)."""
    if name in DERIVED:
        return _derived(req, name, info.sort)
    n = min(MAX_SLOTS, max(1, info.clauses)) if info.multi else 1
    slots = [_slot(f"k.{name}.{i}", info.sort, loose=not info.arn_typed) for i in range(n)]
    count = z3.Int(f"k.{name}.count") if info.multi else None
    return Key(name, info.sort, z3.Bool(f"k.{name}.present"), slots, info.multi, count, info.scale)


def _slot(base: str, sort: Sort, *, loose: bool = False) -> Slot:
    match sort:
        case Sort.STRING:
            return Slot(z3.String(base))
        case Sort.ARN if loose:
            # a key AWS does not type as an ARN, read by Arn* operators: any text. ``ok``: it has six
            # colon-separated fields (``fields``, defined by ``term.k_domain``), matched field by field;
            # else the pattern is matched against the whole text (``keyaki.iam.wildcard.compile_arn``)
            fields = tuple(z3.String(f"{base}.f{i}") for i in range(6))
            return Slot(z3.String(base), fields, ok=z3.Bool(f"{base}.six"))
        case Sort.ARN:
            fields = (s("arn"), *(z3.String(f"{base}.f{i}") for i in range(1, 6)))
            return Slot(concat(*_colons(fields)), fields)
        case Sort.NUMBER | Sort.DATE:
            return Slot(z3.String(f"{base}.raw"), num=z3.Int(base), ok=z3.Bool(f"{base}.ok"))
        case Sort.IP:
            return Slot(
                z3.String(f"{base}.raw"), ok=z3.Bool(f"{base}.ok"), v6=z3.Bool(f"{base}.v6"),
                addr=z3.BitVec(base, IP_BITS),
            )


def _colons(fields: Iterable[z3.ExprRef]) -> list[z3.ExprRef | str]:
    out: list[z3.ExprRef | str] = []
    for i, f in enumerate(fields):
        out += [":", f] if i else [f]
    return out


_TYPES = ((Kind.USER, "User"), (Kind.ROLE, "AssumedRole"), (Kind.ASSUMED_ROLE, "AssumedRole"),
          (Kind.FEDERATED_USER, "FederatedUser"), (Kind.ROOT, "Account"))  # fmt: skip


def _derived(req: SymRequest, name: str, sort: Sort) -> Key:
    p = req.principal
    req.uses_principal = True
    has_account = p.is_(Kind.USER, Kind.ROLE, Kind.ASSUMED_ROLE, Kind.FEDERATED_USER, Kind.ROOT)
    if name == "aws:principalaccount":
        return Key(name, Sort.STRING, has_account, [Slot(p.account)], derived=True)
    if name == "aws:username":
        return Key(name, Sort.STRING, p.is_(Kind.USER), [Slot(p.name)], derived=True)
    if name == "aws:principalisawsservice":
        value = ite(p.is_(Kind.SERVICE), s("true"), s("false"))
        return Key(name, Sort.STRING, z3.Not(p.is_(Kind.ANONYMOUS)), [Slot(value)], derived=True)
    if name == "aws:principaltype":  # keyaki.iam.evaluate.PRINCIPAL_TYPES; a service has none
        value = s("Anonymous")
        for kind, text in _TYPES:
            value = ite(p.is_(kind), s(text), value)
        return Key(name, Sort.STRING, z3.Not(p.is_(Kind.SERVICE)), [Slot(value)], derived=True)
    iam, sts = ("arn", "aws", "iam", "", p.account), ("arn", "aws", "sts", "", p.account)
    arms = [
        (Kind.USER, (*iam, concat("user/", p.path, p.name))),
        (Kind.ROLE, (*iam, concat("role/", p.path, p.name))),
        (Kind.ROOT, (*iam, "root")),
        (Kind.FEDERATED_USER, (*sts, concat("federated-user/", p.name))),
    ]
    cases = []
    for kind, raw in arms:
        fields = tuple(s(x) if isinstance(x, str) else x for x in raw)
        cases.append((p.is_(kind), Slot(concat(*_colons(fields)), fields, colon_free=True)))
    present = p.is_(*(k for k, _ in arms))
    slot = Slot(p.text_var, cases[0][1].fields, cases=tuple(cases))  # text tied by Compiler.lookup
    return Key(name, sort if sort is Sort.ARN else Sort.STRING, present, [slot], derived=True)

__all__ = ["DERIVED", "FAMILY", "MAX_SLOTS", "KeyInfo", "Signature", "make_key"]
