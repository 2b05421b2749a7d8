"""``keyaki network reach``: can traffic from the internet, a CIDR or an ENI reach an instance or ENI?

Answers like VPC Reachability Analyzer
(https://docs.aws.amazon.com/vpc/latest/reachability/what-is-reachability-analyzer.html): the path
with the rule admitting traffic at every hop, or the blocking components and why. From the internet or
a CIDR the answer is exact over every source address of the range (:mod:`keyaki.network.reach`); from
an ENI it follows one packet between the two primary private addresses (:mod:`keyaki.network.brute`).
"""

from __future__ import annotations

from typing import Any

from keyaki.errors import Undecided, UsageError
from keyaki.network import brute
from keyaki.network.exposure import SKIPPED_TYPES, eni_state, lb_exposures
from keyaki.network.ipset import V4_ALL, V6_ALL, Box, IntervalSet, cidrs_set, to_cidrs
from keyaki.network.model import Eni, Network, Region, protocol_number
from keyaki.network.reach import Block, Hop, Piece, destination_sources, into_eni, subnet_hops
from keyaki.network.trace import blocks_json, path_json, sources_of


def parse_source(text: str) -> IntervalSet | str:
    """``internet`` → every address; a CIDR → its addresses; ``eni-…`` stays an ENI id."""
    t = text.strip()
    if t == "internet":
        return IntervalSet.of(V4_ALL, V6_ALL)
    if t.startswith("eni-"):
        return t
    try:
        return cidrs_set([t])
    except ValueError:
        raise UsageError(f"`--from {text}` is not `internet`, a CIDR or an ENI id (`eni-…`)") from None


def targets(net: Network, to: str) -> tuple[Region, list[Eni]]:
    if to.startswith("i-"):
        found = net.find_instance(to)
        if found:
            region, inst = found
            return region, [region.enis[e] for e in inst.eni_ids if e in region.enis]
    elif to.startswith("eni-"):
        hit = net.find_eni(to)
        if hit:
            return hit[0], [hit[1]]
    raise UsageError(f"`--to {to}`: no such instance or network interface in the snapshot")


def reach(net: Network, source: str, to: str, protocol: str, port: int) -> dict[str, Any]:
    """The answer as JSON: ``reachable``, ``paths`` (with rules), ``blocked`` (component, reason) and warnings."""
    proto = protocol_number(protocol)
    if proto not in ("6", "17"):
        raise UsageError(f"`--protocol {protocol}` must be `tcp` or `udp`")
    if not 0 <= port <= 65535:
        raise UsageError(f"`--port {port}` must be between 0 and 65535")
    src = parse_source(source)
    region, enis = targets(net, to)
    warnings = [w.to_json() for w in net.warnings if (w.account, w.region) == (region.account, region.region)]
    if not region.complete:
        raise Undecided(f"the snapshot lacks data for {region.account}/{region.region}: "
                        + "; ".join(w["message"] for w in warnings if w["component"] == "coverage-gap"))
    paths: list[dict[str, Any]] = []
    blocked: list[dict[str, Any]] = []
    for eni in enis:
        if isinstance(src, str):
            _from_eni(net, region, src, eni, proto, port, paths, blocked)
        else:
            _from_range(region, src, eni, proto, port, paths, blocked)
    undecided = not paths and any(b.get("undecided") for b in blocked)
    return {"from": source, "to": to, "protocol": protocol.lower(), "port": port,
            "reachable": None if undecided else bool(paths), "paths": paths, "blocked": [] if paths else blocked,
            "warnings": warnings}


def _from_range(region: Region, src: IntervalSet, eni: Eni, proto: str, port: int,
                paths: list[dict[str, Any]], blocked: list[dict[str, Any]]) -> None:
    ports = IntervalSet.of((port, port))
    pieces, blocks = _direct(region, src, eni, proto, ports)
    if pieces:
        paths.append({"eni_id": eni.id, "sources": to_cidrs(sources_of(pieces)), "path": path_json(pieces)})
    blocked.extend({"eni_id": eni.id, **b} for b in blocks_json(blocks))
    for exp in lb_exposures(region):
        if exp.eni_id != eni.id or exp.protocol != proto:
            continue
        cut = [Piece(p.box & Box(src, ports), p.hops) for p in exp.pieces if p.box & Box(src, ports)]
        if cut:
            paths.append({"eni_id": eni.id, "via": exp.via, "sources": to_cidrs(sources_of(cut)),
                          "path": path_json(cut)})


def _direct(region: Region, src: IntervalSet, eni: Eni, proto: str, ports: IntervalSet) -> tuple[
        list[Piece], list[Block]]:
    state = eni_state(region, eni)
    whole = Box(src, ports)
    if state == "available":
        return [], [Block(whole, Hop("network-interface", eni.id, "available"),
                          "the network interface is not attached to anything")]
    if state not in ("running", "unknown", "detached"):
        return [], [Block(whole, Hop("instance", eni.instance_id, state), f"instance is {state}: only running "
                                                                         "instances receive traffic")]
    if eni.interface_type in SKIPPED_TYPES:
        return [], [Block(whole, Hop("network-interface", eni.id, eni.interface_type),
                          f"a `{eni.interface_type}` interface does not accept connections from the internet")]
    igw = region.igw_of(eni.vpc_id)
    reachable_src = src & destination_sources(eni, igw.id if igw else "")
    if igw is None:
        return [], [Block(whole, Hop("vpc", eni.vpc_id, "no internet gateway"),
                          f"no internet gateway is attached to `{eni.vpc_id}`")]
    if not reachable_src:  # the sources' address family has no address on this interface
        blocks = []
        for fam, has, what in ((V4_ALL, eni.public_ips, "public IPv4 address"), (V6_ALL, eni.ipv6, "IPv6 address")):
            part = src & IntervalSet.of(fam)
            if part and not has:
                blocks.append(Block(Box(part, ports), Hop("network-interface", eni.id, f"no {what}"),
                                    f"the network interface has no {what}"))
        return [], blocks
    plan = subnet_hops(region, eni.subnet_id, proto, reachable_src, ports)
    pieces, b = into_eni(region, eni, plan, proto)
    return pieces, plan.blocks + b


def _from_eni(net: Network, region: Region, src_id: str, eni: Eni, proto: str, port: int,
              paths: list[dict[str, Any]], blocked: list[dict[str, Any]]) -> None:
    hit = net.find_eni(src_id)
    if hit is None:
        raise UsageError(f"`--from {src_id}`: no such network interface in the snapshot")
    if hit[0] is not region:
        raise UsageError(f"`--from {src_id}` is in another account or region than `{eni.id}`")
    if not hit[1].private_ips or not eni.private_ips:
        raise UsageError("both network interfaces need a private IP address")
    verdict = brute.between(region, hit[1], eni, port, proto)
    if verdict.reachable:
        paths.append({"eni_id": eni.id, "sources": [hit[1].private_ips[0]], "path": verdict.hops})
    else:
        blocked.append({"eni_id": eni.id, **(verdict.blocked or {}), "passed": verdict.hops})
