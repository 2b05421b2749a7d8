"""A packet-by-packet simulator: deliberately simple, obviously correct, and slow.

It follows one packet at a time through the same AWS rules as :mod:`keyaki.network.reach` (see
there for the documentation each step follows), using only :mod:`ipaddress` and loops — no interval
arithmetic — so that the differential test can check the exact set answer against it, and so that
``keyaki network reach --from eni-…`` can trace a single packet between two interfaces.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field

from keyaki.network.model import AclEntry, Eni, LoadBalancer, NetworkAcl, Region, Route, SgRule, Target, TargetGroup


@dataclass
class Verdict:
    """The fate of one packet: the hops it passed and, if stopped, where and why."""

    hops: list[dict[str, str]] = field(default_factory=list)
    blocked: dict[str, str] | None = None

    @property
    def reachable(self) -> bool:
        return self.blocked is None

    def passed(self, component: str, rid: str, rule: str) -> None:
        self.hops.append({"component": component, "id": rid, "rule": rule})

    def stop(self, component: str, rid: str, reason: str) -> Verdict:
        self.blocked = {"component": component, "id": rid, "reason": reason}
        return self


def _in(ip: str, cidr: str) -> bool:
    a, n = ipaddress.ip_address(ip), ipaddress.ip_network(cidr, strict=False)
    return a.version == n.version and a in n


def lpm(region: Region, routes: tuple[Route, ...], dst: str) -> Route | None:
    """The route whose destination holds ``dst`` with the longest prefix (a CIDR beats a prefix list)."""
    best: tuple[int, int, Route] | None = None
    for r in routes:
        for c in region.prefix_lists.get(r.destination, ()) if r.prefix_list else (r.destination,):
            if c and _in(dst, c):
                rank = (ipaddress.ip_network(c, strict=False).prefixlen, 0 if r.prefix_list else 1)
                if best is None or rank > best[:2]:
                    best = (*rank, r)
    return best[2] if best else None


def acl_decides(acl: NetworkAcl, egress: bool, proto: str, peer: str, port: int) -> AclEntry | None:
    """The first rule (by number) that matches; None means the implicit deny."""
    for e in acl.rules(egress):
        if e.protocol in ("-1", proto) and e.cidr and _in(peer, e.cidr) and (
                e.ports is None or e.protocol == "-1" or e.ports[0] <= port <= e.ports[1]):
            return e
    return None


def sg_admits(region: Region, rules: list[SgRule], proto: str, peer: str, port: int,
              peer_groups: tuple[str, ...] = ()) -> SgRule | None:
    """The first rule of the groups that admits the packet (security groups are a union of allows)."""
    for r in rules:
        if r.protocol not in ("-1", proto):
            continue
        if r.protocol != "-1" and r.from_port >= 0 and not r.from_port <= port <= r.to_port:
            continue
        cidrs = [*r.cidrs, *(c for pl in r.prefix_lists for c in region.prefix_lists.get(pl, ()))]
        if any(_in(peer, c) for c in cidrs) or set(r.groups) & set(peer_groups):
            return r
    return None


def reply_passes(acl: NetworkAcl, proto: str, peer: str, ephemeral: range) -> AclEntry | None:
    """Some ephemeral port of the client is allowed back: the first allowing rule met."""
    for port in ephemeral:
        e = acl_decides(acl, True, proto, peer, port)
        if e is not None and e.allow:
            return e
    return None


def from_internet(region: Region, eni: Eni, src: str, port: int, proto: str,
                  ephemeral: range = range(1024, 65536)) -> Verdict:
    """One packet from ``src`` on the internet to ``eni`` (its public IPv4 or IPv6 address)."""
    v = Verdict()
    inst = region.instances.get(eni.instance_id)
    if inst is not None and inst.state != "running":
        return v.stop("instance", inst.id, f"instance is {inst.state}")
    v6 = ipaddress.ip_address(src).version == 6
    if not (eni.ipv6 if v6 else eni.public_ips):
        return v.stop("network-interface", eni.id, "no IPv6 address" if v6 else "no public IPv4 address")
    igw = region.igw_of(eni.vpc_id)
    if igw is None:
        return v.stop("vpc", eni.vpc_id, "no internet gateway")
    v.passed("internet-gateway", igw.id, "attached")
    rt, acl = region.route_table_of(eni.subnet_id), region.acl_of(eni.subnet_id)
    if rt is None or acl is None:
        return v.stop("subnet", eni.subnet_id, "no route table or ACL")
    route = lpm(region, rt.routes, src)
    if route is None or route.state != "active" or route.target_kind != "igw" or route.target_id != igw.id:
        return v.stop("route-table", rt.id, f"return route {route.describe() if route else 'none'}")
    v.passed("route-table", rt.id, route.describe())
    entry = acl_decides(acl, False, proto, src, port)
    if entry is None or not entry.allow:
        return v.stop("network-acl", acl.id, entry.describe() if entry else "implicit deny")
    v.passed("network-acl", acl.id, entry.describe())
    back = reply_passes(acl, proto, src, ephemeral)
    if back is None:
        return v.stop("network-acl", acl.id, "no ephemeral port allowed back")
    v.passed("network-acl", acl.id, back.describe())
    rule = sg_admits(region, [r for g in eni.group_ids if g in region.groups for r in region.groups[g].ingress],
                     proto, src, port)
    if rule is None:
        return v.stop("security-group", ", ".join(eni.group_ids), "no inbound rule allows it")
    v.passed("security-group", rule.group_id, rule.describe())
    v.passed("network-interface", eni.id, "delivered")
    return v


def between(region: Region, a: Eni, b: Eni, port: int, proto: str, ephemeral: range = range(1024, 65536)) -> Verdict:
    """One packet from ``a``'s primary private address to ``b``'s, in the same VPC (local route)."""
    v = Verdict()
    inst = region.instances.get(b.instance_id)
    if inst is not None and inst.state != "running":
        return v.stop("instance", inst.id, f"instance is {inst.state}")
    src, dst = a.private_ips[0], b.private_ips[0]
    out_rule = sg_admits(region, [r for g in a.group_ids if g in region.groups for r in region.groups[g].egress],
                         proto, dst, port, b.group_ids)
    if out_rule is None:
        return v.stop("security-group", ", ".join(a.group_ids), "no outbound rule allows it")
    v.passed("security-group", out_rule.group_id, out_rule.describe())
    acl_a, acl_b, rt = region.acl_of(a.subnet_id), region.acl_of(b.subnet_id), region.route_table_of(a.subnet_id)
    if acl_a is None or acl_b is None or rt is None:
        return v.stop("subnet", a.subnet_id, "no route table or ACL")
    route = lpm(region, rt.routes, dst)
    if route is None or route.target_kind != "local" or a.vpc_id != b.vpc_id:
        return v.stop("route-table", rt.id, f"route {route.describe() if route else 'none'} is not the local route "
                      "(only paths inside one VPC are traced)")
    v.passed("route-table", rt.id, route.describe())
    checks = ((acl_a, True, dst, port, "outbound"), (acl_b, False, src, port, "inbound"))
    for acl, egress, peer, p, what in checks if a.subnet_id != b.subnet_id else ():
        entry = acl_decides(acl, egress, proto, peer, p)
        if entry is None or not entry.allow:
            return v.stop("network-acl", acl.id, f"{what}: {entry.describe() if entry else 'implicit deny'}")
        v.passed("network-acl", acl.id, entry.describe())
    rule = sg_admits(region, [r for g in b.group_ids if g in region.groups for r in region.groups[g].ingress],
                     proto, src, port, a.group_ids)
    if rule is None:
        return v.stop("security-group", ", ".join(b.group_ids), "no inbound rule allows it")
    v.passed("security-group", rule.group_id, rule.describe())
    if a.subnet_id != b.subnet_id:  # ACLs filter only traffic that crosses a subnet boundary
        for acl, egress, peer in ((acl_b, True, src), (acl_a, False, dst)):
            ok = any((e := acl_decides(acl, egress, proto, peer, q)) is not None and e.allow for q in ephemeral)
            if not ok:
                return v.stop("network-acl", acl.id, "the response to ephemeral ports is denied")
    v.passed("network-interface", b.id, "delivered")
    return v


def _front(region: Region, lb: LoadBalancer, src: str, port: int, proto: str, ephemeral: range) -> bool:
    """Some node of the load balancer (one per subnet) accepts the client's packet on the listener port."""
    for subnet_id in lb.subnet_ids:
        subnet = region.subnets.get(subnet_id)
        igw = region.igw_of(subnet.vpc_id) if subnet else None
        rt, acl = region.route_table_of(subnet_id), region.acl_of(subnet_id)
        if igw is None or rt is None or acl is None or ipaddress.ip_address(src).version == 6:
            continue
        route = lpm(region, rt.routes, src)
        if route is None or route.state != "active" or route.target_kind != "igw" or route.target_id != igw.id:
            continue
        entry = acl_decides(acl, False, proto, src, port)
        if entry is None or not entry.allow or reply_passes(acl, proto, src, ephemeral) is None:
            continue
        rules = [r for g in lb.group_ids if g in region.groups for r in region.groups[g].ingress]
        if not lb.group_ids or sg_admits(region, rules, proto, src, port) is not None:
            return True
    return False


