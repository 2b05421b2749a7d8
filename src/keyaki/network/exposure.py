"""Internet exposure of every network interface: direct (internet gateway) and through internet-facing
load balancers (listener → target group → target on its port).

Load balancer semantics: an internet-facing load balancer's nodes sit in its subnets and receive
traffic through the VPC's internet gateway like any interface, filtered by the subnet's ACL and, for an
ALB (and an NLB that has them), its own security groups. The node then opens a connection to the
target's port, which the target's subnet ACL and security groups must admit, from the node's address
or (NLB with client IP preservation) from the client's:
https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-listeners.html,
https://docs.aws.amazon.com/elasticloadbalancing/latest/network/edit-target-group-attributes.html#client-ip-preservation,
https://docs.aws.amazon.com/elasticloadbalancing/latest/network/target-group-register-targets.html#target-security-groups.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from keyaki.network.ipset import V4_ALL, V6_ALL, Box, IntervalSet, cidrs_set, to_cidrs
from keyaki.network.model import PROTOCOL_NAMES, TCP, UDP, Eni, LoadBalancer, Network, Region, TargetGroup, Warning
from keyaki.network.reach import (
    EPHEMERAL,
    Block,
    Hop,
    Piece,
    RuleCache,
    SubnetPlan,
    acl_rules,
    apply_rules,
    destination_sources,
    into_eni,
    return_rules,
    sg_rules,
    subnet_hops,
)
from keyaki.network.trace import path_json, ports_of, sources_of

# interfaces that belong to a managed service and are not targets of inbound internet traffic themselves
SKIPPED_TYPES = frozenset({"nat_gateway", "network_load_balancer", "gateway_load_balancer",
                           "gateway_load_balancer_endpoint", "vpc_endpoint", "transit_gateway", "load_balancer"})


@dataclass(frozen=True, slots=True)
class Exposure:
    """What the internet reaches on one ENI, over one protocol, through one entry point."""

    account: str
    region: str
    resource: str
    instance_id: str
    eni_id: str
    protocol: str  # "6" or "17"
    via: str  # "" (internet gateway) or the load balancer's name
    pieces: tuple[Piece, ...]

    @property
    def ports(self) -> IntervalSet:
        return ports_of(list(self.pieces))

    @property
    def sources(self) -> IntervalSet:
        return sources_of(list(self.pieces))

    def restrict(self, ports: IntervalSet) -> list[Piece]:
        out = []
        for p in self.pieces:
            cut = p.box & Box(p.box.src, ports)
            if cut:
                out.append(Piece(cut, p.hops))
        return out

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "resource": self.resource, "account": self.account, "region": self.region,
            "instance_id": self.instance_id or None, "eni_id": self.eni_id,
            "protocol": PROTOCOL_NAMES.get(self.protocol, self.protocol), "ports": self.ports.port_ranges(),
            "sources": to_cidrs(self.sources),
        }
        if self.via:
            out["via"] = self.via
        out["path"] = path_json(list(self.pieces))
        return out


@dataclass
class Report:
    exposures: list[Exposure] = field(default_factory=list)
    warnings: list[Warning] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"exposures": [e.to_json() for e in self.exposures], "warnings": [w.to_json() for w in self.warnings]}


def resource_of(region: Region, eni: Eni) -> str:
    if eni.instance_id:
        return region.arn("instance", eni.instance_id)
    return region.arn("network-interface", eni.id)


def eni_state(region: Region, eni: Eni) -> str:
    """``running``, another instance state, ``unknown`` (instance not in the snapshot) or ``detached``."""
    if eni.status == "available":
        return "available"  # not attached: receives no traffic
    if not eni.instance_id:
        return "detached"
    inst = region.instances.get(eni.instance_id)
    return inst.state if inst else "unknown"


def exposed_enis(region: Region) -> list[Eni]:
    """ENIs that can receive internet traffic directly (not load balancer or NAT nodes, instance running)."""
    return [e for e in region.enis.values()
            if e.interface_type not in SKIPPED_TYPES and not e.description.startswith("ELB ")
            and eni_state(region, e) in ("running", "unknown", "detached")]


def analyze(net: Network, protocols: tuple[str, ...] = (TCP, UDP),
            ephemeral: tuple[int, int] = EPHEMERAL) -> Report:
    """Every exposure of every analysed region, and every warning."""
    report = Report(warnings=list(net.warnings))
    for region in net.regions:
        if not region.complete:
            continue
        report.exposures.extend(direct_exposures(region, protocols, ephemeral))
        report.exposures.extend(lb_exposures(region, ephemeral))
    report.exposures.sort(key=lambda e: (e.account, e.region, e.resource, e.eni_id, e.via, e.protocol))
    return report


def direct_exposures(region: Region, protocols: tuple[str, ...], ephemeral: tuple[int, int]) -> list[Exposure]:
    cache: dict[tuple[str, str, IntervalSet], SubnetPlan] = {}
    rules: RuleCache = {}
    memo: dict[Any, list[Piece]] = {}
    out = []
    for eni in exposed_enis(region):
        igw = region.igw_of(eni.vpc_id)
        sources = destination_sources(eni, igw.id if igw else "")
        if not sources:
            continue
        for proto in protocols:
            rt, acl = region.route_table_of(eni.subnet_id), region.acl_of(eni.subnet_id)
            key = (f"{rt.id if rt else eni.subnet_id}/{acl.id if acl else eni.subnet_id}", proto, sources)
            if key not in cache:  # subnets sharing a route table and an ACL share their hops
                cache[key] = subnet_hops(region, eni.subnet_id, proto, sources, IntervalSet.of((0, 65535)), ephemeral)
            pieces, _ = into_eni(region, eni, cache[key], proto, cache=rules, memo=memo, plan_key=key,
                                 want_blocks=False)
            if pieces:
                out.append(Exposure(region.account, region.region, resource_of(region, eni), eni.instance_id,
                                    eni.id, proto, "", tuple(pieces)))
    return out


# ---- load balancers ---------------------------------------------------------------------------------

def listener_protocols(lb: LoadBalancer, protocol: str) -> tuple[str, ...]:
    p = protocol.upper()
    if p == "UDP":
        return (UDP,)
    if p == "TCP_UDP":
        return (TCP, UDP)
    return (TCP,)


def lb_front(region: Region, lb: LoadBalancer, proto: str, port: int,
             ephemeral: tuple[int, int]) -> tuple[list[Piece], list[Block]]:
    """Internet → the load balancer's nodes on the listener port (subnet hops, then its security groups)."""
    fam = IntervalSet.of(V4_ALL, V6_ALL) if lb.ip_address_type.startswith("dualstack") else IntervalSet.of(V4_ALL)
    pieces, blocks = [], []
    for subnet in lb.subnet_ids:
        plan = subnet_hops(region, subnet, proto, fam, IntervalSet.of((port, port)), ephemeral)
        pieces += plan.pieces
        blocks += plan.blocks
    if lb.group_ids:
        rules = [r for g in lb.group_ids if g in region.groups
                 for r in sg_rules(region.groups[g].ingress, proto, region.prefix_lists)]
        pieces, b = apply_rules(pieces, rules, Hop("security-group", ", ".join(lb.group_ids),
                                                   "no inbound rule allows it", None, "inbound"))
        blocks += b
    return pieces, blocks


