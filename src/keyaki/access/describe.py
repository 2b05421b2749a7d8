"""Condition clauses as readable text (``aws:SourceIp in 10.0.0.0/8``) and as structured JSON.

Operator meanings follow the IAM User Guide, "IAM JSON policy elements: Condition operators"
(https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html).

>>> from keyaki.iam.parse import parse_policy
>>> pol = parse_policy({"Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*",
...     "Condition": {"IpAddress": {"aws:SourceIp": ["10.0.0.0/8"]}}}})
>>> text(pol.statements[0].conditions[0])
'aws:SourceIp in 10.0.0.0/8'
"""

from __future__ import annotations

from typing import Any

from keyaki.iam import ast

_WORDS: dict[str, tuple[str, str]] = {  # base operator -> (one value, several values)
    "StringEquals": ("=", "in"),
    "StringNotEquals": ("!=", "not in"),
    "StringEqualsIgnoreCase": ("= (any case)", "in (any case)"),
    "StringNotEqualsIgnoreCase": ("!= (any case)", "not in (any case)"),
    "StringLike": ("like", "like one of"),
    "StringNotLike": ("not like", "like none of"),
    "NumericEquals": ("=", "in"),
    "NumericNotEquals": ("!=", "not in"),
    "NumericLessThan": ("<", "< one of"),
    "NumericLessThanEquals": ("<=", "<= one of"),
    "NumericGreaterThan": (">", "> one of"),
    "NumericGreaterThanEquals": (">=", ">= one of"),
    "DateEquals": ("=", "in"),
    "DateNotEquals": ("!=", "not in"),
    "DateLessThan": ("before", "before one of"),
    "DateLessThanEquals": ("at or before", "at or before one of"),
    "DateGreaterThan": ("after", "after one of"),
    "DateGreaterThanEquals": ("at or after", "at or after one of"),
    "Bool": ("is", "is one of"),
    "BinaryEquals": ("=", "in"),
    "IpAddress": ("in", "in"),
    "NotIpAddress": ("not in", "not in"),
    "ArnEquals": ("=", "in"),
    "ArnLike": ("like", "like one of"),
    "ArnNotEquals": ("!=", "not in"),
    "ArnNotLike": ("not like", "like none of"),
}
_BARE = ("Bool", "IpAddress", "NotIpAddress")


def text(c: ast.ConditionClause) -> str:
    """One clause in words; the key as written in the policy."""
    values = [v.as_text() for v in c.values]
    op = c.operator
    if op.base == "Null":
        absent = values == ["true"]
        body = f"{c.key} is {'absent' if absent else 'present'}" if len(values) == 1 else f"{c.key} Null {values}"
    else:
        one, many = _WORDS.get(op.base, (op.base, op.base))
        shown = ", ".join(v if op.base in _BARE else f'"{v}"' for v in values)
        body = f"{c.key} {one if len(values) == 1 else many} {shown}"
    if op.set_op == "ForAllValues":
        body = f"every value of {body}"
    elif op.set_op == "ForAnyValue":
        body = f"some value of {body}"
    if op.if_exists:
        body += " (when present)"
    return body


def clause_json(c: ast.ConditionClause, source: dict[str, Any], statement: ast.Statement) -> dict[str, Any]:
    """The clause as data: operator, key, values, and where it is written."""
    return {
        "text": text(c),
        "operator": c.operator_text,
        "key": c.key,
        "values": [v.value for v in c.values],
        **source,
        "statement": statement.index,
        "sid": statement.sid,
        "location": c.loc.path,
    }
