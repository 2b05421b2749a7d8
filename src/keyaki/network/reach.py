"""Exact reachability from the internet: set arithmetic over source addresses × destination ports.

No sampling: each hop is a first-match list of rules over boxes (address set × port set), and the
answer is the exact set of (source, port) pairs that pass every hop, each piece carrying the rule
that admitted it at every hop. Semantics (AWS documentation is the spec):

- Internet gateway: an instance is reachable over IPv4 only through a public IPv4 address
  (auto-assigned or Elastic IP) and over IPv6 through its IPv6 address, and only when the VPC has an
  attached internet gateway and the subnet routes the *source* back to that gateway (longest prefix
  match): https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Internet_Gateway.html,
  https://docs.aws.amazon.com/vpc/latest/userguide/route-tables-priority.html. An egress-only
  internet gateway never admits connections initiated from the internet:
  https://docs.aws.amazon.com/vpc/latest/userguide/egress-only-internet-gateway.html.
- Network ACLs are stateless and evaluated in rule-number order, first match wins; the response
  must pass the outbound rules towards the client's ephemeral ports (1024-65535):
  https://docs.aws.amazon.com/vpc/latest/userguide/nacl-rules.html,
  https://docs.aws.amazon.com/vpc/latest/userguide/nacl-ephemeral-ports.html. The client chooses its
  source port, so the return passes when *some* ephemeral port is allowed back.
- Security groups are stateful and allow-only; a rule that references a group admits only traffic
  from network interfaces in that group, never internet sources:
  https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html.
- Only running instances receive traffic:
  https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ec2-instance-lifecycle.html.

>>> from keyaki.network.ipset import IntervalSet, Box, cidrs_set, PORT_ALL
>>> rules = [Rule(Box(cidrs_set(["10.0.0.0/8"]), IntervalSet.of(PORT_ALL)), False, Hop("network-acl", "a", "deny")),
...          Rule(Box(cidrs_set(["0.0.0.0/0"]), IntervalSet.of((22, 22))), True, Hop("network-acl", "a", "allow 22"))]
>>> start = [Piece(Box(cidrs_set(["0.0.0.0/0"]), IntervalSet.of((22, 22))), ())]
>>> passed, blocked = apply_rules(start, rules, Hop("network-acl", "a", "implicit deny"))
>>> [len(p.box.src.spans) for p in passed]
[2]
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from keyaki.network.ipset import (
    EMPTY,
    PORT_ALL,
    V4_ALL,
    V6_ALL,
    Box,
    IntervalSet,
    cidr_span,
    cidrs_set,
    prefix_len,
)
from keyaki.network.model import AclEntry, Eni, NetworkAcl, Region, Route, RouteTable, SgRule

EPHEMERAL = (1024, 65535)
# route targets whose far side keyaki does not model: an answer stopped there is undecided, not "unreachable"
UNMODELLED_TARGETS = frozenset({"tgw", "eni", "instance", "vpce", "local-gateway", "carrier", "core-network", "other"})
ALL_PORTS = IntervalSet.of(PORT_ALL)
NO_ROUTE = "no route back to the source"
LOCAL_REASON = "the source is inside the VPC"


@dataclass(frozen=True, slots=True)
class Hop:
    """One component traffic passes (or is stopped by), and the rule that decides."""

    component: str  # internet-gateway, route-table, network-acl, security-group, load-balancer, ...
    id: str
    rule: str
    ref: Route | AclEntry | SgRule | None = None
    direction: str = ""  # "inbound", "outbound (return)"
    unmodelled: bool = False  # traffic stopped here may pass through something keyaki does not model


NO_GROUP = Hop("security-group", "", "not admitted by this group", None, "inbound")


@dataclass(frozen=True, slots=True)
class Rule:
    box: Box
    allow: bool
    hop: Hop


@dataclass(frozen=True, slots=True)
class Piece:
    """A box of traffic that passed every hop so far, with the hops that admitted it."""

    box: Box
    hops: tuple[Hop, ...]


@dataclass(frozen=True, slots=True)
class Block:
    """Traffic stopped at a hop, and why."""

    box: Box
    hop: Hop
    reason: str


def apply_rules(pieces: Iterable[Piece], rules: Sequence[Rule], default: Hop, reason: str = "") -> tuple[
        list[Piece], list[Block]]:
    """First-match evaluation of ``rules`` over every piece: what passes (with the rule) and what is blocked."""
    passed: list[Piece] = []
    blocked: list[Block] = []
    for piece in pieces:
        remaining = [piece.box]
        for rule in rules:
            if not remaining:
                break
            nxt: list[Box] = []
            for box in remaining:
                hit, rest = box.split(rule.box)
                if hit is not None:
                    if rule.allow:
                        passed.append(Piece(hit, (*piece.hops, rule.hop)))
                    else:
                        blocked.append(Block(hit, rule.hop, reason or rule.hop.rule))
                nxt.extend(rest)
            remaining = nxt
        blocked.extend(Block(b, default, reason or default.rule) for b in remaining)
    return passed, blocked


# ---- rule lists for each kind of hop ---------------------------------------------------------------

def _route_reason(route: Route, igw: str) -> str:
    if route.state == "blackhole":
        return f"the return route {route.describe()} is a blackhole"
    match route.target_kind:
        case "local":
            return f"{LOCAL_REASON} (local route): not internet traffic"
        case "eigw":
            return f"the return route goes to egress-only internet gateway `{route.target_id}`, which does not " \
                   "admit connections initiated from the internet"
        case "gateway-endpoint":
            return f"the return route goes to gateway endpoint `{route.target_id}` (an AWS service), not the internet"
        case "nat":
            return f"the return route goes to NAT gateway `{route.target_id}`, which does not admit inbound connections"
        case kind if kind in UNMODELLED_TARGETS:
            return f"the return route {route.describe()} goes to {kind} `{route.target_id}`: what lies beyond is " \
                   "not modelled"
        case _:
            to = f"internet gateway `{igw}`" if igw else "an internet gateway (none attached)"
            return f"the return route {route.describe()} does not go to {to}"


def route_rules(rt: RouteTable, igw: str, prefix_lists: dict[str, tuple[str, ...]]) -> list[Rule]:
    """The route table as first-match rules over sources: longest prefix first (CIDR before prefix list).

    An allowing rule is an active route to the VPC's own internet gateway.
    """
    ranked: list[tuple[int, int, IntervalSet, Route]] = []
    for route in rt.routes:
        cidrs = prefix_lists.get(route.destination, ()) if route.prefix_list else (route.destination,)
        for c in cidrs:
            try:
                ranked.append((-prefix_len(c), int(route.prefix_list), IntervalSet.of(cidr_span(c)), route))
            except ValueError:
                continue
    ranked.sort(key=lambda t: (t[0], t[1]))
    out = []
    for _, _, src, route in ranked:
        ok = route.state == "active" and route.target_kind == "igw" and route.target_id == igw and bool(igw)
        hop = Hop("route-table", rt.id, f"route {route.describe()}", route, "return")
        blocked = Hop(hop.component, hop.id, _route_reason(route, igw), route, "return",
                      route.target_kind in UNMODELLED_TARGETS and route.state == "active")
        out.append(Rule(Box(src, ALL_PORTS), ok, hop if ok else blocked))
    return out


def acl_rules(acl: NetworkAcl, protocol: str, egress: bool) -> list[Rule]:
    out = []
    direction = "outbound (return)" if egress else "inbound"
    for e in acl.rules(egress):
        if e.protocol not in ("-1", protocol) or not e.cidr:
            continue
        ports = ALL_PORTS if e.ports is None or e.protocol == "-1" else IntervalSet.of(e.ports)
        out.append(Rule(Box(IntervalSet.of(cidr_span(e.cidr)), ports), e.allow,
                        Hop("network-acl", acl.id, e.describe(), e, direction)))
    return out


def return_rules(acl: NetworkAcl, protocol: str, ephemeral: tuple[int, int]) -> list[Rule]:
    """Outbound ACL rules for the response, as rules over *sources*: a source passes when some ephemeral
    port towards it is allowed (the client picks its port)."""
    passed, _ = apply_rules([Piece(Box(IntervalSet.of(V4_ALL, V6_ALL), IntervalSet.of(ephemeral)), ())],
                            acl_rules(acl, protocol, True), Hop("network-acl", acl.id, "implicit deny"))
    out, assigned = [], EMPTY
    for p in passed:
        part = p.box.src - assigned
        if part:
            out.append(Rule(Box(part, ALL_PORTS), True, p.hops[-1]))
            assigned = assigned | part
    return out


def sg_rules(groups: Iterable[SgRule], protocol: str, prefix_lists: dict[str, tuple[str, ...]],
             member_of: frozenset[str] = frozenset()) -> list[Rule]:
    """Inbound security group rules as allow rules; a group reference admits only members of ``member_of``."""
    out = []
    for r in groups:
        if r.protocol not in ("-1", protocol):
            continue
        ports = ALL_PORTS if r.protocol == "-1" or r.from_port < 0 else IntervalSet.of((r.from_port, r.to_port))
        src = cidrs_set([*r.cidrs, *(c for pl in r.prefix_lists for c in prefix_lists.get(pl, ()))])
        if member_of & set(r.groups):
            src = IntervalSet.of(V4_ALL, V6_ALL)
        if src:
            out.append(Rule(Box(src, ports), True, Hop("security-group", r.group_id, r.describe(), r, "inbound")))
    return out


def destination_sources(eni: Eni, igw: str) -> IntervalSet:
    """Which source families can address the ENI from the internet: IPv4 needs a public IPv4, IPv6 an address."""
    spans = []
    if eni.public_ips and igw:
        spans.append(V4_ALL)
    if eni.ipv6 and igw:
        spans.append(V6_ALL)
    return IntervalSet.of(*spans)


@dataclass
class SubnetPlan:
    """The subnet-level hops (return route, ACL inbound, ACL return) for one protocol, computed once."""

    igw: str
    pieces: list[Piece]
    blocks: list[Block]


def subnet_hops(region: Region, subnet_id: str, protocol: str, sources: IntervalSet, ports: IntervalSet,
                ephemeral: tuple[int, int] = EPHEMERAL) -> SubnetPlan:
    """Internet gateway → return route → ACL inbound → ACL outbound (return), for traffic into a subnet."""
    subnet = region.subnets.get(subnet_id)
    vpc = subnet.vpc_id if subnet else ""
    gw = region.igw_of(vpc)
    whole = Box(sources, ports)
    if gw is None:
        return SubnetPlan("", [], [Block(whole, Hop("vpc", vpc, "no internet gateway"), f"no internet gateway is "
                                                                                    f"attached to `{vpc}`")])
    rt, acl = region.route_table_of(subnet_id), region.acl_of(subnet_id)
    if rt is None or acl is None:
        missing = "route table" if rt is None else "network ACL"
        return SubnetPlan(gw.id, [], [Block(whole, Hop("subnet", subnet_id, f"no {missing}"),
                                            f"no {missing} for `{subnet_id}` in the snapshot")])
    start = Hop("internet-gateway", gw.id, f"attached to {vpc}")
    pieces, blocks = apply_rules([Piece(whole, (start,))], route_rules(rt, gw.id, region.prefix_lists),
                                 Hop("route-table", rt.id, NO_ROUTE, None, "return"))
    pieces, b2 = apply_rules(pieces, acl_rules(acl, protocol, False),
                             Hop("network-acl", acl.id, "implicit deny", None, "inbound"))
    reason = f"no outbound rule allows the response to ephemeral ports {ephemeral[0]}-{ephemeral[1]}"
    pieces, b3 = apply_rules(pieces, return_rules(acl, protocol, ephemeral),
                             Hop("network-acl", acl.id, "outbound rules deny the response", None, "outbound (return)"),
                             reason)
    return SubnetPlan(gw.id, pieces, blocks + b2 + b3)


RuleCache = dict[tuple[str, str, frozenset[str]], list[Rule]]


def group_rules(region: Region, group_id: str, protocol: str, member_of: frozenset[str],
                cache: RuleCache | None = None) -> list[Rule]:
    """A security group's inbound rules for one protocol (memoised in ``cache`` when given)."""
    key = (group_id, protocol, member_of)
    if cache is not None and key in cache:
        return cache[key]
    group = region.groups.get(group_id)
    rules = sg_rules(group.ingress, protocol, region.prefix_lists, member_of) if group else []
    if cache is not None:
        cache[key] = rules
    return rules


