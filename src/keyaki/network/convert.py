"""Snapshot → :class:`~keyaki.network.model.Network`: read each ``describe-*`` response once.

Works the same on a full snapshot and on a folder of EC2 ``describe-*`` outputs per region (the
snapshot loader maps both onto one layout). What the model cannot interpret becomes a
:class:`~keyaki.network.model.Warning`: AWS Network Firewall, Gateway Load Balancers, routes to an
appliance (instance, network interface, Gateway Load Balancer endpoint), transit gateways (what lies
beyond is not modelled), ingress routing (edge associations). A call reachability needs that is not in
the snapshot is a coverage gap: the region is reported as *not analysed*, never as "unreachable".

Field meanings: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RouteTable.html,
API_NetworkAcl.html, API_SecurityGroup.html, API_NetworkInterface.html, API_Instance.html, and
https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_LoadBalancer.html.
"""

from __future__ import annotations

from typing import Any

from keyaki.network.model import (
    AclEntry,
    Eni,
    Instance,
    InternetGateway,
    Listener,
    LoadBalancer,
    Network,
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
    Vpc,
    Warning,
    protocol_number,
)
from keyaki.network.reach import UNMODELLED_TARGETS
from keyaki.snapshot import Snapshot

# calls without which no ENI of the region can be analysed
ESSENTIAL = (
    "describe-subnets",
    "describe-route-tables",
    "describe-internet-gateways",
    "describe-network-acls",
    "describe-security-groups",
)
_ROUTE_TARGETS = (
    ("EgressOnlyInternetGatewayId", "eigw"),
    ("NatGatewayId", "nat"),
    ("VpcPeeringConnectionId", "pcx"),
    ("TransitGatewayId", "tgw"),
    ("NetworkInterfaceId", "eni"),
    ("InstanceId", "instance"),
    ("LocalGatewayId", "local-gateway"),
    ("CarrierGatewayId", "carrier"),
    ("CoreNetworkArn", "core-network"),
    ("VpcEndpointId", "vpce"),
)
_GATEWAY_PREFIXES = (("igw-", "igw"), ("vgw-", "vgw"), ("vpce-", "vpce"), ("local", "local"))


def _list(doc: Any, key: str) -> list[dict[str, Any]]:
    items = doc.get(key) if isinstance(doc, dict) else None
    return [i for i in items if isinstance(i, dict)] if isinstance(items, list) else []


class _Reader:
    """Reads one account and region, collecting warnings."""

    def __init__(self, snap: Snapshot, account: str, region: str) -> None:
        self.snap, self.account, self.region = snap, account, region
        self.warnings: list[Warning] = []
        self.sources: list[str] = []

    def warn(self, component: str, rid: str, message: str) -> None:
        self.warnings.append(Warning(self.account, self.region, component, rid, message))

    def items(self, service: str, operation: str, key: str, list_key: str) -> list[dict[str, Any]] | None:
        resp = self.snap.call(self.account, self.region, service, operation, key or None)
        if not resp.ok:
            return None
        self.sources.append(resp.path)
        return _list(resp.data, list_key)


def convert(snap: Snapshot) -> Network:
    """Build the network model of every account and region in the snapshot."""
    regions: list[Region] = []
    warnings: list[Warning] = []
    for account in snap.accounts():
        for region in snap.regions(account):
            reader = _Reader(snap, account, region)
            built = _region(reader)
            warnings.extend(reader.warnings)
            if built is not None:
                regions.append(built)
    return Network(tuple(regions), tuple(warnings))


