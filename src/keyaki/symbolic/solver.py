"""The z3 wrapper: three-valued answers with a timeout, one reused solver, a cache of compiled policies.

Answers are SAT (with a model), UNSAT, or UNKNOWN (timeout, or what z3 itself gives up on, with its
reason). UNKNOWN is never turned into UNSAT by a caller (ARCHITECTURE.md: UNKNOWN is never PASS).

>>> x = z3.Int("x")
>>> Solver(timeout_ms=1000).check([x > 1, x < 3]).status
<Status.SAT: 'SAT'>
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import z3

from keyaki.iam import ast
from keyaki.symbolic.compile import Compiler, PolicyTerm
from keyaki.symbolic.keys import Signature
from keyaki.symbolic.term import Key

DEFAULT_TIMEOUT_MS = 10_000


class Status(StrEnum):
    SAT = "SAT"
    UNSAT = "UNSAT"
    UNKNOWN = "UNKNOWN"


@dataclass(frozen=True, slots=True)
class Answer:
    status: Status
    model: z3.ModelRef | None = None
    reason: str | None = None


class Solver:
    """One z3 solver reused across checks (push/pop), with a timeout per check.

    z3's string solver is erratic: the same query can take 10 ms or 10 s depending on its random
    choices. A check is therefore a short portfolio: the budget is spent on a few attempts with
    different random seeds (1/8, 1/8, 1/4, 1/2 of it), and only when all of them give up is the
    answer UNKNOWN.
    """

    SHARES = (8, 8, 4, 2)

    def __init__(self, timeout_ms: int = DEFAULT_TIMEOUT_MS) -> None:
        self.timeout_ms = timeout_ms
        self._z3 = z3.Solver()

    @contextmanager
    def scope(self, assertions: Iterable[z3.BoolRef]) -> Iterator[None]:
        """Assertions that hold for every :meth:`check` inside the ``with`` block."""
        self._z3.push()
        try:
            for a in assertions:
                self._z3.add(a)
            yield
        finally:
            self._z3.pop()

    def check(self, assertions: Iterable[z3.BoolRef], budget_ms: int | None = None) -> Answer:
        """Decide the conjunction of ``assertions`` within ``budget_ms`` (default: the timeout)."""
        budget = self.timeout_ms if budget_ms is None else max(1, budget_ms)
        s = self._z3
        s.push()
        try:
            for a in assertions:
                s.add(a)
            reason = "unknown"
            for seed, share in enumerate(self.SHARES):
                s.set("timeout", max(1, budget // share))
                s.set("random_seed", seed)
                r = s.check()
                if r == z3.sat:
                    return Answer(Status.SAT, s.model())
                if r == z3.unsat:
                    return Answer(Status.UNSAT)
                reason = s.reason_unknown()
                if reason not in ("canceled", "timeout"):
                    break  # z3 gave up for a reason other than time: another seed will not help
            return Answer(Status.UNKNOWN, reason=f"solver: {'timeout' if reason == 'canceled' else reason}")
        finally:
            s.pop()


@dataclass(frozen=True, slots=True)
class Compiled:
    policy: ast.Policy  # held so that the ``id`` in the cache key stays this policy's
    term: PolicyTerm
    reasons: tuple[str, ...]
    keys: tuple[Key, ...]
    uses_principal: bool


class PolicyCache:
    """Compiled policies, keyed by the policy, the service restriction and the sorts of its keys.

    A compiled term only names z3 constants by fixed names (``a.service``, ``k.<key>.present``…), so
    it is valid in any query whose keys have the same sorts and bounds.
    """

    def __init__(self, limit: int = 4096) -> None:
        self._data: dict[tuple[Any, ...], Compiled] = {}
        self.limit = limit
        self.hits = 0

    def compile(self, comp: Compiler, pol: ast.Policy) -> PolicyTerm:
        """The policy's term in this query's compiler, compiled once per shape."""
        own = Signature.scan([pol]).info
        shape = tuple(sorted((k, _shape(k, comp.sig.info[k])) for k in own))
        domain = comp.req.actions.names if comp.req.actions is not None else None
        key = (id(pol), comp.services, domain, shape)
        found = self._data.get(key)
        if found is not None and found.policy is pol:
            self.hits += 1
            comp.reasons.extend(found.reasons)
            comp.req.uses_principal |= found.uses_principal
            for k in found.keys:
                comp.req.keys.setdefault(k.name, k)
            return found.term
        before, n_reasons = set(comp.req.keys), len(comp.reasons)
        used, comp.req.uses_principal = comp.req.uses_principal, False
        term = comp.policy(pol)
        mine = comp.req.uses_principal
        comp.req.uses_principal |= used
        new_keys = tuple(k for name, k in comp.req.keys.items() if name not in before or name in own)
        if len(self._data) < self.limit:
            self._data[key] = Compiled(pol, term, tuple(comp.reasons[n_reasons:]), new_keys, mine)
        return term


def _shape(name: str, info: Any) -> tuple[Any, ...]:
    return (info.sort, info.multi, info.clauses if info.multi else 0, info.scale, info.problem(name))