def target_enis(region: Region, tg: TargetGroup) -> list[tuple[Eni, int]]:
    """Each registered target's ENI (an instance's primary interface, or the interface holding the IP)."""
    out = []
    for t in tg.targets:
        if tg.target_type == "instance":
            inst = region.instances.get(t.id)
            if inst and inst.eni_ids and inst.eni_ids[0] in region.enis and inst.state == "running":
                out.append((region.enis[inst.eni_ids[0]], t.port))
        elif tg.target_type == "ip":
            out += [(e, t.port) for e in region.enis.values() if t.id in e.private_ips
                    and eni_state(region, e) in ("running", "unknown", "detached")]
    return out


def node_sources(region: Region, lb: LoadBalancer) -> IntervalSet:
    """The load balancer nodes' addresses: its ENIs when collected, else its subnets' CIDRs."""
    tag = f"ELB {'app' if lb.type == 'application' else 'net'}/{lb.name}/"
    ips = [ip for e in region.enis.values() if e.description.startswith(tag) for ip in e.private_ips]
    if ips:
        return cidrs_set(ips)
    return cidrs_set(region.subnets[s].cidr for s in lb.subnet_ids if s in region.subnets and region.subnets[s].cidr)


def lb_back(region: Region, lb: LoadBalancer, eni: Eni, port: int, proto: str, sources: IntervalSet,
            ephemeral: tuple[int, int]) -> tuple[list[Piece], list[Block]]:
    """Load balancer node (or preserved client) → the target's subnet ACL, security groups, ENI."""
    acl = region.acl_of(eni.subnet_id)
    if acl is None:
        return [], [Block(Box(sources, IntervalSet.of((port, port))), Hop("subnet", eni.subnet_id, "no network ACL"),
                          "no network ACL in the snapshot")]
    pieces, blocks = apply_rules([Piece(Box(sources, IntervalSet.of((port, port))), ())],
                                 acl_rules(acl, proto, False), Hop("network-acl", acl.id, "implicit deny", None,
                                                                   "inbound"))
    pieces, b2 = apply_rules(pieces, return_rules(acl, proto, ephemeral),
                             Hop("network-acl", acl.id, "outbound rules deny the response", None, "outbound (return)"))
    plan = SubnetPlan("", pieces, [])
    passed, b3 = into_eni(region, eni, plan, proto, frozenset(lb.group_ids))
    return passed, blocks + b2 + b3


