"""Network findings for ``keyaki scan``: one per port range the internet reaches, in the spirit of
Amazon Inspector's network reachability findings
(https://docs.aws.amazon.com/inspector/latest/user/findings-types.html#findings-types-network).

Severity is HIGH for remote administration and database ports open to the internet at large (the
admitted sources cover at least half of the IPv4 or IPv6 space, e.g. ``0.0.0.0/0`` less the VPC's own
range), MEDIUM for those ports reachable from narrower public ranges (an office /24) and for other ports
open at large, LOW for other ports from narrow ranges. The exposure facts
are also kept as the ``network_exposures`` section (the contextual vulnerability score reuses them).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from keyaki.findings.model import Evidence, Finding, Severity
from keyaki.network.convert import convert
from keyaki.network.exposure import Exposure
from keyaki.network.exposure import analyze as exposures
from keyaki.network.ipset import V4_ALL, V6_ALL, V6_BASE, IntervalSet, cidrs_set, summarize, to_cidrs
from keyaki.network.model import PROTOCOL_NAMES
from keyaki.network.trace import path_json
from keyaki.snapshot import Snapshot

if TYPE_CHECKING:  # keyaki.scan imports this module to register it
    from keyaki.scan import ScanOptions, Section

ADMIN_PORTS: dict[int, str] = {
    21: "FTP", 22: "SSH", 23: "Telnet", 135: "MS RPC", 139: "NetBIOS", 445: "SMB", 1433: "SQL Server",
    1521: "Oracle", 2049: "NFS", 2375: "Docker API", 3306: "MySQL", 3389: "RDP", 5432: "PostgreSQL",
    5601: "Kibana", 5900: "VNC", 5984: "CouchDB", 6379: "Redis", 9042: "Cassandra", 9200: "Elasticsearch",
    9300: "Elasticsearch", 11211: "Memcached", 27017: "MongoDB",
}


def sensitive_ports(lo: int, hi: int) -> list[str]:
    """Names of the administration / database ports inside ``lo..hi``.

    >>> sensitive_ports(20, 23)
    ['21 (FTP)', '22 (SSH)', '23 (Telnet)']
    """
    return [f"{p} ({name})" for p, name in sorted(ADMIN_PORTS.items()) if lo <= p <= hi]


def open_at_large(sources: IntervalSet) -> bool:
    """True when the sources cover at least half of the IPv4 or of the IPv6 address space.

    >>> open_at_large(cidrs_set(["0.0.0.0/0"]) - cidrs_set(["10.10.0.0/16"]))
    True
    >>> open_at_large(cidrs_set(["192.0.2.0/24"]))
    False
    """
    v4 = (sources & IntervalSet.of(V4_ALL)).size()
    v6 = (sources & IntervalSet.of(V6_ALL)).size()
    return v4 >= (V6_BASE // 2) or v6 >= (1 << 127)


def _severity(named: list[str], at_large: bool) -> Severity:
    if named:
        return Severity.HIGH if at_large else Severity.MEDIUM
    return Severity.MEDIUM if at_large else Severity.LOW


def exposure_finding(exp: Exposure, lo: int, hi: int, sources: list[str]) -> Finding:
    proto = PROTOCOL_NAMES.get(exp.protocol, exp.protocol)
    ports = f"{lo}" if lo == hi else f"{lo}-{hi}"
    pieces = exp.restrict(IntervalSet.of((lo, hi)))
    path = path_json(pieces)
    named = sensitive_ports(lo, hi)
    target = exp.instance_id or exp.eni_id
    via = f" through load balancer {exp.via}" if exp.via else ""
    hops = ", ".join(dict.fromkeys(h["id"] for h in path))
    src_set = IntervalSet.union_of(s for p in pieces for s in p.box.src.spans)
    srcs = to_cidrs(src_set)
    at_large = open_at_large(src_set)
    whom = "the internet" if at_large else summarize(src_set)
    return Finding.make(
        type="network/internet-exposure",
        severity=_severity(named, at_large),
        title=f"{proto}/{ports} on {target} is reachable from {whom}{via}",
        resource=exp.resource,
        resource_type="AWS::EC2::Instance" if exp.instance_id else "AWS::EC2::NetworkInterface",
        account=exp.account,
        region=exp.region,
        discriminator=f"{exp.eni_id}/{exp.via}/{proto}/{lo}-{hi}",
        evidence=Evidence(
            summary=f"{proto} port {ports} of {exp.eni_id} is reachable from {summarize(cidrs_set(srcs))}"
            + f" through {hops}"
            + (f"; administration or database ports: {', '.join(named)}" if named else ""),
            details={"protocol": proto, "ports": [lo, hi], "sources": srcs, "eni_id": exp.eni_id,
                     "instance_id": exp.instance_id or None, "via": exp.via or None, "path": path},
            sources=list(sources),
        ),
        remediation="Narrow the security group rule (or network ACL rule) that admits this traffic to the "
        "addresses that need it, or move the instance behind a load balancer or into a private subnet.",
    )


def fact(exp: Exposure) -> dict[str, Any]:
    """The exposure without its path: what the vulnerability score needs."""
    return {"resource": exp.resource, "account": exp.account, "region": exp.region,
            "instance_id": exp.instance_id or None, "eni_id": exp.eni_id,
            "protocol": PROTOCOL_NAMES.get(exp.protocol, exp.protocol), "ports": exp.ports.port_ranges(),
            "sources": to_cidrs(exp.sources), "via": exp.via or None}


def analyze(snapshot: Snapshot, options: ScanOptions) -> Iterable[Finding | Section]:
    """The ``network`` analysis: findings per exposed port range, and the ``network_exposures`` section."""
    from keyaki.scan import Section  # deferred: keyaki.scan imports this module

    net = convert(snapshot)
    report = exposures(net)
    sources = {(r.account, r.region): list(r.sources) for r in net.regions}
    for exp in report.exposures:
        for lo, hi in exp.ports.spans:
            yield exposure_finding(exp, lo, hi, sources.get((exp.account, exp.region), []))
    yield Section("network_exposures", [fact(e) for e in report.exposures])
