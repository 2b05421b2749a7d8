"""Differential test: the exact set answer (``keyaki.network.reach``) equals the packet-by-packet
simulator (``keyaki.network.brute``) on small random networks.

Every CIDR of a generated network is ``/0`` or lies inside one of three small blocks, and every port
range inside 0..12, so any address outside the blocks behaves like the representative 203.0.113.1
(or 2001:db8:1::1) and any port above 12 like 13: checking every point of ``ADDRESSES`` × ``PORTS``
checks the whole space.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from keyaki.network import brute
from keyaki.network.exposure import direct_exposures, lb_exposures
from keyaki.network.ipset import address_int
from keyaki.network.model import (
    AclEntry,
    Eni,
    Instance,
    InternetGateway,
    Listener,
    LoadBalancer,
    NetworkAcl,
    PublicIp,
    Region,
    Route,
    RouteTable,
    SecurityGroup,
    SgRule,
    Subnet,
    Target,
    TargetGroup,
)

VPC, SUBNET, IGW = "vpc-1", "subnet-1", "igw-1"
EPHEMERAL = (8, 12)
PORTS = range(0, 14)
CIDRS = [
    "0.0.0.0/0", "::/0", "10.0.0.0/30",
    "198.51.100.0/29", "198.51.100.0/30", "198.51.100.4/31", "198.51.100.6/32", "198.51.100.1/32",
    "2001:db8::/126", "2001:db8::/127", "2001:db8::2/128", "10.0.0.4/30", "10.0.0.8/29",
]
ADDRESSES = ([f"198.51.100.{i}" for i in range(8)] + [f"10.0.0.{i}" for i in range(16)]
             + [f"2001:db8::{i}" for i in range(4)] + ["203.0.113.1", "2001:db8:1::1"])

WIDE = st.one_of(st.sampled_from(["0.0.0.0/0", "::/0"]), st.sampled_from(CIDRS))
ports = st.one_of(st.none(), st.tuples(st.integers(0, 12), st.integers(0, 12)).map(lambda t: (min(t), max(t))))
protocols = st.sampled_from(["-1", "6", "17"])


@st.composite
def acl_entries(draw: st.DrawFn, egress: bool) -> list[AclEntry]:
    numbers = draw(st.lists(st.integers(1, 200), unique=True, max_size=3))
    out = []
    for n in numbers:
        proto = draw(protocols)
        p = draw(ports)
        out.append(AclEntry(n, egress, proto, draw(st.sampled_from([True, True, False])), draw(WIDE),
                            None if proto == "-1" else (p or (0, 65535))))
    if draw(st.integers(0, 3)):  # usually end with broad allow rules, as real ACLs do, so paths exist
        proto, rng = draw(st.sampled_from([("-1", None), ("6", (0, 7)), ("6", (8, 12)), ("17", (10, 12)),
                                            ("6", (4, 9))] if egress else [("-1", None)]))
        out += [AclEntry(300, egress, proto, True, "0.0.0.0/0", rng), AclEntry(301, egress, proto, True, "::/0", rng)]
    return sorted(out, key=lambda e: e.number)


@st.composite
def sg_rules(draw: st.DrawFn, group: str) -> tuple[SgRule, ...]:
    out = []
    for i in range(draw(st.integers(1, 4))):
        proto = draw(protocols)
        lo, hi = (-1, -1) if proto == "-1" else (draw(ports) or (0, 65535))
        out.append(SgRule(group, i, False, proto, lo, hi,
                          tuple(draw(st.lists(WIDE, min_size=1, max_size=2))),
                          tuple(draw(st.lists(st.just("pl-1"), max_size=1))),
                          tuple(draw(st.lists(st.sampled_from(["sg-1", "sg-2"]), max_size=1)))))
    return tuple(out)


@st.composite
def routes(draw: st.DrawFn) -> tuple[Route, ...]:
    out = [Route("10.0.0.0/30", False, "local", "local", "active")]
    if draw(st.integers(0, 3)):
        out += [Route("0.0.0.0/0", False, "igw", IGW, "active"), Route("::/0", False, "igw", IGW, "active")]
    for _ in range(draw(st.integers(0, 4))):
        kind, target = draw(st.sampled_from([("igw", IGW), ("igw", "igw-other"), ("eigw", "eigw-1"), ("nat", "nat-1"),
                                             ("pcx", "pcx-1"), ("tgw", "tgw-1")]))
        use_pl = draw(st.booleans()) and kind == "igw"
        dest = "pl-1" if use_pl else draw(st.sampled_from(CIDRS[:2] + CIDRS[3:]))
        out.append(Route(dest, use_pl, kind, target, draw(st.sampled_from(["active", "active", "blackhole"]))))
    return tuple(out)


@st.composite
def networks(draw: st.DrawFn) -> Region:
    region = Region("111122223333", "us-east-1")
    region.subnets[SUBNET] = Subnet(SUBNET, VPC, "10.0.0.0/30", ("2001:db8:ffff::/64",))
    region.route_tables["rtb-1"] = RouteTable("rtb-1", VPC, True, (), (), draw(routes()))
    entries = (*draw(acl_entries(False)), *draw(acl_entries(True)))
    region.acls["acl-1"] = NetworkAcl("acl-1", VPC, True, (SUBNET,), tuple(sorted(entries, key=lambda e: e.number)))
    region.igws[IGW] = InternetGateway(IGW, (VPC,) if draw(st.integers(0, 5)) else ())  # sometimes detached
    for g in ("sg-1", "sg-2"):
        region.groups[g] = SecurityGroup(g, g, VPC, draw(sg_rules(g)), ())
    region.prefix_lists["pl-1"] = tuple(draw(st.lists(st.sampled_from(CIDRS), min_size=1, max_size=2)))
    public = (PublicIp("54.0.0.1", "auto-assigned"),) if draw(st.integers(0, 4)) else ()
    ipv6 = ("2001:db8:ffff::10",) if draw(st.integers(0, 3)) else ()
    groups = tuple(draw(st.lists(st.sampled_from(["sg-1", "sg-2"]), min_size=1, max_size=2, unique=True)))
    region.enis["eni-1"] = Eni("eni-1", region.account, VPC, SUBNET, ("10.0.0.2",), public, ipv6, groups, "i-1",
                               "interface", "", False)
    state = draw(st.sampled_from(["running"] * 5 + ["stopped"]))
    region.instances["i-1"] = Instance("i-1", region.account, state, ("eni-1",))
    return region


def _exact(region: Region, proto: str) -> set[tuple[str, int]]:
    exposures = direct_exposures(region, (proto,), EPHEMERAL)
    out = set()
    for exp in exposures:
        for p in exp.pieces:
            out |= {(a, port) for a in ADDRESSES for port in PORTS
                    if address_int(a) in p.box.src and port in p.box.ports}
    return out


def _brute(region: Region, proto: str) -> set[tuple[str, int]]:
    eni = region.enis["eni-1"]
    eph = range(EPHEMERAL[0], EPHEMERAL[1] + 1)
    return {(a, port) for a in ADDRESSES for port in PORTS
            if brute.from_internet(region, eni, a, port, proto, eph).reachable}


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks(), st.sampled_from(["6", "17"]))
def test_exact_answer_equals_packet_simulation(region: Region, proto: str) -> None:
    assert _exact(region, proto) == _brute(region, proto)


def test_the_generator_produces_reachable_networks() -> None:
    """Guard against a vacuous test: an open network is reachable in both engines."""
    region = Region("111122223333", "us-east-1")
    region.subnets[SUBNET] = Subnet(SUBNET, VPC, "10.0.0.0/30", ())
    region.route_tables["rtb-1"] = RouteTable("rtb-1", VPC, True, (), (), (
        Route("10.0.0.0/30", False, "local", "local", "active"), Route("0.0.0.0/0", False, "igw", IGW, "active")))
    region.acls["acl-1"] = NetworkAcl("acl-1", VPC, True, (SUBNET,), (
        AclEntry(100, False, "-1", True, "0.0.0.0/0", None), AclEntry(100, True, "-1", True, "0.0.0.0/0", None)))
    region.igws[IGW] = InternetGateway(IGW, (VPC,))
    region.groups["sg-1"] = SecurityGroup("sg-1", "sg-1", VPC, (SgRule("sg-1", 0, False, "6", 3, 5, ("0.0.0.0/0",), (),
                                                                       ()),), ())
    region.enis["eni-1"] = Eni("eni-1", region.account, VPC, SUBNET, ("10.0.0.2",), (PublicIp("54.0.0.1", "eip"),),
                               (), ("sg-1",), "", "interface", "", False)
    got = _exact(region, "6")
    assert got == _brute(region, "6")
    assert ("198.51.100.3", 4) in got and ("10.0.0.1", 4) not in got and ("198.51.100.3", 6) not in got


# ---- through a load balancer ---------------------------------------------------------------------

LB_SUBNETS = {"subnet-2": "10.0.0.4/30", "subnet-3": "10.0.0.8/30"}
NODES = {"subnet-2": "10.0.0.5", "subnet-3": "10.0.0.9"}


@st.composite
def permissive_acl(draw: st.DrawFn, acl_id: str, subnets: tuple[str, ...]) -> NetworkAcl:
    """Mostly allow-all (so that the other hops decide), else random rules."""
    entries: list[AclEntry] = []
    for egress in (False, True):
        if draw(st.integers(0, 2)):
            entries += [AclEntry(100, egress, "-1", True, "0.0.0.0/0", None)]
        else:
            entries += draw(acl_entries(egress))
    return NetworkAcl(acl_id, VPC, acl_id == "acl-1", subnets, tuple(sorted(entries, key=lambda e: e.number)))


@st.composite
def target_rules(draw: st.DrawFn, port: int) -> tuple[SgRule, ...]:
    rules = draw(sg_rules("sg-t")) if draw(st.integers(0, 2)) == 0 else ()
    peer = draw(st.sampled_from([(("0.0.0.0/0",), ()), (("10.0.0.4/30",), ()), (("10.0.0.8/29",), ()),
                                 (("198.51.100.0/30",), ()), ((), ("sg-lb",)), None]))
    if peer is not None:
        rules = (*rules, SgRule("sg-t", len(rules), False, "6", port, port, peer[0], (), peer[1]))
    return rules


@st.composite
def lb_networks(draw: st.DrawFn) -> tuple[Region, LoadBalancer, TargetGroup]:
    region = draw(networks())
    kind = draw(st.sampled_from(["application", "network"]))
    region.subnets.update({s: Subnet(s, VPC, c, ()) for s, c in LB_SUBNETS.items()})
    region.route_tables["rtb-1"] = RouteTable("rtb-1", VPC, True, (), (), (
        Route("10.0.0.0/28", False, "local", "local", "active"), *draw(routes())[1:]))
    region.route_tables["rtb-lb"] = RouteTable("rtb-lb", VPC, False, tuple(LB_SUBNETS), (), (
        Route("10.0.0.0/28", False, "local", "local", "active"), Route("0.0.0.0/0", False, "igw", IGW, "active"),
        *draw(routes())[1:]))
    region.igws[IGW] = InternetGateway(IGW, (VPC,))
    for i, s in enumerate(LB_SUBNETS, start=2):
        region.acls[f"acl-{i}"] = draw(permissive_acl(f"acl-{i}", (s,)))
    region.acls["acl-1"] = draw(permissive_acl("acl-1", (SUBNET,)))
    lb_groups: tuple[str, ...] = ("sg-lb",) if kind == "application" or draw(st.booleans()) else ()
    port, tport = draw(st.integers(0, 12)), draw(st.integers(0, 12))
    lb_rules = draw(sg_rules("sg-lb"))
    if draw(st.integers(0, 2)):  # usually admit the listener port from somewhere
        lb_rules = (*lb_rules, SgRule("sg-lb", len(lb_rules), False, "6", port, port, (draw(WIDE),), (), ()))
    region.groups["sg-lb"] = SecurityGroup("sg-lb", "sg-lb", VPC, lb_rules, ())
    for s, ip in NODES.items():
        tag = "app" if kind == "application" else "net"
        region.enis[f"eni-{s}"] = Eni(f"eni-{s}", region.account, VPC, s, (ip,), (), (), lb_groups, "",
                                      "interface", f"ELB {tag}/lb/1", True)
    tg = TargetGroup("tg-arn", "tg", "TCP" if kind == "network" else "HTTP", tport,
                     draw(st.sampled_from(["instance", "ip"])), (), True)
    target = Target("i-1" if tg.target_type == "instance" else "10.0.0.2", tport)
    tg = TargetGroup(tg.arn, tg.name, tg.protocol, tg.port, tg.target_type, (target,), True)
    region.target_groups[tg.arn] = tg
    lb = LoadBalancer("lb-arn", "lb", kind, "internet-facing", VPC, tuple(LB_SUBNETS), lb_groups,
                      (Listener(port, "TCP" if kind == "network" else "HTTPS", (tg.arn,)),), "ipv4")
    region.load_balancers[lb.arn] = lb
    region.groups["sg-t"] = SecurityGroup("sg-t", "sg-t", VPC, draw(target_rules(tport)), ())
    eni = region.enis["eni-1"]
    region.enis["eni-1"] = Eni(eni.id, eni.account, eni.vpc_id, eni.subnet_id, eni.private_ips, eni.public_ips,
                               eni.ipv6, ("sg-t",), eni.instance_id, eni.interface_type, "", False)
    region.instances["i-1"] = Instance("i-1", region.account, draw(st.sampled_from(["running"] * 5 + ["stopped"])),
                                       ("eni-1",))
    return region, lb, tg


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lb_networks())
def test_load_balancer_paths_equal_packet_simulation(case: tuple[Region, LoadBalancer, TargetGroup]) -> None:
    region, lb, tg = case
    exact = set()
    for exp in lb_exposures(region, EPHEMERAL):
        assert exp.eni_id == "eni-1" and exp.via == "lb"
        for p in exp.pieces:
            exact |= {(a, port) for a in ADDRESSES for port in PORTS
                      if address_int(a) in p.box.src and port in p.box.ports}
    eph = range(EPHEMERAL[0], EPHEMERAL[1] + 1)
    port = lb.listeners[0].port
    simulated = {(a, port) for a in ADDRESSES
                 if brute.via_load_balancer(region, lb, tg, tg.targets[0], region.enis["eni-1"], a, port, "6",
                                            list(NODES.values()), eph)}
    assert exact == simulated
