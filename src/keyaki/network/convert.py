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

import ipaddress
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


def _s(doc: Any, key: str, default: str = "") -> str:
    """A string field (numbers are written out; anything else is ``default``)."""
    v = doc.get(key) if isinstance(doc, dict) else None
    return str(v) if isinstance(v, str | int) and not isinstance(v, bool) else default


def _i(doc: Any, key: str, default: int) -> int:
    v = doc.get(key) if isinstance(doc, dict) else None
    if isinstance(v, bool):
        return default
    if isinstance(v, int):
        return v
    return int(v) if isinstance(v, str) and v.lstrip("-").isdigit() else default


def _raw_list(doc: Any, key: str) -> list[Any]:
    v = doc.get(key) if isinstance(doc, dict) else None
    return v if isinstance(v, list) else []


def _d(doc: Any, key: str) -> dict[str, Any]:
    v = doc.get(key) if isinstance(doc, dict) else None
    return v if isinstance(v, dict) else {}


def valid_cidr(text: str) -> bool:
    try:
        ipaddress.ip_network(text.strip(), strict=False)
    except ValueError:
        return False
    return True


class _Reader:
    """Reads one account and region, collecting warnings."""

    def __init__(self, snap: Snapshot, account: str, region: str) -> None:
        self.snap, self.account, self.region = snap, account, region
        self.warnings: list[Warning] = []
        self.sources: list[str] = []

    def warn(self, component: str, rid: str, message: str) -> None:
        self.warnings.append(Warning(self.account, self.region, component, rid, message))

    def cidr(self, text: str, component: str, rid: str) -> str:
        """``text`` when it is a CIDR or an address; else "" and a warning (the rule or entry is ignored)."""
        if not text or valid_cidr(text):
            return text
        self.warn(component, rid, f"`{text}` is not a CIDR: the rule or entry holding it is ignored")
        return ""

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
    if raw["describe-instances"] is None and any(e.instance_id for e in region.enis.values()):
        rd.warn("coverage-gap", "ec2 describe-instances", "`ec2 describe-instances` is not in the snapshot: "
                "interfaces attached to instances are analysed as if their instances were running")
    _load_balancers(region, rd)
    _unsupported(rd)
    object.__setattr__(region, "sources", tuple(rd.sources))
    return region


def _fill(r: Region, rd: _Reader, raw: dict[str, list[dict[str, Any]]]) -> None:
    for v in raw["describe-vpcs"]:
        r.vpcs[_s(v, "VpcId")] = _vpc(v)
    for s in raw["describe-subnets"]:
        r.subnets[_s(s, "SubnetId")] = _subnet(s)
    endpoints = rd.items("ec2", "describe-vpc-endpoints", "", "VpcEndpoints") or []
    gateway_endpoints = {_s(e, "VpcEndpointId") for e in endpoints if e.get("VpcEndpointType") == "Gateway"}
    for t in raw["describe-route-tables"]:
        r.route_tables[_s(t, "RouteTableId")] = _route_table(t, rd, gateway_endpoints)
    for a in raw["describe-network-acls"]:
        r.acls[_s(a, "NetworkAclId")] = _acl(a, rd)
    for g in raw["describe-security-groups"]:
        r.groups[_s(g, "GroupId")] = _group(g, rd)
    for i in raw["describe-internet-gateways"]:
        vpcs = tuple(_s(a, "VpcId") for a in _list(i, "Attachments") if a.get("State") in ("available", "attached"))
        r.igws[_s(i, "InternetGatewayId")] = InternetGateway(_s(i, "InternetGatewayId"), vpcs)
    eips = {_s(a, "NetworkInterfaceId"): a for a in raw["describe-addresses"] if _s(a, "NetworkInterfaceId")}
    for n in raw["describe-network-interfaces"]:
        r.enis[_s(n, "NetworkInterfaceId")] = _eni(n, rd.account, eips)
    for res in raw["describe-instances"]:
        for inst in _list(res, "Instances"):
            _instance(r, inst, rd.account, eips)
    _prefix_lists(r, rd)


