"""Exact sets of addresses and ports: sorted, disjoint integer intervals, and boxes of two of them.

IPv4 and IPv6 share one integer line: an IPv4 address is its 32-bit value, an IPv6 address is
``V6_BASE`` plus its 128-bit value. A rule for ``0.0.0.0/0`` therefore never matches IPv6 traffic,
and ``::/0`` never matches IPv4, exactly as security group and network ACL rules behave
(https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html).

>>> s = IntervalSet.of(cidr_span("10.0.0.0/8")) - IntervalSet.of(cidr_span("10.1.0.0/16"))
>>> to_cidrs(s)[:2]
['10.0.0.0/16', '10.2.0.0/15']
>>> to_cidrs(IntervalSet.of(cidr_span("::/0")) | IntervalSet.of(cidr_span("0.0.0.0/0")))
['0.0.0.0/0', '::/0']
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

V6_BASE = 1 << 32
V4_ALL = (0, V6_BASE - 1)
V6_ALL = (V6_BASE, V6_BASE + (1 << 128) - 1)
PORT_ALL = (0, 65535)

Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class IntervalSet:
    """A set of integers as sorted, disjoint, non-adjacent inclusive spans."""

    spans: tuple[Span, ...] = ()

    @staticmethod
    def of(*spans: Span) -> IntervalSet:
        return IntervalSet.union_of(spans)

    @staticmethod
    def union_of(spans: Iterable[Span]) -> IntervalSet:
        out: list[Span] = []
        for lo, hi in sorted(s for s in spans if s[0] <= s[1]):
            if out and lo <= out[-1][1] + 1:
                if hi > out[-1][1]:
                    out[-1] = (out[-1][0], hi)
            else:
                out.append((lo, hi))
        return IntervalSet(tuple(out))

    def __bool__(self) -> bool:
        return bool(self.spans)

    def __iter__(self) -> Iterator[Span]:
        return iter(self.spans)

    def __contains__(self, x: object) -> bool:
        return isinstance(x, int) and any(lo <= x <= hi for lo, hi in self.spans)

    def __or__(self, other: IntervalSet) -> IntervalSet:
        if not other.spans:
            return self
        if not self.spans:
            return other
        return IntervalSet.union_of(self.spans + other.spans)

    def __and__(self, other: IntervalSet) -> IntervalSet:
        a, b = self.spans, other.spans
        if not a or not b or a[-1][1] < b[0][0] or b[-1][1] < a[0][0]:
            return EMPTY
        if len(b) == 1:  # the common case: a set against one CIDR or one port range
            blo, bhi = b[0]
            if blo <= a[0][0] and a[-1][1] <= bhi:
                return self
            clipped = tuple((max(lo, blo), min(hi, bhi)) for lo, hi in a if lo <= bhi and blo <= hi)
            return IntervalSet(clipped) if clipped else EMPTY
        if len(a) == 1:
            return other & self
        out, i, j = [], 0, 0
        while i < len(a) and j < len(b):
            lo, hi = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
            if lo <= hi:
                out.append((lo, hi))
            if a[i][1] < b[j][1]:
                i += 1
            else:
                j += 1
        return IntervalSet(tuple(out))

    def __sub__(self, other: IntervalSet) -> IntervalSet:
        out: list[Span] = []
        b, j = other.spans, 0
        for lo, hi in self.spans:
            cur = lo
            while j < len(b) and b[j][1] < cur:
                j += 1
            k = j
            while k < len(b) and b[k][0] <= hi and cur <= hi:
                if b[k][0] > cur:
                    out.append((cur, b[k][0] - 1))
                cur = max(cur, b[k][1] + 1)
                k += 1
            if cur <= hi:
                out.append((cur, hi))
        return IntervalSet(tuple(out))

    def size(self) -> int:
        return sum(hi - lo + 1 for lo, hi in self.spans)

    def port_ranges(self) -> list[list[int]]:
        """``[[from, to], ...]`` as the JSON output shows port ranges."""
        return [[lo, hi] for lo, hi in self.spans]


EMPTY = IntervalSet()


@dataclass(frozen=True, slots=True)
class Box:
    """A product set: source addresses × destination ports."""

    src: IntervalSet
    ports: IntervalSet

    def __bool__(self) -> bool:
        return bool(self.src) and bool(self.ports)

    def __and__(self, other: Box) -> Box:
        ports = self.ports & other.ports
        return Box(self.src & other.src, ports) if ports else Box(EMPTY, EMPTY)

    def split(self, other: Box) -> tuple[Box | None, list[Box]]:
        """``(self ∩ other, self - other)``, the difference as at most two disjoint boxes."""
        ports = self.ports & other.ports
        if not ports:
            return None, [self]
        src = self.src & other.src
        if not src:
            return None, [self]
        rest = [Box(self.src - other.src, self.ports), Box(src, self.ports - other.ports)]
        return Box(src, ports), [b for b in rest if b]

    def minus(self, other: Box) -> list[Box]:
        """``self - other`` as at most two disjoint boxes."""
        common_src = self.src & other.src
        if not common_src:
            return [self]
        common_ports = self.ports & other.ports
        if not common_ports:
            return [self]
        out = [Box(self.src - other.src, self.ports), Box(common_src, self.ports - other.ports)]
        return [b for b in out if b]


@lru_cache(maxsize=65536)
def cidr_span(cidr: str) -> Span:
    """The integer span of an IPv4 or IPv6 CIDR (or a bare address).

    >>> cidr_span("10.0.0.0/31")
    (167772160, 167772161)
    """
    net = ipaddress.ip_network(cidr.strip(), strict=False)
    base = V6_BASE if net.version == 6 else 0
    return base + int(net.network_address), base + int(net.broadcast_address)


def address_int(address: str) -> int:
    """One address on the shared integer line."""
    ip = ipaddress.ip_address(address.strip())
    return (V6_BASE if ip.version == 6 else 0) + int(ip)


def int_address(x: int) -> str:
    return str(ipaddress.IPv6Address(x - V6_BASE)) if x >= V6_BASE else str(ipaddress.IPv4Address(x))


def cidrs_set(cidrs: Iterable[str]) -> IntervalSet:
    return IntervalSet.union_of(cidr_span(c) for c in cidrs)


def to_cidrs(s: IntervalSet) -> list[str]:
    """The fewest CIDRs covering exactly ``s`` (IPv4 first)."""
    out: list[str] = []
    for lo, hi in s.spans:
        for part_lo, part_hi in ((lo, min(hi, V4_ALL[1])), (max(lo, V6_BASE), hi)):
            if part_lo > part_hi:
                continue
            if part_lo >= V6_BASE:
                first: ipaddress.IPv4Address | ipaddress.IPv6Address = ipaddress.IPv6Address(part_lo - V6_BASE)
                last: ipaddress.IPv4Address | ipaddress.IPv6Address = ipaddress.IPv6Address(part_hi - V6_BASE)
            else:
                first, last = ipaddress.IPv4Address(part_lo), ipaddress.IPv4Address(part_hi)
            out.extend(str(n) for n in ipaddress.summarize_address_range(first, last))
    return out


def prefix_len(cidr: str) -> int:
    return ipaddress.ip_network(cidr.strip(), strict=False).prefixlen


def summarize(s: IntervalSet, limit: int = 4) -> str:
    """Sources for people: a family's whole range minus a few exceptions reads better than 16 CIDRs.

    >>> summarize(IntervalSet.of(V4_ALL) - IntervalSet.of(cidr_span("10.0.0.0/16")))
    '0.0.0.0/0 except 10.0.0.0/16'
    """
    parts = []
    for fam, name in ((V4_ALL, "0.0.0.0/0"), (V6_ALL, "::/0")):
        mine = s & IntervalSet.of(fam)
        if not mine:
            continue
        cidrs, missing = to_cidrs(mine), to_cidrs(IntervalSet.of(fam) - mine)
        if len(missing) < len(cidrs):
            parts.append(name + (f" except {', '.join(missing[:limit])}" if missing else ""))
        else:
            parts.append(", ".join(cidrs[:limit]) + (" …" if len(cidrs) > limit else ""))
    return "; ".join(parts) or "nothing"
