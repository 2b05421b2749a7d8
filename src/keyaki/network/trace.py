"""Render reachability answers: the hop list with the rule that admits traffic at each hop, or the
blocking hops and why (in the manner of VPC Reachability Analyzer's explanations:
https://docs.aws.amazon.com/vpc/latest/reachability/explanation-codes.html).
"""

from __future__ import annotations

from typing import Any

from keyaki.network.ipset import IntervalSet, to_cidrs
from keyaki.network.model import PROTOCOL_NAMES, AclEntry, Route, SgRule
from keyaki.network.reach import LOCAL_REASON, Block, Hop, Piece


def rule_json(ref: Route | AclEntry | SgRule | None) -> dict[str, Any] | None:
    """The structured form of the rule a hop used."""
    match ref:
        case Route():
            return {"destination": ref.destination, "target": ref.target_id, "state": ref.state}
        case AclEntry():
            return {"rule_number": ref.number, "egress": ref.egress, "protocol": _proto(ref.protocol),
                    "action": "allow" if ref.allow else "deny", "cidr": ref.cidr,
                    "ports": list(ref.ports) if ref.ports else None}
        case SgRule():
            return {"group_id": ref.group_id, "protocol": _proto(ref.protocol), "from_port": ref.from_port,
                    "to_port": ref.to_port, "cidrs": list(ref.cidrs), "prefix_lists": list(ref.prefix_lists),
                    "groups": list(ref.groups)}
        case _:
            return None


def _proto(p: str) -> str:
    return {"-1": "all", **PROTOCOL_NAMES}.get(p, p)


def hop_json(hops: list[Hop]) -> dict[str, Any]:
    """One path entry: a component and every rule of it that admits part of the traffic."""
    first = hops[0]
    rules = [r for r in (rule_json(h.ref) for h in hops) if r is not None]
    out: dict[str, Any] = {"component": first.component, "id": first.id}
    if first.direction:
        out["direction"] = first.direction
    out["rule"] = "; ".join(dict.fromkeys(h.rule for h in hops))
    if rules:
        out["rules"] = rules
    return out


def path_json(pieces: list[Piece]) -> list[dict[str, Any]]:
    """The hop list shared by ``pieces``: per position, per component id, the rules that admit traffic."""
    width = max((len(p.hops) for p in pieces), default=0)
    out: list[dict[str, Any]] = []
    for i in range(width):
        by_id: dict[tuple[str, str, str], list[Hop]] = {}
        for p in pieces:
            if i < len(p.hops):
                h = p.hops[i]
                group = by_id.setdefault((h.component, h.id, h.direction), [])
                if h not in group:
                    group.append(h)
        out.extend(hop_json(hops) for hops in by_id.values())
    return out


def sources_of(pieces: list[Piece]) -> IntervalSet:
    return IntervalSet.union_of(s for p in pieces for s in p.box.src.spans)


def ports_of(pieces: list[Piece]) -> IntervalSet:
    return IntervalSet.union_of(s for p in pieces for s in p.box.ports.spans)


def blocks_json(blocks: list[Block]) -> list[dict[str, Any]]:
    """Where traffic stops: each blocking component, the rule or reason, and the sources it stops."""
    grouped: dict[tuple[str, str, str], list[Block]] = {}
    for b in blocks:
        grouped.setdefault((b.hop.component, b.hop.id, b.reason), []).append(b)
    out = []
    for (component, rid, reason), bs in grouped.items():
        entry: dict[str, Any] = {"component": component, "id": rid, "reason": reason}
        rule = rule_json(bs[0].hop.ref)
        if rule:
            entry["rule"] = rule
        if bs[0].hop.unmodelled:
            entry["undecided"] = True
        entry["sources"] = to_cidrs(IntervalSet.union_of(s for b in bs for s in b.box.src.spans))
        entry["ports"] = IntervalSet.union_of(s for b in bs for s in b.box.ports.spans).port_ranges()
        out.append(entry)
    out.sort(key=lambda e: e["reason"].startswith(LOCAL_REASON))  # "inside the VPC" is the least interesting
    return out