def _vpc(v: dict[str, Any]) -> Vpc:
    cidrs = [_s(a, "CidrBlock") for a in _list(v, "CidrBlockAssociationSet")
             if _s(_d(a, "CidrBlockState"), "State", "associated") == "associated"] or [_s(v, "CidrBlock")]
    v6 = [_s(a, "Ipv6CidrBlock") for a in _list(v, "Ipv6CidrBlockAssociationSet")
          if _s(_d(a, "Ipv6CidrBlockState"), "State", "associated") == "associated"]
    return Vpc(_s(v, "VpcId"), tuple(c for c in cidrs if valid_cidr(c)), tuple(c for c in v6 if valid_cidr(c)))


def _subnet(s: dict[str, Any]) -> Subnet:
    v6 = [_s(a, "Ipv6CidrBlock") for a in _list(s, "Ipv6CidrBlockAssociationSet")
          if _s(_d(a, "Ipv6CidrBlockState"), "State", "associated") == "associated"]
    cidr = _s(s, "CidrBlock")
    return Subnet(_s(s, "SubnetId"), _s(s, "VpcId"), cidr if valid_cidr(cidr) else "",
                  tuple(c for c in v6 if valid_cidr(c)))


def _route(raw: dict[str, Any], gateway_endpoints: set[Any]) -> Route:
    if _s(raw, "DestinationPrefixListId"):
        dest, is_pl = _s(raw, "DestinationPrefixListId"), True
    else:
        dest, is_pl = _s(raw, "DestinationCidrBlock") or _s(raw, "DestinationIpv6CidrBlock"), False
    kind, target = "other", ""
    for key, k in _ROUTE_TARGETS:
        if _s(raw, key):
            kind, target = k, _s(raw, key)
            break
    gw = _s(raw, "GatewayId")
    if gw and kind == "other":
        target = gw
        kind = next((k for prefix, k in _GATEWAY_PREFIXES if gw.startswith(prefix)), "other")
    if kind == "vpce" and target in gateway_endpoints:
        kind = "gateway-endpoint"
    return Route(dest, is_pl, kind, target, _s(raw, "State", "active"))