def into_eni(region: Region, eni: Eni, plan: SubnetPlan, protocol: str,
             member_of: frozenset[str] = frozenset(), cache: RuleCache | None = None,
             memo: dict[Any, list[Piece]] | None = None, plan_key: Any = None,
             want_blocks: bool = True) -> tuple[list[Piece], list[Block]]:
    """The last hops: the ENI's security groups (each group admits what its rules admit: the union
    over groups, every admitting group listed), the ENI, and its instance.

    ``memo`` (with ``plan_key`` naming ``plan``) shares one group's answer between interfaces.
    """
    passed: list[Piece] = []
    for g in eni.group_ids:
        key = (plan_key, g, protocol, member_of)
        if memo is not None and key in memo:
            passed += memo[key]
            continue
        admitted, _ = apply_rules(plan.pieces, group_rules(region, g, protocol, member_of, cache), NO_GROUP)
        passed += admitted
        if memo is not None:
            memo[key] = admitted
    blocked: list[Block] = []
    if want_blocks:  # what no group admits
        union = [Rule(p.box, True, p.hops[-1]) for p in passed]
        _, blocked = apply_rules(plan.pieces, union, Hop("security-group", ", ".join(eni.group_ids) or "none",
                                                         "no inbound rule allows it", None, "inbound"))
    ips = ", ".join([*(p.address for p in eni.public_ips), *eni.ipv6])
    end = [Hop("network-interface", eni.id, f"{ips} -> {', '.join(eni.private_ips)}" if ips else
               ", ".join(eni.private_ips))]
    if eni.instance_id:
        end.append(Hop("instance", eni.instance_id, "running"))
    return [Piece(p.box, (*p.hops, *end)) for p in passed], blocked
