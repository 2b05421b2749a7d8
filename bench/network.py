"""Benchmark: full internet exposure of a generated estate, beside the packet-by-packet simulator.

The estate: 50 VPCs, 500 subnets (half public, routed to an internet gateway; half private, routed to
a NAT gateway), 2,000 security groups with 2–6 rules each (CIDRs, some 0.0.0.0/0 and ::/0, a few group
references and prefix lists), one network ACL per VPC with deny and allow rules, and 10,000 ENIs
(1–3 groups each; public IPv4 on 70 % of those in public subnets, IPv6 on 30 %), fixed seed.

The exact engine answers for every source address (all of IPv4 and IPv6) and every port. The
baseline, run in the same process, is the simulator of ``keyaki.network.brute``: it can only try
packets one at a time, so it runs on a smaller estate (the first ENIs) over a sample of sources and
ports, and both must agree on that sample. The printed ratio compares time per ENI.

    .venv/bin/python bench/network.py
"""

from __future__ import annotations

import random
import sys
import time

from keyaki.network import brute
from keyaki.network.exposure import direct_exposures
from keyaki.network.ipset import address_int
from keyaki.network.model import (
    AclEntry,
    Eni,
    Instance,
    InternetGateway,
    NetworkAcl,
    PublicIp,
    Region,
    Route,
    RouteTable,
    SecurityGroup,
    SgRule,
    Subnet,
    Vpc,
)

VPCS, SUBNETS_PER_VPC, GROUPS_PER_VPC, ENIS_PER_VPC = 50, 10, 40, 200
PORTS = [22, 80, 443, 3389, 5432, 8080, 8443, 9200]
CIDRS = ["0.0.0.0/0", "::/0", "203.0.113.0/24", "198.51.100.0/24", "192.0.2.0/25", "100.64.0.0/10",
         "2001:db8::/32", "198.51.100.128/25"]
PROTOCOLS = ("6", "17")


def _group(rng: random.Random, vpc: int, g: int) -> SecurityGroup:
    gid = f"sg-{vpc:04x}{g:04x}"
    rules = []
    for i in range(rng.randint(2, 6)):
        lo = rng.choice(PORTS)
        hi = lo if rng.random() < 0.8 else lo + rng.randint(1, 200)
        proto = rng.choice(["tcp", "tcp", "tcp", "udp", "-1"])
        proto_num = {"tcp": "6", "udp": "17", "-1": "-1"}[proto]
        cidrs = tuple(rng.sample(CIDRS, rng.randint(0, 2)))
        refs = (f"sg-{vpc:04x}{rng.randrange(GROUPS_PER_VPC):04x}",) if rng.random() < 0.2 else ()
        pls = ("pl-bench",) if rng.random() < 0.05 else ()
        rules.append(SgRule(gid, i, False, proto_num, lo if proto != "-1" else -1, hi if proto != "-1" else -1,
                            cidrs or ("10.0.0.0/8",), pls, refs))
    return SecurityGroup(gid, gid, f"vpc-{vpc:04x}", tuple(rules), ())


def _acl(vpc: int, subnets: tuple[str, ...]) -> NetworkAcl:
    entries = (
        AclEntry(50, False, "6", False, "0.0.0.0/0", (3389, 3389)),
        AclEntry(60, False, "6", False, "192.0.2.0/24", (0, 65535)),
        AclEntry(100, False, "-1", True, "0.0.0.0/0", None),
        AclEntry(101, False, "-1", True, "::/0", None),
        AclEntry(90, True, "6", True, "0.0.0.0/0", (1024, 65535)),
        AclEntry(95, True, "17", False, "0.0.0.0/0", (0, 65535)),
        AclEntry(100, True, "-1", True, "::/0", None),
    )
    return NetworkAcl(f"acl-{vpc:04x}", f"vpc-{vpc:04x}", True, subnets, tuple(sorted(entries, key=lambda e: e.number)))


def _vpc(region: Region, rng: random.Random, v: int) -> None:
    vid, igw = f"vpc-{v:04x}", f"igw-{v:04x}"
    region.vpcs[vid] = Vpc(vid, (f"10.{v}.0.0/16",), (f"2600:1f18:{v:x}::/56",))
    region.igws[igw] = InternetGateway(igw, (vid,))
    public, private = [], []
    for s in range(SUBNETS_PER_VPC):
        sid = f"subnet-{v:04x}{s:04x}"
        region.subnets[sid] = Subnet(sid, vid, f"10.{v}.{s}.0/24", (f"2600:1f18:{v:x}:{s:x}::/64",))
        (public if s % 2 == 0 else private).append(sid)
    local = (Route(f"10.{v}.0.0/16", False, "local", "local", "active"),
             Route(f"2600:1f18:{v:x}::/56", False, "local", "local", "active"))
    region.route_tables[f"rtb-{v:04x}p"] = RouteTable(f"rtb-{v:04x}p", vid, False, tuple(public), (), (
        *local, Route("0.0.0.0/0", False, "igw", igw, "active"), Route("::/0", False, "igw", igw, "active"),
        Route("198.51.100.0/24", False, "pcx", "pcx-1", "active")))
    region.route_tables[f"rtb-{v:04x}m"] = RouteTable(f"rtb-{v:04x}m", vid, True, (), (), (
        *local, Route("0.0.0.0/0", False, "nat", f"nat-{v:04x}", "active")))
    region.acls[f"acl-{v:04x}"] = _acl(v, tuple(public + private))
    for g in range(GROUPS_PER_VPC):
        grp = _group(rng, v, g)
        region.groups[grp.id] = grp
    for e in range(ENIS_PER_VPC):
        sid = rng.choice(public + private)
        eid, iid = f"eni-{v:04x}{e:05x}", f"i-{v:04x}{e:05x}"
        has_ip = sid in public and rng.random() < 0.7
        pub = (PublicIp(f"54.{v}.{e // 256}.{e % 256}", "auto-assigned"),) if has_ip else ()
        v6 = (f"2600:1f18:{v:x}:{int(sid[-4:], 16):x}::{e:x}",) if rng.random() < 0.3 else ()
        groups = tuple(rng.sample([f"sg-{v:04x}{g:04x}" for g in range(GROUPS_PER_VPC)], rng.randint(1, 3)))
        region.enis[eid] = Eni(eid, region.account, vid, sid, (f"10.{v}.{int(sid[-4:], 16)}.{10 + e % 240}",), pub,
                               v6, groups, iid, "interface", "", False)
        region.instances[iid] = Instance(iid, region.account, rng.choice(["running"] * 9 + ["stopped"]), (eid,))