def _route_table(t: dict[str, Any], rd: _Reader, gateway_endpoints: set[Any]) -> RouteTable:
    """A route table; a route to a gateway endpoint (S3, DynamoDB) leads to that AWS service, not the internet."""
    assoc = [a for a in _list(t, "Associations")
             if _s(_d(a, "AssociationState"), "State", "associated") == "associated"]
    rt = RouteTable(
        id=_s(t, "RouteTableId"),
        vpc_id=_s(t, "VpcId"),
        main=any(a.get("Main") for a in assoc),
        subnet_ids=tuple(_s(a, "SubnetId") for a in assoc if _s(a, "SubnetId")),
        gateway_ids=tuple(_s(a, "GatewayId") for a in assoc if _s(a, "GatewayId")),
        routes=tuple(_route(r, gateway_endpoints) for r in _list(t, "Routes")),
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


def _acl(a: dict[str, Any], rd: _Reader) -> NetworkAcl:
    entries = []
    for e in _list(a, "Entries"):
        pr = e.get("PortRange")
        ports = (_i(pr, "From", 0), _i(pr, "To", 65535)) if isinstance(pr, dict) else None
        entries.append(AclEntry(
            number=_i(e, "RuleNumber", 32767), egress=bool(e.get("Egress")),
            protocol=protocol_number(_s(e, "Protocol", "-1")), allow=e.get("RuleAction") == "allow",
            cidr=rd.cidr(_s(e, "CidrBlock") or _s(e, "Ipv6CidrBlock"), "network-acl", _s(a, "NetworkAclId")),
            ports=ports))
    entries.sort(key=lambda x: (x.egress, x.number))
    subnets = tuple(_s(s, "SubnetId") for s in _list(a, "Associations") if _s(s, "SubnetId"))
    return NetworkAcl(_s(a, "NetworkAclId"), _s(a, "VpcId"), bool(a.get("IsDefault")), subnets, tuple(entries))


def _sg_rules(group_id: str, perms: list[dict[str, Any]], egress: bool, rd: _Reader) -> tuple[SgRule, ...]:
    out = []
    for i, p in enumerate(perms):
        proto = protocol_number(_s(p, "IpProtocol", "-1"))
        lo, hi = _i(p, "FromPort", -1), _i(p, "ToPort", -1)
        cidrs = [_s(r, "CidrIp") for r in _list(p, "IpRanges")] + [
            _s(r, "CidrIpv6") for r in _list(p, "Ipv6Ranges")]
        cidrs = [rd.cidr(c, "security-group", group_id) for c in cidrs]
        out.append(SgRule(group_id, i, egress, proto, lo, hi, tuple(c for c in cidrs if c),
                          tuple(_s(x, "PrefixListId") for x in _list(p, "PrefixListIds")),
                          tuple(_s(x, "GroupId") for x in _list(p, "UserIdGroupPairs"))))
    return tuple(out)


def _group(g: dict[str, Any], rd: _Reader) -> SecurityGroup:
    gid = _s(g, "GroupId")
    return SecurityGroup(gid, _s(g, "GroupName"), _s(g, "VpcId"),
                         _sg_rules(gid, _list(g, "IpPermissions"), False, rd),
                         _sg_rules(gid, _list(g, "IpPermissionsEgress"), True, rd))


def _public_ips(n: dict[str, Any], eip: dict[str, Any] | None) -> tuple[PublicIp, ...]:
    found: dict[str, PublicIp] = {}
    assocs = [n.get("Association")] + [p.get("Association") for p in _list(n, "PrivateIpAddresses")]
    for a in assocs:
        if isinstance(a, dict) and valid_cidr(_s(a, "PublicIp")):
            auto = a.get("IpOwnerId") == "amazon" and not a.get("AllocationId")
            found[a["PublicIp"]] = PublicIp(a["PublicIp"], "auto-assigned" if auto else "elastic-ip",
                                            _s(a, "AllocationId", ""))
    if eip and valid_cidr(_s(eip, "PublicIp")) and eip.get("AssociationId") and eip["PublicIp"] not in found:
        found[eip["PublicIp"]] = PublicIp(eip["PublicIp"], "elastic-ip", _s(eip, "AllocationId", ""))
    return tuple(found.values())


def _eni(n: dict[str, Any], account: str, eips: dict[Any, dict[str, Any]]) -> Eni:
    att = _d(n, "Attachment")
    privs = [_s(p, "PrivateIpAddress") for p in _list(n, "PrivateIpAddresses")] or [_s(n, "PrivateIpAddress")]
    return Eni(
        id=_s(n, "NetworkInterfaceId"), account=_s(n, "OwnerId") or account, vpc_id=_s(n, "VpcId"),
        subnet_id=_s(n, "SubnetId"), private_ips=tuple(p for p in privs if valid_cidr(p)),
        public_ips=_public_ips(n, eips.get(_s(n, "NetworkInterfaceId"))),
        ipv6=tuple(_s(a, "Ipv6Address") for a in _list(n, "Ipv6Addresses") if valid_cidr(_s(a, "Ipv6Address"))),
        group_ids=tuple(_s(g, "GroupId") for g in _list(n, "Groups")),
        instance_id=_s(att, "InstanceId"), interface_type=_s(n, "InterfaceType", "interface"),
        description=_s(n, "Description", ""), requester_managed=bool(n.get("RequesterManaged")),
        status=_s(n, "Status", "in-use"),
    )


def _instance(r: Region, inst: dict[str, Any], account: str, eips: dict[Any, dict[str, Any]]) -> None:
    iid = _s(inst, "InstanceId")
    enis = []
    nics = sorted(_list(inst, "NetworkInterfaces"),
                  key=lambda n: _i(_d(n, "Attachment"), "DeviceIndex", 0))
    for n in nics:
        eni_id = _s(n, "NetworkInterfaceId")
        enis.append(eni_id)
        if eni_id not in r.enis:  # describe-instances holds the same interface fields
            attachment = {**_d(n, "Attachment"), "InstanceId": iid}
            r.enis[eni_id] = _eni({**n, "Attachment": attachment}, account, eips)
    name = next((_s(t, "Value") for t in _list(inst, "Tags") if t.get("Key") == "Name"), "")
    state = str(_s(_d(inst, "State"), "Name", "unknown"))
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
        r.prefix_lists[pl] = tuple(c for c in (rd.cidr(_s(e, "Cidr"), "prefix-list", pl) for e in entries) if c)


def _load_balancers(r: Region, rd: _Reader) -> None:
    lbs = rd.items("elbv2", "describe-load-balancers", "", "LoadBalancers")
    if lbs is None:
        if any(e.description.startswith("ELB ") for e in r.enis.values()):
            rd.warn("coverage-gap", "elbv2 describe-load-balancers", "load balancers are not in the snapshot: "
                    "paths through them are not analysed")
        return
    tgs = rd.items("elbv2", "describe-target-groups", "", "TargetGroups") or []
    for t in tgs:
        r.target_groups[_s(t, "TargetGroupArn")] = _target_group(t, rd)
    for lb in lbs:
        _load_balancer(r, lb, rd)


def _target_group(t: dict[str, Any], rd: _Reader) -> TargetGroup:
    name = _s(t, "TargetGroupName")
    health = rd.items("elbv2", "describe-target-health", name, "TargetHealthDescriptions")
    if health is None:
        rd.warn("target-group", name, "`elbv2 describe-target-health` is not in the snapshot for this target "
                "group: its targets are unknown")
    raw = [_d(h, "Target") for h in health or []]
    targets = tuple(Target(_s(x, "Id"), _i(x, "Port", _i(t, "Port", 0))) for x in raw)
    return TargetGroup(_s(t, "TargetGroupArn"), name, _s(t, "Protocol", ""), _i(t, "Port", 0),
                       _s(t, "TargetType", "instance"), targets, health is not None)


def _load_balancer(r: Region, lb: dict[str, Any], rd: _Reader) -> None:
    name, kind = _s(lb, "LoadBalancerName"), _s(lb, "Type", "application")
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
                arns += [_s(act, "TargetGroupArn")] if _s(act, "TargetGroupArn") else []
                arns += [_s(g, "TargetGroupArn") for g in _list(_d(act, "ForwardConfig"), "TargetGroups")]
        listeners.append(Listener(_i(li, "Port", 0), _s(li, "Protocol", ""), tuple(dict.fromkeys(arns))))
    if kind == "application" and listeners and lb.get("Scheme") == "internet-facing":
        rd.warn("load-balancer", name, "listener rules (`elbv2 describe-rules`) are not collected: only default "
                "forward actions are followed")
    r.load_balancers[_s(lb, "LoadBalancerArn")] = LoadBalancer(
        arn=_s(lb, "LoadBalancerArn"), name=name, type=kind, scheme=_s(lb, "Scheme", ""),
        vpc_id=_s(lb, "VpcId", ""),
        subnet_ids=tuple(_s(z, "SubnetId") for z in _list(lb, "AvailabilityZones") if z.get("SubnetId")),
        group_ids=tuple(g for g in _raw_list(lb, "SecurityGroups") if isinstance(g, str)), listeners=tuple(listeners),
        ip_address_type=_s(lb, "IpAddressType", "ipv4"))


def _unsupported(rd: _Reader) -> None:
    resp = rd.snap.call(rd.account, rd.region, "network-firewall", "list-firewalls")
    for fw in _list(resp.data, "Firewalls") if resp.ok and isinstance(resp.data, dict) else []:
        name = str(fw.get("FirewallName") or fw.get("FirewallArn") or "firewall")
        desc = rd.snap.call(rd.account, rd.region, "network-firewall", "describe-firewall", name)
        vpc = (desc.get("Firewall") or {}).get("VpcId") if desc.ok else None
        where = f" in `{vpc}`" if vpc else ""
        rd.warn("network-firewall", name, f"AWS Network Firewall present{where}: its rules are not modelled; "
                "paths through its endpoints are not followed")
