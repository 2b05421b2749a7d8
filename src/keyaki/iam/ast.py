"""The typed AST of an IAM policy document: frozen, slotted values, each with its JSON location.

Follows the AWS IAM User Guide, "IAM JSON policy element reference" and "Grammar of the IAM JSON
policy language" (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html).
Every node carries a :class:`Location` (a JSON Pointer such as ``/Statement/2/Condition/StringLike``
plus line and column when parsed from text). Locations take no part in equality, so two documents
that mean the same thing written in the same forms compare equal however they were formatted.

The public names of this module are a contract for the validator and the symbolic compiler: add
fields and classes, never rename.

>>> from keyaki.iam.parse import parse_policy
>>> p = parse_policy('{"Statement": {"Effect": "Allow", "Action": "s3:Get*", "Resource": "*"}}')
>>> p.statements[0].effect, p.statements[0].action.texts()
(<Effect.ALLOW: 'Allow'>, ('s3:Get*',))
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

VERSION_2008 = "2008-10-17"
VERSION_2012 = "2012-10-17"
VERSIONS = (VERSION_2008, VERSION_2012)

#: The base condition operators of "IAM JSON policy elements: Condition operators"
#: (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html).
CONDITION_OPERATORS = frozenset(
    {
        "StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase",
        "StringLike", "StringNotLike",
        "NumericEquals", "NumericNotEquals", "NumericLessThan", "NumericLessThanEquals",
        "NumericGreaterThan", "NumericGreaterThanEquals",
        "DateEquals", "DateNotEquals", "DateLessThan", "DateLessThanEquals",
        "DateGreaterThan", "DateGreaterThanEquals",
        "Bool", "BinaryEquals", "IpAddress", "NotIpAddress",
        "ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike",
        "Null",
    }
)  # fmt: skip

#: Operators whose several policy values combine with NOR instead of OR ("negated matching").
NEGATED_OPERATORS = frozenset(
    {
        "StringNotEquals", "StringNotEqualsIgnoreCase", "StringNotLike", "NumericNotEquals",
        "DateNotEquals", "NotIpAddress", "ArnNotEquals", "ArnNotLike",
    }
)  # fmt: skip

SET_OPERATORS = ("ForAllValues", "ForAnyValue")
PRINCIPAL_KINDS = ("AWS", "Service", "Federated", "CanonicalUser")


@dataclass(frozen=True, slots=True)
class Location:
    """Where a node is: JSON Pointer ``path``, and 1-based ``line``/``column`` when parsed from text."""

    path: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        if self.line is None:
            return self.path or "/"
        return f"{self.path or '/'} (line {self.line}, column {self.column})"


NOWHERE = Location("")


class Effect(StrEnum):
    """``Effect``: ``Allow`` or ``Deny`` (case-sensitive in IAM)."""

    ALLOW = "Allow"
    DENY = "Deny"


@dataclass(frozen=True, slots=True)
class Value:
    """One string of ``Action``/``NotAction``/``Resource``/``NotResource``/``Principal``."""

    text: str
    loc: Location = field(default=NOWHERE, compare=False)


@dataclass(frozen=True, slots=True)
class ValueList:
    """A string-or-list element; ``scalar`` records that the source wrote a bare string."""

    items: tuple[Value, ...]
    scalar: bool = False
    loc: Location = field(default=NOWHERE, compare=False)

    def texts(self) -> tuple[str, ...]:
        return tuple(v.text for v in self.items)


@dataclass(frozen=True, slots=True)
class PrincipalBlock:
    """``Principal``/``NotPrincipal``: ``"*"`` (``wildcard``) or a map of kind → values."""

    wildcard: bool
    entries: tuple[tuple[str, ValueList], ...] = ()
    loc: Location = field(default=NOWHERE, compare=False)

    def values(self, kind: str) -> tuple[str, ...]:
        """All values of one kind (``AWS``, ``Service``, ``Federated``, ``CanonicalUser``)."""
        return tuple(t for k, vl in self.entries if k == kind for t in vl.texts())


@dataclass(frozen=True, slots=True)
class ConditionOperator:
    """A parsed operator name: ``[ForAllValues:|ForAnyValue:]Base[IfExists]``."""

    base: str
    set_op: str | None = None
    if_exists: bool = False

    @property
    def negated(self) -> bool:
        return self.base in NEGATED_OPERATORS

    def __str__(self) -> str:
        prefix = f"{self.set_op}:" if self.set_op else ""
        return f"{prefix}{self.base}{'IfExists' if self.if_exists else ''}"


ScalarValue = str | bool | int | float


@dataclass(frozen=True, slots=True)
class ConditionValue:
    """One value on the policy side of a condition, as written (string, number or boolean)."""

    value: ScalarValue
    loc: Location = field(default=NOWHERE, compare=False)

    def as_text(self) -> str:
        """The value as IAM compares it: booleans as ``true``/``false``, numbers as written."""
        if isinstance(self.value, bool):
            return "true" if self.value else "false"
        return str(self.value)


@dataclass(frozen=True, slots=True)
class ConditionClause:
    """One ``operator → key → values`` entry of a ``Condition`` block."""

    operator: ConditionOperator
    operator_text: str
    key: str
    values: tuple[ConditionValue, ...]
    scalar: bool = False
    loc: Location = field(default=NOWHERE, compare=False)


@dataclass(frozen=True, slots=True)
class Statement:
    """One statement. Exactly one of each ``X``/``NotX`` pair may be set (``Resource`` may be absent
    in role trust policies, ``Principal`` in identity policies)."""

    effect: Effect
    sid: str | None = None
    principal: PrincipalBlock | None = None
    not_principal: PrincipalBlock | None = None
    action: ValueList | None = None
    not_action: ValueList | None = None
    resource: ValueList | None = None
    not_resource: ValueList | None = None
    conditions: tuple[ConditionClause, ...] = ()
    index: int = 0
    loc: Location = field(default=NOWHERE, compare=False)


@dataclass(frozen=True, slots=True)
class Policy:
    """A policy document. ``version`` is None when absent (IAM then uses 2008-10-17)."""

    statements: tuple[Statement, ...]
    version: str | None = None
    id: str | None = None
    statement_scalar: bool = False
    loc: Location = field(default=NOWHERE, compare=False)

    @property
    def allows_variables(self) -> bool:
        """Policy variables are only substituted under ``Version: 2012-10-17`` (IAM User Guide,
        "IAM policy elements: Variables and tags")."""
        return self.version == VERSION_2012
