"""A finite, exact action domain: one representative action per region of the query's action patterns.

Action patterns are globs over ``service:name`` (IAM User Guide, "IAM JSON policy elements: Action").
When every pattern of a query is ``*``, ``service:*``, ``service:prefix*`` or ``service:name`` (true of
almost every real policy), two actions that match exactly the same patterns are indistinguishable by
every policy of the query. Such a set of patterns cuts the names of a service into finitely many
regions, and this module picks one name in each: every literal name, and for each prefix ``p`` (and the
empty prefix) a name ``p + x`` that starts no longer prefix and is no literal. Any name ``n`` shares its
region with one of them: ``n`` itself when it is a literal, else ``q + x`` where ``q`` is the longest
prefix of ``n`` among the patterns. Services the patterns do not name (when the query does not restrict
the service) share one representative, ``keyaki-unlisted:x``.

The action then becomes an integer index, each pattern a set of indices (computed with the concrete
matcher, ``keyaki.iam.wildcard.glob``), and the solver never sees a string for it. Any other pattern
(``?``, a ``*`` inside a name or a service) leaves the query in the string encoding.

>>> d = ActionDomain.build(["s3:Get*", "s3:GetObject", "s3:*"], frozenset({"s3"}))
>>> d.names
('s3:abortmultipartupload', 's3:getaccelerateconfiguration', 's3:getobject')
"""

from __future__ import annotations

import string
from collections.abc import Iterable
from dataclasses import dataclass, field

import z3

from keyaki.errors import BadInput
from keyaki.iam import reference as ref
from keyaki.iam.wildcard import glob
from keyaki.symbolic.term import Bool, and_, or_

UNLISTED = "keyaki-unlisted"
_ALPHABET = string.ascii_lowercase + string.digits


@dataclass(frozen=True, slots=True)
class ActionDomain:
    """The representative actions of a query (sorted), and the index variable that picks one."""

    names: tuple[str, ...]
    var: z3.ArithRef
    index: dict[str, list[tuple[int, str]]] = field(default_factory=dict, compare=False)

    @classmethod
    def build(cls, patterns: Iterable[str], services: frozenset[str] | None) -> ActionDomain | None:
        """None when some pattern is not of the simple forms (the string encoding is used then)."""
        prefixes: dict[str, set[str]] = {}
        literals: dict[str, set[str]] = {}
        for raw in patterns:
            low = raw.lower()
            if low == "*":
                continue
            svc, sep, name = low.partition(":")
            if not sep or not svc or "*" in svc or "?" in svc or "?" in name or "*" in name[:-1]:
                return None
            if services is not None and svc not in services:
                continue
            bucket = prefixes if name.endswith("*") else literals
            bucket.setdefault(svc, set()).add(name.removesuffix("*"))
        names: set[str] = set()
        all_services = set(prefixes) | set(literals) | set(services or ())
        for svc in all_services:
            pre, lit = prefixes.get(svc, set()), literals.get(svc, set())
            names.update(f"{svc}:{n}" for n in lit)
            known = _known(svc)
            for p in pre | {""}:
                names.add(f"{svc}:{_fresh(p, pre, lit, known)}")
        if services is None:
            names.add(f"{UNLISTED}:x")
        return cls(tuple(sorted(names)), z3.Int("a.index"))

    def match(self, patterns: Iterable[str]) -> Bool:
        """The chosen action matches one of ``patterns``."""
        pats = [p.lower() for p in patterns]
        if "*" in pats:
            return and_()
        hits: set[int] = set()
        for p in pats:
            svc, _, name = p.partition(":")
            for i, cand in self._by_service().get(svc, ()):
                if glob(name, cand):
                    hits.add(i)
        return self._indices(sorted(hits))

    def _by_service(self) -> dict[str, list[tuple[int, str]]]:
        if not self.index:
            for i, n in enumerate(self.names):
                svc, _, name = n.partition(":")
                self.index.setdefault(svc, []).append((i, name))
        return self.index

    def _indices(self, hits: list[int]) -> Bool:
        runs: list[tuple[int, int]] = []
        for i in hits:
            if runs and runs[-1][1] == i - 1:
                runs[-1] = (runs[-1][0], i)
            else:
                runs.append((i, i))
        if len(runs) == 1 and runs[0] == (0, len(self.names) - 1):
            return and_()
        return or_((self.var == lo) if lo == hi else and_(self.var >= lo, self.var <= hi) for lo, hi in runs)

    def domain(self) -> Bool:
        return and_(self.var >= 0, self.var < len(self.names))


def _known(svc: str) -> tuple[str, ...]:
    """The service's documented action names, lower-case (witnesses read better with real names)."""
    try:
        return tuple(sorted(ref.service(svc).actions))
    except BadInput:
        return ()


def _fresh(p: str, prefixes: set[str], literals: set[str], known: tuple[str, ...] = ()) -> str:
    """A name ``p + x`` (non-empty) that starts no longer prefix and is no literal; a documented
    action name when one fits."""
    longer = [q for q in prefixes if len(q) > len(p) and q.startswith(p)]
    for cand in known:
        if cand.startswith(p) and cand != p and cand not in literals and not any(cand.startswith(q) for q in longer):
            return cand
    for n in range(1, 4):
        for tail in _words(n):
            cand = p + tail
            if cand not in literals and not any(cand.startswith(q) for q in longer):
                return cand
    raise AssertionError(f"no fresh action name after `{p}`")  # 36**3 names cannot all be taken


def _words(n: int) -> Iterable[str]:
    if n == 1:
        yield from _ALPHABET
        return
    for head in _ALPHABET:
        for rest in _words(n - 1):
            yield head + rest