def estate(vpcs: int = VPCS, seed: int = 7) -> Region:
    rng = random.Random(seed)
    region = Region("111122223333", "us-east-1")
    region.prefix_lists["pl-bench"] = ("203.0.113.0/25", "2001:db8:1::/48")
    for v in range(vpcs):
        _vpc(region, rng, v)
    return region


def small(region: Region, enis: int) -> Region:
    keep = dict(list(region.enis.items())[:enis])
    return Region(region.account, region.region, region.vpcs, region.subnets, region.route_tables, region.acls,
                  region.groups, keep, region.instances, region.igws, prefix_lists=region.prefix_lists)


SAMPLE_SOURCES = ["203.0.113.7", "198.51.100.200", "192.0.2.9", "8.8.8.8", "10.0.0.5", "2001:db8::1",
                  "2001:db8:1::9", "2a00::1"]
SAMPLE_PORTS = [*range(0, 100), *PORTS]
# TCP only: for a UDP packet the simulator tries every ephemeral port of the reply (64,512) one by one
SAMPLE_PROTOCOLS = ("6",)


def brute_run(region: Region) -> set[tuple[str, str, str, int]]:
    eph = range(1024, 65536)
    return {(e.id, proto, src, port) for e in region.enis.values() for proto in SAMPLE_PROTOCOLS
            for src in SAMPLE_SOURCES for port in SAMPLE_PORTS
            if brute.from_internet(region, e, src, port, proto, eph).reachable}


def exact_on_sample(region: Region) -> set[tuple[str, str, str, int]]:
    out = set()
    for exp in direct_exposures(region, SAMPLE_PROTOCOLS, (1024, 65535)):
        for p in exp.pieces:
            out |= {(exp.eni_id, exp.protocol, s, port) for s in SAMPLE_SOURCES for port in SAMPLE_PORTS
                    if address_int(s) in p.box.src and port in p.box.ports}
    return out


def main() -> int:
    big = estate()
    print(f"estate: {len(big.vpcs)} VPCs, {len(big.subnets)} subnets, {len(big.groups)} security groups, "
          f"{len(big.enis)} ENIs")
    t0 = time.perf_counter()
    exposures = direct_exposures(big, PROTOCOLS, (1024, 65535))
    exact_s = time.perf_counter() - t0
    print(f"exact: full internet exposure (every IPv4/IPv6 source, every port, tcp+udp): {exact_s:.2f} s, "
          f"{len(exposures)} exposures, {exact_s / len(big.enis) * 1e3:.3f} ms per ENI")
    few = small(big, 20)
    t0 = time.perf_counter()
    direct_exposures(few, SAMPLE_PROTOCOLS, (1024, 65535))
    exact_small_s = time.perf_counter() - t0
    exact_small = exact_on_sample(few)
    t0 = time.perf_counter()
    brute_small = brute_run(few)
    brute_s = time.perf_counter() - t0
    packets = len(few.enis) * len(SAMPLE_SOURCES) * len(SAMPLE_PORTS)
    print(f"brute force: {len(few.enis)} ENIs × {len(SAMPLE_SOURCES)} sources × {len(SAMPLE_PORTS)} TCP ports "
          f"= {packets} packets: {brute_s:.2f} s ({brute_s / len(few.enis) * 1e3:.1f} ms per ENI, "
          f"a sample only); exact on the same ENIs, whole space (TCP): {exact_small_s * 1e3:.1f} ms")
    per_eni_ratio = (brute_s / len(few.enis)) / (exact_s / len(big.enis))
    print(f"ratio (time per ENI, brute force on a {len(SAMPLE_SOURCES) * len(SAMPLE_PORTS)}-point sample vs exact "
          f"over the whole space): {per_eni_ratio:.0f}×")
    if exact_small != brute_small:
        print("MISMATCH between the exact engine and the simulator on the sample", file=sys.stderr)
        return 1
    print(f"agreement on the sample: {len(exact_small)} reachable (ENI, protocol, source, port) tuples")
    if exact_s >= 5.0:
        print("target missed: full exposure must take < 5 s", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
