"""EC2 and VPC facts the posture checks read, one loader per ``describe-*`` call.

Shapes: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/ (SecurityGroup/IpPermission,
NetworkAcl/NetworkAclEntry, Instance, Vpc, Subnet, FlowLog, Volume, TransitGateway, Address,
NetworkInterface, VpcEndpoint, Snapshot, Image). IpProtocol ``-1`` means every protocol and port;
NACL entries are evaluated in RuleNumber order, first match wins
(https://docs.aws.amazon.com/vpc/latest/userguide/nacl-rules.html).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from keyaki.snapshot import Snapshot
from keyaki.snapshot.views.common import as_dict, as_list, need, tags

WORLD = ("0.0.0.0/0", "::/0")
_PROTO = {"6": "tcp", "17": "udp", "1": "icmp", "58": "icmpv6", "-1": "-1", "all": "-1"}


def _proto(p: Any) -> str:
    s = str(p).lower()
    return _PROTO.get(s, s)


def _call(snap: Snapshot, account: str, region: str, op: str, field: str) -> list[dict[str, Any]]:
    return [as_dict(x) for x in as_list(as_dict(need(snap.call(account, region, "ec2", op))).get(field))]


@dataclass(frozen=True, slots=True)
class Rule:
    """One security-group permission: a protocol, a port range and the sources it admits."""

    protocol: str  # "tcp", "udp", "icmp", "-1"...
    from_port: int
    to_port: int
    cidrs: tuple[str, ...]  # IPv4 and IPv6 ranges

    def covers(self, port: int, protocol: str = "tcp") -> bool:
        if self.protocol == "-1":
            return True
        return self.protocol == protocol and self.from_port <= port <= self.to_port

    def world(self, ipv6: bool | None = None) -> list[str]:
        """The ``0.0.0.0/0`` / ``::/0`` sources of the rule (either family when ``ipv6`` is None)."""
        want = WORLD if ipv6 is None else (WORLD[1],) if ipv6 else (WORLD[0],)
        return [c for c in self.cidrs if c in want]

    @property
    def ports(self) -> str:
        return "all" if self.protocol == "-1" else f"{self.protocol}/{self.from_port}-{self.to_port}"


def _rule(p: dict[str, Any]) -> Rule:
    proto = _proto(p.get("IpProtocol", "-1"))
    lo, hi = p.get("FromPort"), p.get("ToPort")
    if proto in ("-1",) or lo is None or (proto in ("tcp", "udp") and lo == -1):
        lo, hi = 0, 65535
    cidrs = [str(r.get("CidrIp")) for r in as_list(p.get("IpRanges")) if isinstance(r, dict)]
    cidrs += [str(r.get("CidrIpv6")) for r in as_list(p.get("Ipv6Ranges")) if isinstance(r, dict)]
    return Rule(proto, int(lo), int(hi if hi is not None else lo), tuple(cidrs))


@dataclass(frozen=True, slots=True)
class SecurityGroup:
    id: str
    name: str
    vpc_id: str | None
    ingress: tuple[Rule, ...]
    egress: tuple[Rule, ...]
    ingress_count: int  # permissions as listed (including group and prefix-list sources)
    egress_count: int


def security_groups(snap: Snapshot, account: str, region: str) -> tuple[SecurityGroup, ...]:
    return tuple(
        SecurityGroup(
            id=str(g.get("GroupId", "")),
            name=str(g.get("GroupName", "")),
            vpc_id=g.get("VpcId"),
            ingress=tuple(_rule(as_dict(r)) for r in as_list(g.get("IpPermissions"))),
            egress=tuple(_rule(as_dict(r)) for r in as_list(g.get("IpPermissionsEgress"))),
            ingress_count=len(as_list(g.get("IpPermissions"))),
            egress_count=len(as_list(g.get("IpPermissionsEgress"))),
        )
        for g in _call(snap, account, region, "describe-security-groups", "SecurityGroups")
    )


@dataclass(frozen=True, slots=True)
class AclEntry:
    number: int
    protocol: str
    allow: bool
    egress: bool
    cidr: str
    from_port: int
    to_port: int

    def covers(self, port: int, protocol: str = "tcp") -> bool:
        if self.protocol == "-1":
            return True
        return self.protocol == protocol and self.from_port <= port <= self.to_port


@dataclass(frozen=True, slots=True)
class NetworkAcl:
    id: str
    vpc_id: str
    default: bool
    entries: tuple[AclEntry, ...]  # sorted by rule number
    subnets: tuple[str, ...]

    def world_open(self, port: int, protocol: str = "tcp") -> AclEntry | None:
        """The ingress entry admitting ``port`` from ``0.0.0.0/0`` or ``::/0``, unless an earlier /0 entry denies it."""
        decided: set[str] = set()
        for e in self.entries:
            if e.egress or e.cidr not in WORLD or e.cidr in decided or not e.covers(port, protocol):
                continue
            if e.allow:
                return e
            decided.add(e.cidr)
        return None


def network_acls(snap: Snapshot, account: str, region: str) -> tuple[NetworkAcl, ...]:
    out = []
    for a in _call(snap, account, region, "describe-network-acls", "NetworkAcls"):
        entries = []
        for e in as_list(a.get("Entries")):
            e = as_dict(e)
            rng = as_dict(e.get("PortRange"))
            entries.append(
                AclEntry(
                    number=int(e.get("RuleNumber", 32767)),
                    protocol=_proto(e.get("Protocol", "-1")),
                    allow=e.get("RuleAction") == "allow",
                    egress=e.get("Egress") is True,
                    cidr=str(e.get("CidrBlock") or e.get("Ipv6CidrBlock") or ""),
                    from_port=int(rng.get("From", 0)),
                    to_port=int(rng.get("To", 65535)),
                )
            )
        subnets = tuple(str(x.get("SubnetId")) for x in as_list(a.get("Associations")) if isinstance(x, dict))
        out.append(
            NetworkAcl(
                str(a.get("NetworkAclId", "")),
                str(a.get("VpcId", "")),
                a.get("IsDefault") is True,
                tuple(sorted(entries, key=lambda x: x.number)),
                subnets,
            )
        )
    return tuple(out)


@dataclass(frozen=True, slots=True)
class Instance:
    id: str
    arn: str
    state: str
    http_tokens: str | None
    http_endpoint: str | None
    public_ip: str | None
    eni_count: int
    virtualization: str | None
    stopped_since: datetime | None  # from StateTransitionReason, when stopped


_STOPPED = re.compile(r"\((\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}) GMT\)")


def instances(snap: Snapshot, account: str, region: str) -> tuple[Instance, ...]:
    out = []
    for res in _call(snap, account, region, "describe-instances", "Reservations"):
        for i in as_list(res.get("Instances")):
            i = as_dict(i)
            meta = as_dict(i.get("MetadataOptions"))
            m = _STOPPED.search(str(i.get("StateTransitionReason", "")))
            since = datetime.strptime(m.group(1), "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC) if m else None
            iid = str(i.get("InstanceId", ""))
            out.append(
                Instance(
                    id=iid,
                    arn=f"arn:aws:ec2:{region}:{account}:instance/{iid}",
                    state=str(as_dict(i.get("State")).get("Name", "")),
                    http_tokens=meta.get("HttpTokens"),
                    http_endpoint=meta.get("HttpEndpoint"),
                    public_ip=i.get("PublicIpAddress"),
                    eni_count=len(as_list(i.get("NetworkInterfaces"))),
                    virtualization=i.get("VirtualizationType"),
                    stopped_since=since,
                )
            )
    return tuple(out)


@dataclass(frozen=True, slots=True)
class Vpc:
    id: str
    arn: str
    default: bool


def vpcs(snap: Snapshot, account: str, region: str) -> tuple[Vpc, ...]:
    return tuple(
        Vpc(str(v.get("VpcId")), f"arn:aws:ec2:{region}:{account}:vpc/{v.get('VpcId')}", v.get("IsDefault") is True)
        for v in _call(snap, account, region, "describe-vpcs", "Vpcs")
    )


@dataclass(frozen=True, slots=True)
class Subnet:
    id: str
    arn: str
    vpc_id: str
    zone: str
    maps_public_ip: bool


def subnets(snap: Snapshot, account: str, region: str) -> tuple[Subnet, ...]:
    return tuple(
        Subnet(
            str(s.get("SubnetId")),
            str(s.get("SubnetArn") or f"arn:aws:ec2:{region}:{account}:subnet/{s.get('SubnetId')}"),
            str(s.get("VpcId")),
            str(s.get("AvailabilityZone", "")),
            s.get("MapPublicIpOnLaunch") is True,
        )
        for s in _call(snap, account, region, "describe-subnets", "Subnets")
    )


def flow_logs(snap: Snapshot, account: str, region: str) -> dict[str, list[str]]:
    """Resource id -> traffic types of its ACTIVE flow logs."""
    out: dict[str, list[str]] = {}
    for f in _call(snap, account, region, "describe-flow-logs", "FlowLogs"):
        if f.get("FlowLogStatus", "ACTIVE") == "ACTIVE":
            out.setdefault(str(f.get("ResourceId")), []).append(str(f.get("TrafficType", "ALL")))
    return out


@dataclass(frozen=True, slots=True)
class Volume:
    id: str
    arn: str
    encrypted: bool
    attached: bool


def volumes(snap: Snapshot, account: str, region: str) -> tuple[Volume, ...]:
    return tuple(
        Volume(
            str(v.get("VolumeId")),
            f"arn:aws:ec2:{region}:{account}:volume/{v.get('VolumeId')}",
            v.get("Encrypted") is True,
            bool(as_list(v.get("Attachments"))),
        )
        for v in _call(snap, account, region, "describe-volumes", "Volumes")
    )


def ebs_encryption_by_default(snap: Snapshot, account: str, region: str) -> bool:
    return (
        as_dict(need(snap.call(account, region, "ec2", "get-ebs-encryption-by-default"))).get("EbsEncryptionByDefault")
        is True
    )


@dataclass(frozen=True, slots=True)
class Simple:
    """A resource reduced to its id, ARN, one flag or value, and its tags."""

    id: str
    arn: str
    value: Any
    tags: dict[str, str]


def transit_gateways(snap: Snapshot, account: str, region: str) -> tuple[Simple, ...]:
    return tuple(
        Simple(
            str(t.get("TransitGatewayId")),
            str(t.get("TransitGatewayArn", "")),
            as_dict(t.get("Options")).get("AutoAcceptSharedAttachments"),
            tags(t.get("Tags")),
        )
        for t in _call(snap, account, region, "describe-transit-gateways", "TransitGateways")
    )


def addresses(snap: Snapshot, account: str, region: str) -> tuple[Simple, ...]:
    """Elastic IPs; ``value`` is the association (instance or ENI) or None."""
    return tuple(
        Simple(
            str(a.get("AllocationId", a.get("PublicIp"))),
            f"arn:aws:ec2:{region}:{account}:elastic-ip/{a.get('AllocationId', a.get('PublicIp'))}",
            a.get("AssociationId") or a.get("InstanceId") or a.get("NetworkInterfaceId"),
            tags(a.get("Tags")),
        )
        for a in _call(snap, account, region, "describe-addresses", "Addresses")
    )


def interface_groups(snap: Snapshot, account: str, region: str) -> frozenset[str]:
    """Ids of the security groups attached to at least one network interface."""
    return frozenset(
        str(g.get("GroupId"))
        for n in _call(snap, account, region, "describe-network-interfaces", "NetworkInterfaces")
        for g in as_list(n.get("Groups"))
        if isinstance(g, dict)
    )


def vpc_endpoints(snap: Snapshot, account: str, region: str) -> tuple[tuple[str, str, str], ...]:
    """(vpc id, service name, state) of every VPC endpoint."""
    return tuple(
        (str(e.get("VpcId")), str(e.get("ServiceName")), str(e.get("State", "")).lower())
        for e in _call(snap, account, region, "describe-vpc-endpoints", "VpcEndpoints")
    )


def ebs_snapshots(snap: Snapshot, account: str, region: str) -> tuple[Simple, ...]:
    """The account's own EBS snapshots; ``value`` is Encrypted."""
    return tuple(
        Simple(
            str(s.get("SnapshotId")),
            f"arn:aws:ec2:{region}:{account}:snapshot/{s.get('SnapshotId')}",
            s.get("Encrypted") is True,
            tags(s.get("Tags")),
        )
        for s in _call(snap, account, region, "describe-snapshots", "Snapshots")
    )


def images(snap: Snapshot, account: str, region: str) -> tuple[Simple, ...]:
    """The account's own AMIs; ``value`` is Public."""
    return tuple(
        Simple(
            str(i.get("ImageId")),
            f"arn:aws:ec2:{region}::image/{i.get('ImageId')}",
            i.get("Public") is True,
            tags(i.get("Tags")),
        )
        for i in _call(snap, account, region, "describe-images", "Images")
    )
