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
matcher, ``keyaki.iam.wildcard.glob``), and the solver never sees a string for it. For a service with
other patterns (``?``, a ``*`` inside a name) the regions are not given by prefixes: its documented
actions are representatives, and z3 is asked, over one regular expression per region, for a name
outside every region found so far until there is none (exact; if it gives up, the query says so).
A ``*`` or ``?`` in a service name leaves the query in the string encoding.

>>> d = ActionDomain.build(["s3:Get*", "s3:GetObject", "s3:*"], frozenset({"s3"}))
>>> d.names
('s3:abortmultipartupload', 's3:getaccelerateconfiguration', 's3:getobject')
"""

from __future__ import annotations

import string
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import z3

from keyaki.errors import BadInput
from keyaki.iam import reference as ref
from keyaki.iam.wildcard import glob, tokenize
from keyaki.symbolic.patterns import regex
from keyaki.symbolic.term import Bool, and_, or_

UNLISTED = "keyaki-unlisted"
_ALPHABET = string.ascii_lowercase + string.digits


@dataclass(frozen=True, slots=True)
class ActionDomain:
    """The representative actions of a query (sorted), and the index variable that picks one."""

    names: tuple[str, ...]
    var: z3.ArithRef
    index: dict[str, list[tuple[int, str]]] = field(default_factory=dict, compare=False)
    # services with inner-wildcard patterns: their documented actions are added as representatives,
    # which is exact only over documented actions (the compiler turns this into a reason)
    approximate: frozenset[str] = frozenset()

    @classmethod
    def build(cls, patterns: Iterable[str], services: frozenset[str] | None) -> ActionDomain | None:
        """None when some pattern has a wildcard in its service (the string encoding is used then)."""
        return cls.build_groups([tuple(patterns)], services)

    @classmethod
    def build_groups(
        cls, groups: Iterable[tuple[str, ...]], services: frozenset[str] | None
    ) -> ActionDomain | None:
        """:meth:`build` over several groups of patterns (one per policy: each is parsed once)."""
        parts = [_parse(g) for g in groups]
        if any(p is None for p in parts):
            return None
        parsed = _merge([p for p in parts if p is not None])
        keep = (lambda svc: True) if services is None else services.__contains__
        inner = {svc for svc in parsed.inner if keep(svc)}
        names: set[str] = {f"{svc}:{n}" for svc in inner for n in _known(svc)}
        all_services = {svc for svc in (*parsed.prefixes, *parsed.literals) if keep(svc)} | set(services or ())
        for svc in all_services:
            pre, lit = parsed.prefixes.get(svc, frozenset()), parsed.literals.get(svc, frozenset())
            names.update(f"{svc}:{n}" for n in lit)
            known = _known(svc)
            for p in pre | {""}:
                names.add(f"{svc}:{_fresh(p, set(pre), set(lit), known)}")
        approximate: set[str] = set()
        for svc in sorted(inner):
            patterns = sorted({*(p + "*" for p in parsed.prefixes.get(svc, ())), *parsed.literals.get(svc, ()),
                               *parsed.inner[svc]})  # fmt: skip
            mine = sorted(n.partition(":")[2] for n in names if n.partition(":")[0] == svc)
            extra, exact = _complete(tuple(patterns), tuple(mine))
            names.update(f"{svc}:{n}" for n in extra)
            if not exact:
                approximate.add(svc)
        if services is None:
            names.add(f"{UNLISTED}:x")
        return cls(tuple(sorted(names)), z3.Int("a.index"), approximate=frozenset(approximate))

    def match(self, patterns: Iterable[str]) -> Bool:
        """The chosen action matches one of ``patterns``."""
        grouped = _group(tuple(patterns))
        if grouped is None:
            return and_()  # `*` is among them
        hits: set[int] = set()
        index = self._by_service()
        for svc, pats in grouped.items():
            cands = index.get(svc)
            if not cands:
                continue
            for kind, name in pats:
                if kind == "prefix":
                    hits.update(i for i, cand in cands if cand.startswith(name))
                elif kind == "literal":
                    hits.update(i for i, cand in cands if cand == name)
                else:
                    hits.update(i for i, cand in cands if glob(name, cand))
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


@dataclass(frozen=True, slots=True)
class _Parsed:
    prefixes: dict[str, frozenset[str]]
    literals: dict[str, frozenset[str]]
    inner: dict[str, frozenset[str]]  # service -> its name patterns with an inner `*` or a `?`


# Pure functions of their (hashable) arguments, cached because one policy's patterns (thousands in
# ReadOnlyAccess) are read again for every query: answers never depend on the cache.
@lru_cache(maxsize=256)
def _parse(patterns: tuple[str, ...]) -> _Parsed | None:
    prefixes: dict[str, set[str]] = {}
    literals: dict[str, set[str]] = {}
    inner: dict[str, set[str]] = {}
    for raw in patterns:
        low = raw.lower()
        if low == "*":
            continue
        svc, sep, name = low.partition(":")
        if not sep or not svc or "*" in svc or "?" in svc:
            return None
        if "?" in name or "*" in name[:-1]:
            inner.setdefault(svc, set()).add(name)
            continue
        bucket = prefixes if name.endswith("*") else literals
        bucket.setdefault(svc, set()).add(name.removesuffix("*"))
    return _Parsed(
        {k: frozenset(v) for k, v in prefixes.items()},
        {k: frozenset(v) for k, v in literals.items()},
        {k: frozenset(v) for k, v in inner.items()},
    )


@lru_cache(maxsize=1024)
def _group(patterns: tuple[str, ...]) -> dict[str, list[tuple[str, str]]] | None:
    """Patterns by service, each as (``prefix``/``literal``/``glob``, name); None when ``*`` is one."""
    out: dict[str, list[tuple[str, str]]] = {}
    for raw in patterns:
        low = raw.lower()
        if low == "*":
            return None
        svc, _, name = low.partition(":")
        if name.endswith("*") and "*" not in name[:-1] and "?" not in name:
            out.setdefault(svc, []).append(("prefix", name[:-1]))
        elif "*" not in name and "?" not in name:
            out.setdefault(svc, []).append(("literal", name))
        else:
            out.setdefault(svc, []).append(("glob", name))
    return out


def _merge(parts: list[_Parsed]) -> _Parsed:
    prefixes: dict[str, frozenset[str]] = {}
    literals: dict[str, frozenset[str]] = {}
    inner: dict[str, frozenset[str]] = {}
    for p in parts:
        for into, src in ((prefixes, p.prefixes), (literals, p.literals), (inner, p.inner)):
            for k, v in src.items():
                into[k] = into.get(k, frozenset()) | v
    return _Parsed(prefixes, literals, inner)


# The time to find the regions of one service's patterns. Patterns like `*job*`, `*model*`… cut names
# into up to 2^n regions: past this budget the query says so (and falls back to action strings).
COMPLETE_BUDGET_MS = 1_000


@lru_cache(maxsize=256)
def _complete(patterns: tuple[str, ...], names: tuple[str, ...]) -> tuple[tuple[str, ...], bool]:
    """More names so that every region of ``patterns`` (the sets of them a name can match exactly)
    has one, and whether that is proven. The solver is asked for a name outside every region seen so
    far (one regular expression: z3 is slow on a disjunction of memberships), until there is none
    (exact) or it gives up (then only the names found are searched, and the caller says so)."""
    x = z3.String("n")
    regexes = [regex(list(tokenize(p, variables=False))) for p in patterns]
    word = z3.Plus(z3.Union(z3.Range("a", "z"), z3.Range("0", "9")))
    seen: dict[tuple[bool, ...], z3.ReRef] = {}
    for n in names:
        _region(regexes, patterns, n, seen)
    extra: list[str] = []
    deadline = time.monotonic() + COMPLETE_BUDGET_MS / 1000
    for _ in range(64):
        left_ms = int((deadline - time.monotonic()) * 1000)
        if left_ms <= 0:
            break
        solver = z3.Solver()
        solver.set("timeout", left_ms)
        solver.add(z3.InRe(x, z3.Intersect(word, z3.Complement(_union(list(seen.values()))))))
        r = solver.check()
        if r == z3.unsat:
            return tuple(extra), True
        if r != z3.sat:
            break
        found = solver.model().eval(x, model_completion=True).as_string()
        if not _region(regexes, patterns, found, seen):
            break  # the solver and the matcher disagree on this name: stop, say it is not proven
        extra.append(found)
    return tuple(extra), False


def _region(
    regexes: list[z3.ReRef], patterns: tuple[str, ...], name: str, seen: dict[tuple[bool, ...], z3.ReRef]
) -> bool:
    """Add the region of ``name`` (the names matching exactly the patterns it matches); False when seen."""
    vector = tuple(glob(p, name) for p in patterns)
    if vector in seen:
        return False
    parts = [r if hit else z3.Complement(r) for r, hit in zip(regexes, vector, strict=True)]
    seen[vector] = parts[0] if len(parts) == 1 else z3.Intersect(*parts)
    return True


def _union(res: list[z3.ReRef]) -> z3.ReRef:
    if not res:
        return z3.Empty(z3.ReSort(z3.StringSort()))
    return res[0] if len(res) == 1 else z3.Union(*res)


@lru_cache(maxsize=512)
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