def _region(rd: _Reader) -> Region | None:
    raw = {op: rd.items("ec2", op, "", key) for op, key in (
        ("describe-subnets", "Subnets"), ("describe-route-tables", "RouteTables"),
        ("describe-internet-gateways", "InternetGateways"), ("describe-network-acls", "NetworkAcls"),
        ("describe-security-groups", "SecurityGroups"), ("describe-vpcs", "Vpcs"),
        ("describe-network-interfaces", "NetworkInterfaces"), ("describe-instances", "Reservations"),
        ("describe-addresses", "Addresses"))}
    if all(v is None for v in raw.values()):
        return None  # no EC2 data collected in this region: nothing to say
    missing = [op for op in ESSENTIAL if raw[op] is None]
    if raw["describe-network-interfaces"] is None and raw["describe-instances"] is None:
        missing.append("describe-network-interfaces")
    for op in missing:
        rd.warn("coverage-gap", f"ec2 {op}", f"`ec2 {op}` is not in the snapshot: this region's network "
                "interfaces are not analysed (not reported as unreachable)")
    region = Region(rd.account, rd.region, complete=not missing)
    _fill(region, rd, {k: v or [] for k, v in raw.items()})
    _load_balancers(region, rd)
    _unsupported(rd)
    object.__setattr__(region, "sources", tuple(rd.sources))
    return region


def _fill(r: Region, rd: _Reader, raw: dict[str, list[dict[str, Any]]]) -> None:
    for v in raw["describe-vpcs"]:
        r.vpcs[v.get("VpcId", "")] = _vpc(v)
    for s in raw["describe-subnets"]:
        r.subnets[s.get("SubnetId", "")] = _subnet(s)
    for t in raw["describe-route-tables"]:
        r.route_tables[t.get("RouteTableId", "")] = _route_table(t, rd)
    for a in raw["describe-network-acls"]:
        r.acls[a.get("NetworkAclId", "")] = _acl(a)
    for g in raw["describe-security-groups"]:
        r.groups[g.get("GroupId", "")] = _group(g)
    for i in raw["describe-internet-gateways"]:
        vpcs = tuple(a.get("VpcId", "") for a in _list(i, "Attachments") if a.get("State") in ("available", "attached"))
        r.igws[i.get("InternetGatewayId", "")] = InternetGateway(i.get("InternetGatewayId", ""), vpcs)
    eips = {a.get("NetworkInterfaceId"): a for a in raw["describe-addresses"] if a.get("NetworkInterfaceId")}
    for n in raw["describe-network-interfaces"]:
        r.enis[n.get("NetworkInterfaceId", "")] = _eni(n, rd.account, eips)
    for res in raw["describe-instances"]:
        for inst in _list(res, "Instances"):
            _instance(r, inst, rd.account, eips)
    _prefix_lists(r, rd)


def _vpc(v: dict[str, Any]) -> Vpc:
    cidrs = [a.get("CidrBlock", "") for a in _list(v, "CidrBlockAssociationSet")
             if (a.get("CidrBlockState") or {}).get("State", "associated") == "associated"] or [v.get("CidrBlock", "")]
    v6 = [a.get("Ipv6CidrBlock", "") for a in _list(v, "Ipv6CidrBlockAssociationSet")
          if (a.get("Ipv6CidrBlockState") or {}).get("State", "associated") == "associated"]
    return Vpc(v.get("VpcId", ""), tuple(c for c in cidrs if c), tuple(c for c in v6 if c))


def _subnet(s: dict[str, Any]) -> Subnet:
    v6 = [a.get("Ipv6CidrBlock", "") for a in _list(s, "Ipv6CidrBlockAssociationSet")
          if (a.get("Ipv6CidrBlockState") or {}).get("State", "associated") == "associated"]
    return Subnet(s.get("SubnetId", ""), s.get("VpcId", ""), s.get("CidrBlock", ""), tuple(c for c in v6 if c))