def preserves_client_ip(lb: LoadBalancer, tg: TargetGroup) -> bool:
    """NLB default: preserved for instance targets and for UDP / TCP_UDP (attributes are not collected)."""
    return lb.type == "network" and (tg.target_type == "instance" or tg.protocol.upper() in ("UDP", "TCP_UDP"))


def lb_exposures(region: Region, ephemeral: tuple[int, int] = EPHEMERAL) -> list[Exposure]:
    out: dict[tuple[str, str], list[Piece]] = {}
    enis: dict[str, Eni] = {}
    for lb in region.load_balancers.values():
        if lb.scheme != "internet-facing":
            continue
        for listener in lb.listeners:
            for proto in listener_protocols(lb, listener.protocol):
                front, _ = lb_front(region, lb, proto, listener.port, ephemeral)
                if not front:
                    continue
                for arn in listener.target_group_arns:
                    tg = region.target_groups.get(arn)
                    if tg is None:
                        continue
                    for eni, pieces in _through(region, lb, listener.port, listener.protocol, tg, proto, front,
                                                ephemeral):
                        enis[eni.id] = eni
                        out.setdefault((eni.id, f"{lb.name}\x1f{proto}"), []).extend(pieces)
    return [Exposure(region.account, region.region, resource_of(region, enis[eni_id]), enis[eni_id].instance_id,
                     eni_id, key.split("\x1f")[1], key.split("\x1f")[0], tuple(pieces))
            for (eni_id, key), pieces in out.items()]


def _through(region: Region, lb: LoadBalancer, port: int, lproto: str, tg: TargetGroup, proto: str,
             front: list[Piece], ephemeral: tuple[int, int]) -> list[tuple[Eni, list[Piece]]]:
    """Join the front pieces with each target's back pieces."""
    preserve = preserves_client_ip(lb, tg)
    src = sources_of(front) if preserve else node_sources(region, lb)
    lb_hop = Hop("load-balancer", lb.name, f"{lb.type} listener {lproto}:{port} forwards to {tg.name}")
    out = []
    for eni, tport in target_enis(region, tg):
        back, _ = lb_back(region, lb, eni, tport, proto, src, ephemeral)
        if not back:
            continue
        tg_hop = Hop("target-group", tg.name, f"target {eni.instance_id or eni.id} port {tport}"
                     + (" (client IP preserved)" if preserve else ""))
        pieces = []
        for f in front:
            for b in back:
                box = Box(f.box.src & b.box.src, f.box.ports) if preserve else f.box
                if box:
                    pieces.append(Piece(box, (*f.hops, lb_hop, tg_hop, *b.hops)))
        if pieces:
            out.append((eni, pieces))
    return out


def sources_json(s: IntervalSet) -> list[str]:
    return to_cidrs(s)