def _back(region: Region, lb: LoadBalancer, eni: Eni, peer: str, port: int, proto: str, ephemeral: range) -> bool:
    """The target's subnet ACL (both ways) and its groups admit ``peer`` (a node, or the preserved client)."""
    acl = region.acl_of(eni.subnet_id)
    if acl is None:
        return False
    entry = acl_decides(acl, False, proto, peer, port)
    if entry is None or not entry.allow or reply_passes(acl, proto, peer, ephemeral) is None:
        return False
    rules = [r for g in eni.group_ids if g in region.groups for r in region.groups[g].ingress]
    return sg_admits(region, rules, proto, peer, port, lb.group_ids) is not None


def via_load_balancer(region: Region, lb: LoadBalancer, tg: TargetGroup, target: Target, eni: Eni, src: str,
                      listener_port: int, proto: str, nodes: list[str], ephemeral: range = range(1024, 65536)) -> bool:
    """One client packet to the listener, forwarded to ``target`` (whose interface is ``eni``): delivered?"""
    inst = region.instances.get(eni.instance_id)
    if lb.scheme != "internet-facing" or (inst is not None and inst.state != "running"):
        return False
    if not _front(region, lb, src, listener_port, proto, ephemeral):
        return False
    preserved = lb.type == "network" and (tg.target_type == "instance" or tg.protocol.upper() in ("UDP", "TCP_UDP"))
    peers = [src] if preserved else nodes
    return any(_back(region, lb, eni, peer, target.port, proto, ephemeral) for peer in peers)