def _route(raw: dict[str, Any]) -> Route:
    if raw.get("DestinationPrefixListId"):
        dest, is_pl = raw["DestinationPrefixListId"], True
    else:
        dest, is_pl = raw.get("DestinationCidrBlock") or raw.get("DestinationIpv6CidrBlock") or "", False
    kind, target = "other", ""
    for key, k in _ROUTE_TARGETS:
        if raw.get(key):
            kind, target = k, str(raw[key])
            break
    gw = str(raw.get("GatewayId") or "")
    if gw and kind == "other":
        target = gw
        kind = next((k for prefix, k in _GATEWAY_PREFIXES if gw.startswith(prefix)), "other")
    return Route(dest, is_pl, kind, target, str(raw.get("State", "active")))


def _route_table(t: dict[str, Any], rd: _Reader) -> RouteTable:
    assoc = [a for a in _list(t, "Associations")
             if (a.get("AssociationState") or {}).get("State", "associated") == "associated"]
    rt = RouteTable(
        id=t.get("RouteTableId", ""),
        vpc_id=t.get("VpcId", ""),
        main=any(a.get("Main") for a in assoc),
        subnet_ids=tuple(a["SubnetId"] for a in assoc if a.get("SubnetId")),
        gateway_ids=tuple(a["GatewayId"] for a in assoc if a.get("GatewayId")),
        routes=tuple(_route(r) for r in _list(t, "Routes")),
    )
    if rt.gateway_ids:
        rd.warn("route-table", rt.id, f"edge association with {', '.join(rt.gateway_ids)} (ingress routing): "
                "traffic entering through the gateway may be sent to an appliance; not modelled")
    for route in rt.routes:
        if route.target_kind in UNMODELLED_TARGETS:
            rd.warn("route-table", rt.id, f"route {route.describe()} goes to {route.target_kind} `{route.target_id}` "
                    "(an appliance, or a gateway whose far side keyaki does not model): paths using it are not "
                    "followed, and answers that depend on it are undecided")
    return rt


def _acl(a: dict[str, Any]) -> NetworkAcl:
    entries = []
    for e in _list(a, "Entries"):
        pr = e.get("PortRange")
        ports = (int(pr.get("From", 0)), int(pr.get("To", 65535))) if isinstance(pr, dict) else None
        entries.append(AclEntry(
            number=int(e.get("RuleNumber", 32767)), egress=bool(e.get("Egress")),
            protocol=protocol_number(str(e.get("Protocol", "-1"))), allow=e.get("RuleAction") == "allow",
            cidr=e.get("CidrBlock") or e.get("Ipv6CidrBlock") or "", ports=ports))
    entries.sort(key=lambda x: (x.egress, x.number))
    subnets = tuple(s["SubnetId"] for s in _list(a, "Associations") if s.get("SubnetId"))
    return NetworkAcl(a.get("NetworkAclId", ""), a.get("VpcId", ""), bool(a.get("IsDefault")), subnets, tuple(entries))


def _sg_rules(group_id: str, perms: list[dict[str, Any]], egress: bool) -> tuple[SgRule, ...]:
    out = []
    for i, p in enumerate(perms):
        proto = protocol_number(str(p.get("IpProtocol", "-1")))
        lo, hi = int(p.get("FromPort", -1) if p.get("FromPort") is not None else -1), int(
            p.get("ToPort", -1) if p.get("ToPort") is not None else -1)
        cidrs = [r.get("CidrIp", "") for r in _list(p, "IpRanges")] + [
            r.get("CidrIpv6", "") for r in _list(p, "Ipv6Ranges")]
        out.append(SgRule(group_id, i, egress, proto, lo, hi, tuple(c for c in cidrs if c),
                          tuple(x.get("PrefixListId", "") for x in _list(p, "PrefixListIds")),
                          tuple(x.get("GroupId", "") for x in _list(p, "UserIdGroupPairs"))))
    return tuple(out)


def _group(g: dict[str, Any]) -> SecurityGroup:
    gid = g.get("GroupId", "")
    return SecurityGroup(gid, g.get("GroupName", ""), g.get("VpcId", ""),
                         _sg_rules(gid, _list(g, "IpPermissions"), False),
                         _sg_rules(gid, _list(g, "IpPermissionsEgress"), True))


