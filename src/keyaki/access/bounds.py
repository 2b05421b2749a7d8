"""Concrete bounds of a question with free parts: the most and the least a request could be allowed.

A who-can question fixes the principal, the action and the resource; what stays free is the part of
the request context the snapshot cannot know (``aws:SourceIp``, ``aws:SecureTransport``,
``sts:ExternalId``…) and, for an S3 bucket's objects, the object key. Authorization ("Policy
evaluation logic", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html)
is monotone: more ``Allow`` statements applying never removes an allow, more ``Deny`` statements never
adds one. So:

- the *upper* bound keeps every ``Allow`` statement that could apply for some value of the free parts
  (its free condition clauses dropped, its resource widened to ``*`` when some object may match) and
  drops every ``Deny`` statement that depends on a free part;
- the *lower* bound does the opposite.

If the upper bound is not ``allowed``, no context allows the request (absent); if the lower bound is
``allowed``, every context does (always). Only when they differ is the solver asked (``engine``).

>>> from keyaki.iam.parse import parse_policy
>>> pol = parse_policy({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject",
...     "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}}]})
>>> len(bound(pol, Free(frozenset()), upper=True).statements[0].conditions)
0
>>> len(bound(pol, Free(frozenset()), upper=False).statements)
0
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Enum
from functools import lru_cache

from keyaki.iam import ast
from keyaki.iam.reference import globs_intersect
from keyaki.symbolic.keys import DERIVED

_STAR = ast.ValueList((ast.Value("*"),))


class Cover(Enum):
    ALL = "all"  # matches every request of the space
    SOME = "some"  # matches some requests of the space (depends on a free part)
    NONE = "none"


@dataclass(frozen=True, slots=True)
class Free:
    """What is free in a question: context keys not in ``fixed`` (lower-case), and the object key of
    ``object_prefix`` (``arn:aws:s3:::bucket/``) when the resource is any object of a bucket."""

    fixed: frozenset[str]
    object_prefix: str | None = None
    never: frozenset[tuple[str, str]] = frozenset()  # (key lower-case, value) a free key cannot take

    def key_is_free(self, key: str) -> bool:
        low = key.lower()
        return low not in self.fixed and low not in DERIVED


_EQUALS = ("StringEquals", "ArnEquals")


def clause_impossible(c: ast.ConditionClause, free: Free) -> bool:
    """A clause that holds only for values the question rules out (``StringEquals`` on an excluded
    value, e.g. the organisation's own id for an external principal): its statement never applies."""
    op = c.operator
    if not free.never or op.base not in _EQUALS or op.if_exists or op.set_op == "ForAllValues":
        return False
    key = c.key.lower()
    if not free.key_is_free(key):
        return False
    return bool(c.values) and all("${" not in v.as_text() and (key, v.as_text()) in free.never for v in c.values)


def clause_is_free(c: ast.ConditionClause, free: Free, variables: bool) -> bool:
    """A condition clause whose outcome depends on a free key (its own or a variable in its values)."""
    if free.key_is_free(c.key):
        return True
    return variables and any("${" in v.as_text() for v in c.values)


def resource_cover(vl: ast.ValueList, free: Free, variables: bool) -> Cover:
    """How the patterns of a ``Resource``/``NotResource`` cover the request's resource space.

    Only called when something is free about it: an object space, or policy variables."""
    return _cover(vl.texts(), free.object_prefix, variables)


@lru_cache(maxsize=4096)
def _cover(texts: tuple[str, ...], object_prefix: str | None, variables: bool) -> Cover:
    best = Cover.NONE
    free = Free(frozenset(), object_prefix)
    for text in texts:
        has_var = variables and "${" in text
        if text == "*":
            return Cover.ALL
        if free.object_prefix is None:
            if has_var:
                best = Cover.SOME
            continue
        head = text[:-1] if text.endswith("*") else None
        if (
            head is not None
            and not has_var
            and "*" not in head
            and "?" not in head
            and free.object_prefix.startswith(head)
        ):
            return Cover.ALL
        glob = text.replace("${", "*").replace("}", "*") if has_var else text
        if globs_intersect(glob, free.object_prefix + "*"):
            best = Cover.SOME
    return best


def _resource_free(st: ast.Statement, free: Free, variables: bool) -> bool:
    if free.object_prefix is not None:
        return st.resource is not None or st.not_resource is not None
    vl = st.resource or st.not_resource
    return variables and vl is not None and any("${" in t for t in vl.texts())


def _statement(st: ast.Statement, free: Free, variables: bool, widen: bool) -> ast.Statement | None:
    """``widen``: make the statement apply as often as possible; else as rarely as possible."""
    if free.never and any(clause_impossible(c, free) for c in st.conditions):
        return None  # it never applies, whatever the free parts
    free_clauses = [c for c in st.conditions if clause_is_free(c, free, variables)]
    if not _resource_free(st, free, variables):
        if not free_clauses:
            return st
        if not widen:
            return None
        return replace(st, conditions=tuple(c for c in st.conditions if c not in free_clauses))
    if st.not_resource is not None:
        cover = Cover.SOME  # some object names may fall outside the listed patterns
    else:
        assert st.resource is not None
        cover = resource_cover(st.resource, free, variables)
    if cover is Cover.NONE:
        return None
    if not widen and (cover is Cover.SOME or free_clauses):
        return None
    kept = tuple(c for c in st.conditions if c not in free_clauses)
    return replace(st, resource=_STAR, not_resource=None, conditions=kept)


def bound(pol: ast.Policy, free: Free, *, upper: bool) -> ast.Policy:
    """The policy with every free part resolved the way that allows most (``upper``) or least."""
    variables = pol.allows_variables
    out: list[ast.Statement] = []
    changed = False
    for st in pol.statements:
        widen = upper if st.effect is ast.Effect.ALLOW else not upper
        new = _statement(st, free, variables, widen)
        changed |= new is not st
        if new is not None:
            out.append(new)
    return replace(pol, statements=tuple(out)) if changed else pol


def has_free_part(pol: ast.Policy, free: Free) -> bool:
    variables = pol.allows_variables
    return any(
        _resource_free(st, free, variables) or any(clause_is_free(c, free, variables) for c in st.conditions)
        for st in pol.statements
    )
