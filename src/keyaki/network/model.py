"""A typed, frozen model of the EC2/VPC and ELBv2 data keyaki reasons about.

One class per AWS entity (as Batfish does), holding only the fields reachability depends on; every
field is read once from the verbatim ``describe-*`` JSON by :mod:`keyaki.network.convert`.
Semantics follow the Amazon VPC User Guide:
https://docs.aws.amazon.com/vpc/latest/userguide/how-it-works.html (route tables, network ACLs,
security groups, internet gateways) and the ELB guides
https://docs.aws.amazon.com/elasticloadbalancing/latest/application/introduction.html.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# protocol numbers as network ACLs and security groups name them
TCP, UDP = "6", "17"
PROTOCOL_NAMES = {"6": "tcp", "17": "udp"}
PROTOCOL_NUMBERS = {"tcp": "6", "udp": "17", "-1": "-1", "all": "-1", "icmp": "1", "icmpv6": "58"}


def protocol_number(text: str) -> str:
    """``tcp`` / ``6`` → ``6``; ``-1`` means every protocol.

    >>> protocol_number("TCP"), protocol_number("17"), protocol_number("-1")
    ('6', '17', '-1')
    """
    t = str(text).strip().lower()
    return PROTOCOL_NUMBERS.get(t, t)


@dataclass(frozen=True, slots=True)
class Warning:
    """Something the model cannot interpret: listed in every answer, never silently assumed."""

    account: str
    region: str
    component: str
    id: str
    message: str

    def to_json(self) -> dict[str, str]:
        return {"account": self.account, "region": self.region, "component": self.component,
                "id": self.id, "message": self.message}


@dataclass(frozen=True, slots=True)
class Route:
    """One route: a destination (CIDR or prefix list) and a target."""

    destination: str  # a CIDR, or a prefix list id when ``prefix_list`` is true
    prefix_list: bool
    target_kind: str  # local, igw, eigw, nat, pcx, vgw, tgw, instance, eni, vpce, carrier, other
    target_id: str
    state: str  # "active" or "blackhole"

    def describe(self) -> str:
        return f"{self.destination} -> {self.target_id}" + (" (blackhole)" if self.state == "blackhole" else "")


@dataclass(frozen=True, slots=True)
class RouteTable:
    id: str
    vpc_id: str
    main: bool
    subnet_ids: tuple[str, ...]
    gateway_ids: tuple[str, ...]  # edge associations (ingress routing)
    routes: tuple[Route, ...]


@dataclass(frozen=True, slots=True)
class AclEntry:
    """One numbered network ACL rule. ``ports`` is None when the rule covers every port."""

    number: int
    egress: bool
    protocol: str  # "-1", "6", "17", ...
    allow: bool
    cidr: str
    ports: tuple[int, int] | None

    def describe(self) -> str:
        proto = PROTOCOL_NAMES.get(self.protocol, f"protocol {self.protocol}")
        ports = f"{proto} ports {self.ports[0]}-{self.ports[1]}" if self.ports and self.protocol != "-1" else (
            "all traffic" if self.protocol == "-1" else f"all {proto}")
        number = "*" if self.number == 32767 else str(self.number)
        direction = "outbound" if self.egress else "inbound"
        return f"{direction} rule {number}: {'allow' if self.allow else 'deny'} {ports} {self.cidr}"


@dataclass(frozen=True, slots=True)
class NetworkAcl:
    id: str
    vpc_id: str
    default: bool
    subnet_ids: tuple[str, ...]
    entries: tuple[AclEntry, ...]  # sorted by rule number

    def rules(self, egress: bool) -> tuple[AclEntry, ...]:
        return tuple(e for e in self.entries if e.egress == egress)


@dataclass(frozen=True, slots=True)
class SgRule:
    """One security group permission (one ``IpPermissions`` item)."""

    group_id: str
    index: int
    egress: bool
    protocol: str  # "-1", "6", "17", "1", ...
    from_port: int
    to_port: int
    cidrs: tuple[str, ...]
    prefix_lists: tuple[str, ...]
    groups: tuple[str, ...]

    def describe(self) -> str:
        proto = PROTOCOL_NAMES.get(self.protocol, f"protocol {self.protocol}")
        if self.protocol == "-1":
            what = "all traffic"
        elif self.from_port < 0 or (self.from_port, self.to_port) == (0, 65535):
            what = f"all {proto}"
        else:
            what = f"{proto} port {self.from_port}" if self.from_port == self.to_port else (
                f"{proto} ports {self.from_port}-{self.to_port}")
        peers = ", ".join((*self.cidrs, *self.prefix_lists, *self.groups))
        return f"outbound {what} to {peers}" if self.egress else f"inbound {what} from {peers}"


@dataclass(frozen=True, slots=True)
class SecurityGroup:
    id: str
    name: str
    vpc_id: str
    ingress: tuple[SgRule, ...]
    egress: tuple[SgRule, ...]


@dataclass(frozen=True, slots=True)
class PublicIp:
    address: str
    kind: str  # "auto-assigned" or "elastic-ip"
    allocation_id: str = ""


@dataclass(frozen=True, slots=True)
class Eni:
    id: str
    account: str
    vpc_id: str
    subnet_id: str
    private_ips: tuple[str, ...]
    public_ips: tuple[PublicIp, ...]
    ipv6: tuple[str, ...]
    group_ids: tuple[str, ...]
    instance_id: str  # "" when not attached to an instance
    interface_type: str
    description: str
    requester_managed: bool
    status: str = "in-use"  # "available" = not attached to anything: receives no traffic


@dataclass(frozen=True, slots=True)
class Instance:
    id: str
    account: str
    state: str
    eni_ids: tuple[str, ...]
    name: str = ""


@dataclass(frozen=True, slots=True)
class Subnet:
    id: str
    vpc_id: str
    cidr: str
    ipv6_cidrs: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Vpc:
    id: str
    cidrs: tuple[str, ...]
    ipv6_cidrs: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class InternetGateway:
    id: str
    vpc_ids: tuple[str, ...]  # attachments in state "available"


@dataclass(frozen=True, slots=True)
class Listener:
    port: int
    protocol: str
    target_group_arns: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class LoadBalancer:
    arn: str
    name: str
    type: str  # application, network, gateway
    scheme: str  # internet-facing, internal
    vpc_id: str
    subnet_ids: tuple[str, ...]
    group_ids: tuple[str, ...]
    listeners: tuple[Listener, ...]
    ip_address_type: str  # ipv4, dualstack...


@dataclass(frozen=True, slots=True)
class Target:
    id: str
    port: int


@dataclass(frozen=True, slots=True)
class TargetGroup:
    arn: str
    name: str
    protocol: str
    port: int
    target_type: str  # instance, ip, lambda, alb
    targets: tuple[Target, ...]
    collected: bool  # describe-target-health was read


@dataclass(frozen=True, slots=True)
class Region:
    """Everything one account and region holds, indexed by id."""

    account: str
    region: str
    vpcs: dict[str, Vpc] = field(default_factory=dict)
    subnets: dict[str, Subnet] = field(default_factory=dict)
    route_tables: dict[str, RouteTable] = field(default_factory=dict)
    acls: dict[str, NetworkAcl] = field(default_factory=dict)
    groups: dict[str, SecurityGroup] = field(default_factory=dict)
    enis: dict[str, Eni] = field(default_factory=dict)
    instances: dict[str, Instance] = field(default_factory=dict)
    igws: dict[str, InternetGateway] = field(default_factory=dict)
    load_balancers: dict[str, LoadBalancer] = field(default_factory=dict)
    target_groups: dict[str, TargetGroup] = field(default_factory=dict)
    prefix_lists: dict[str, tuple[str, ...]] = field(default_factory=dict)
    complete: bool = True  # False when a call reachability needs is missing (a coverage gap)
    sources: tuple[str, ...] = ()
    index: dict[str, dict[str, Any]] = field(default_factory=dict, repr=False, compare=False)

    def _indexed(self) -> dict[str, dict[str, Any]]:
        """Lookup tables built on first use (the model is not changed after conversion)."""
        if not self.index:
            rts: dict[str, Any] = {}
            for rt in self.route_tables.values():
                rts.update({s: rt for s in rt.subnet_ids if s not in rts})
                if rt.main:
                    rts.setdefault(f"main:{rt.vpc_id}", rt)
            acls: dict[str, Any] = {}
            for acl in self.acls.values():
                acls.update({s: acl for s in acl.subnet_ids if s not in acls})
                if acl.default:
                    acls.setdefault(f"default:{acl.vpc_id}", acl)
            igws = {v: g for g in reversed(list(self.igws.values())) for v in g.vpc_ids}
            self.index.update(rts=rts, acls=acls, igws=igws)
        return self.index

    def route_table_of(self, subnet_id: str) -> RouteTable | None:
        """The subnet's explicitly associated route table, else its VPC's main route table."""
        vpc = self.subnets[subnet_id].vpc_id if subnet_id in self.subnets else ""
        rts = self._indexed()["rts"]
        found: RouteTable | None = rts.get(subnet_id) or rts.get(f"main:{vpc}")
        return found

    def acl_of(self, subnet_id: str) -> NetworkAcl | None:
        """The network ACL associated with the subnet, else its VPC's default ACL."""
        vpc = self.subnets[subnet_id].vpc_id if subnet_id in self.subnets else ""
        acls = self._indexed()["acls"]
        found: NetworkAcl | None = acls.get(subnet_id) or acls.get(f"default:{vpc}")
        return found

    def igw_of(self, vpc_id: str) -> InternetGateway | None:
        """The internet gateway attached to the VPC (AWS allows one)."""
        found: InternetGateway | None = self._indexed()["igws"].get(vpc_id)
        return found

    def arn(self, kind: str, resource_id: str) -> str:
        return f"arn:aws:ec2:{self.region}:{self.account}:{kind}/{resource_id}"


@dataclass(frozen=True, slots=True)
class Network:
    """The whole estate: one :class:`Region` per account and region, and the warnings."""

    regions: tuple[Region, ...]
    warnings: tuple[Warning, ...]

    def find_eni(self, eni_id: str) -> tuple[Region, Eni] | None:
        for r in self.regions:
            if eni_id in r.enis:
                return r, r.enis[eni_id]
        return None

    def find_instance(self, instance_id: str) -> tuple[Region, Instance] | None:
        for r in self.regions:
            if instance_id in r.instances:
                return r, r.instances[instance_id]
        return None

    def warnings_json(self) -> list[dict[str, Any]]:
        return [w.to_json() for w in self.warnings]