def _public_ips(n: dict[str, Any], eip: dict[str, Any] | None) -> tuple[PublicIp, ...]:
    found: dict[str, PublicIp] = {}
    assocs = [n.get("Association")] + [p.get("Association") for p in _list(n, "PrivateIpAddresses")]
    for a in assocs:
        if isinstance(a, dict) and a.get("PublicIp"):
            auto = a.get("IpOwnerId") == "amazon" and not a.get("AllocationId")
            found[a["PublicIp"]] = PublicIp(a["PublicIp"], "auto-assigned" if auto else "elastic-ip",
                                            str(a.get("AllocationId", "")))
    if eip and eip.get("PublicIp") and eip.get("AssociationId") and eip["PublicIp"] not in found:
        found[eip["PublicIp"]] = PublicIp(eip["PublicIp"], "elastic-ip", str(eip.get("AllocationId", "")))
    return tuple(found.values())


def _eni(n: dict[str, Any], account: str, eips: dict[Any, dict[str, Any]]) -> Eni:
    att = n.get("Attachment") if isinstance(n.get("Attachment"), dict) else {}
    privs = [p.get("PrivateIpAddress", "") for p in _list(n, "PrivateIpAddresses")] or [n.get("PrivateIpAddress", "")]
    return Eni(
        id=n.get("NetworkInterfaceId", ""), account=str(n.get("OwnerId") or account), vpc_id=n.get("VpcId", ""),
        subnet_id=n.get("SubnetId", ""), private_ips=tuple(p for p in privs if p),
        public_ips=_public_ips(n, eips.get(n.get("NetworkInterfaceId"))),
        ipv6=tuple(a.get("Ipv6Address", "") for a in _list(n, "Ipv6Addresses") if a.get("Ipv6Address")),
        group_ids=tuple(g.get("GroupId", "") for g in _list(n, "Groups")),
        instance_id=str((att or {}).get("InstanceId", "")), interface_type=str(n.get("InterfaceType", "interface")),
        description=str(n.get("Description", "")), requester_managed=bool(n.get("RequesterManaged")),
    )


def _instance(r: Region, inst: dict[str, Any], account: str, eips: dict[Any, dict[str, Any]]) -> None:
    iid = inst.get("InstanceId", "")
    enis = []
    nics = sorted(_list(inst, "NetworkInterfaces"),
                  key=lambda n: int((n.get("Attachment") or {}).get("DeviceIndex", 0)))
    for n in nics:
        eni_id = n.get("NetworkInterfaceId", "")
        enis.append(eni_id)
        if eni_id not in r.enis:  # describe-instances holds the same interface fields
            attachment = {**(n.get("Attachment") or {}), "InstanceId": iid}
            r.enis[eni_id] = _eni({**n, "Attachment": attachment}, account, eips)
    name = next((t.get("Value", "") for t in _list(inst, "Tags") if t.get("Key") == "Name"), "")
    state = str((inst.get("State") or {}).get("Name", "unknown"))
    r.instances[iid] = Instance(iid, account, state, tuple(enis), name)


def _prefix_lists(r: Region, rd: _Reader) -> None:
    wanted = {pl for g in r.groups.values() for rule in g.ingress for pl in rule.prefix_lists}
    wanted |= {rt.destination for t in r.route_tables.values() for rt in t.routes if rt.prefix_list}
    for pl in sorted(wanted):
        entries = rd.items("ec2", "get-managed-prefix-list-entries", pl, "Entries")
        if entries is None:
            rd.warn("prefix-list", pl, f"entries of prefix list `{pl}` are not in the snapshot: rules and routes "
                    "using it are treated as matching nothing")
            continue
        r.prefix_lists[pl] = tuple(e.get("Cidr", "") for e in entries if e.get("Cidr"))


def _load_balancers(r: Region, rd: _Reader) -> None:
    lbs = rd.items("elbv2", "describe-load-balancers", "", "LoadBalancers")
    if lbs is None:
        if any(e.description.startswith("ELB ") for e in r.enis.values()):
            rd.warn("coverage-gap", "elbv2 describe-load-balancers", "load balancers are not in the snapshot: "
                    "paths through them are not analysed")
        return
    tgs = rd.items("elbv2", "describe-target-groups", "", "TargetGroups") or []
    for t in tgs:
        r.target_groups[t.get("TargetGroupArn", "")] = _target_group(t, rd)
    for lb in lbs:
        _load_balancer(r, lb, rd)


def _target_group(t: dict[str, Any], rd: _Reader) -> TargetGroup:
    name = t.get("TargetGroupName", "")
    health = rd.items("elbv2", "describe-target-health", name, "TargetHealthDescriptions")
    if health is None:
        rd.warn("target-group", name, "`elbv2 describe-target-health` is not in the snapshot for this target "
                "group: its targets are unknown")
    raw = [h.get("Target") or {} for h in health or []]
    targets = tuple(Target(str(x.get("Id", "")), int(x.get("Port") or t.get("Port") or 0)) for x in raw)
    return TargetGroup(t.get("TargetGroupArn", ""), name, str(t.get("Protocol", "")), int(t.get("Port") or 0),
                       str(t.get("TargetType", "instance")), targets, health is not None)


def _load_balancer(r: Region, lb: dict[str, Any], rd: _Reader) -> None:
    name, kind = lb.get("LoadBalancerName", ""), str(lb.get("Type", "application"))
    if kind == "gateway":
        rd.warn("load-balancer", name, "Gateway Load Balancer: traffic it inspects is not modelled")
        return
    raw_listeners = rd.items("elbv2", "describe-listeners", name, "Listeners")
    if raw_listeners is None and lb.get("Scheme") == "internet-facing":
        rd.warn("load-balancer", name, "`elbv2 describe-listeners` is not in the snapshot: paths through this "
                "load balancer are not analysed")
    listeners = []
    for li in raw_listeners or []:
        arns: list[str] = []
        for act in _list(li, "DefaultActions"):
            if act.get("Type") == "forward":
                arns += [act["TargetGroupArn"]] if act.get("TargetGroupArn") else []
                arns += [g.get("TargetGroupArn", "") for g in _list(act.get("ForwardConfig") or {}, "TargetGroups")]
        listeners.append(Listener(int(li.get("Port") or 0), str(li.get("Protocol", "")), tuple(dict.fromkeys(arns))))
    if kind == "application" and listeners and lb.get("Scheme") == "internet-facing":
        rd.warn("load-balancer", name, "listener rules (`elbv2 describe-rules`) are not collected: only default "
                "forward actions are followed")
    r.load_balancers[lb.get("LoadBalancerArn", "")] = LoadBalancer(
        arn=lb.get("LoadBalancerArn", ""), name=name, type=kind, scheme=str(lb.get("Scheme", "")),
        vpc_id=str(lb.get("VpcId", "")),
        subnet_ids=tuple(z.get("SubnetId", "") for z in _list(lb, "AvailabilityZones") if z.get("SubnetId")),
        group_ids=tuple(str(g) for g in lb.get("SecurityGroups") or []), listeners=tuple(listeners),
        ip_address_type=str(lb.get("IpAddressType", "ipv4")))


def _unsupported(rd: _Reader) -> None:
    resp = rd.snap.call(rd.account, rd.region, "ec2", "describe-network-firewalls")
    if resp.ok and isinstance(resp.data, dict):
        for value in resp.data.values():
            for fw in value if isinstance(value, list) else []:
                fw_dict = fw if isinstance(fw, dict) else {}
                name = str(fw_dict.get("FirewallName") or fw_dict.get("FirewallArn") or "firewall")
                rd.warn("network-firewall", name, "AWS Network Firewall present: its rules are not modelled; "
                        "paths through its endpoints are not followed")
