"""Render the demo's networks (build_demo_net_model) as EC2 and ELBv2 ``describe-*`` responses."""

from __future__ import annotations

import ipaddress
from typing import Any

from build_demo_common import (
    AZ_IDS,
    at,
    hexid,
    iso,
)
from build_demo_net_model import PEERING, Instance, NaclEntry, Network, Rule

PREFIX_LISTS = {
    "us-east-1": {
        "s3": (
            "pl-63a5400a",
            ["3.5.0.0/19", "16.15.176.0/20", "16.182.0.0/16", "18.34.0.0/19", "52.216.0.0/15", "54.231.0.0/16"],
        ),
        "dynamodb": ("pl-02cd2c6b", ["3.218.180.0/22", "52.94.0.0/22", "52.119.224.0/20"]),
    },
    "eu-west-1": {
        "s3": ("pl-6da54004", ["3.5.64.0/21", "3.5.72.0/23", "52.92.0.0/17", "52.218.0.0/17"]),
        "dynamodb": ("pl-6fa54006", ["52.94.5.0/24", "52.94.24.0/23", "52.119.240.0/21"]),
    },
}


class Ids:
    """Deterministic ids of one network's resources."""

    def __init__(self, n: Network) -> None:
        self.n = n

    def of(self, prefix: str, name: str, size: int = 17) -> str:
        return hexid(prefix, self.n.account, self.n.region, self.n.name, name, n=size)

    @property
    def vpc(self) -> str:
        return self.of("vpc", "vpc")

    def subnet(self, name: str) -> str:
        return self.of("subnet", name)

    def rtb(self, name: str) -> str:
        return self.of("rtb", name)

    def acl(self, name: str) -> str:
        return self.of("acl", name)

    def sg(self, name: str) -> str:
        return self.of("sg", name)

    def instance(self, name: str) -> str:
        return self.of("i", name)

    def eni(self, name: str) -> str:
        return self.of("eni", name)


def tags(name: str, **extra: str) -> list[dict[str, str]]:
    return [{"Key": "Name", "Value": name}] + [{"Key": k, "Value": v} for k, v in extra.items()]


def private_dns(region: str, ip: str) -> str:
    host = "ip-" + ip.replace(".", "-")
    return f"{host}.ec2.internal" if region == "us-east-1" else f"{host}.{region}.compute.internal"


def public_dns(region: str, ip: str) -> str:
    host = "ec2-" + ip.replace(".", "-")
    return f"{host}.compute-1.amazonaws.com" if region == "us-east-1" else f"{host}.{region}.compute.amazonaws.com"


def mac(seed: str) -> str:
    h = hexid("mac", seed, n=10)[4:]
    return "0e:" + ":".join(h[i : i + 2] for i in range(0, 10, 2))


# ---- VPC, subnets, gateways ------------------------------------------------------------------------
def _vpc(n: Network, ids: Ids) -> dict[str, Any]:
    v: dict[str, Any] = {
        "OwnerId": n.account,
        "InstanceTenancy": "default",
        "CidrBlockAssociationSet": [
            {
                "AssociationId": ids.of("vpc-cidr-assoc", "v4"),
                "CidrBlock": n.cidr,
                "CidrBlockState": {"State": "associated"},
            }
        ],
        "IsDefault": n.is_default,
        "BlockPublicAccessStates": {"InternetGatewayBlockMode": "off"},
        "VpcId": ids.vpc,
        "State": "available",
        "CidrBlock": n.cidr,
        "DhcpOptionsId": hexid("dopt", n.account, n.region),
    }
    if n.ipv6:
        v["Ipv6CidrBlockAssociationSet"] = [
            {
                "AssociationId": ids.of("vpc-cidr-assoc", "v6"),
                "Ipv6CidrBlock": n.ipv6,
                "Ipv6CidrBlockState": {"State": "associated"},
                "NetworkBorderGroup": n.region,
                "Ipv6Pool": "Amazon",
            }
        ]
    if not n.is_default:
        v["Tags"] = tags(n.name)
    return v


def _subnet(n: Network, ids: Ids, s: Any) -> dict[str, Any]:
    net = ipaddress.ip_network(s.cidr)
    used = sum(1 for i in n.instances if i.subnet == s.name)
    used += sum(1 for lb in n.load_balancers if s.name in lb.subnets) + (1 if n.nat_subnet == s.name else 0)
    out: dict[str, Any] = {
        "AvailabilityZoneId": AZ_IDS[s.az],
        "MapCustomerOwnedIpOnLaunch": False,
        "OwnerId": n.account,
        "AssignIpv6AddressOnCreation": False,
        "Ipv6CidrBlockAssociationSet": [],
        "SubnetArn": f"arn:aws:ec2:{n.region}:{n.account}:subnet/{ids.subnet(s.name)}",
        "EnableDns64": False,
        "Ipv6Native": False,
        "PrivateDnsNameOptionsOnLaunch": {
            "HostnameType": "ip-name",
            "EnableResourceNameDnsARecord": False,
            "EnableResourceNameDnsAAAARecord": False,
        },
        "BlockPublicAccessStates": {"InternetGatewayBlockMode": "off"},
        "SubnetId": ids.subnet(s.name),
        "State": "available",
        "VpcId": ids.vpc,
        "CidrBlock": s.cidr,
        "AvailableIpAddressCount": net.num_addresses - 5 - used,
        "AvailabilityZone": s.az,
        "DefaultForAz": s.default_for_az,
        "MapPublicIpOnLaunch": s.map_public_ip,
    }
    if s.ipv6:
        out["Ipv6CidrBlockAssociationSet"] = [
            {
                "AssociationId": ids.of("subnet-cidr-assoc", s.name),
                "Ipv6CidrBlock": s.ipv6,
                "Ipv6CidrBlockState": {"State": "associated"},
            }
        ]
    if not s.default_for_az:
        out["Tags"] = tags(s.name)
    return out


def _route(n: Network, ids: Ids, dest: str, target: str) -> dict[str, Any]:
    r: dict[str, Any] = {}
    if dest.startswith("pl-"):
        r["DestinationPrefixListId"] = dest
    elif ":" in dest:
        r["DestinationIpv6CidrBlock"] = dest
    else:
        r["DestinationCidrBlock"] = dest
    match target:
        case "local":
            r["GatewayId"] = "local"
        case "igw":
            r["GatewayId"] = ids.of("igw", "igw")
        case "eigw":
            r["EgressOnlyInternetGatewayId"] = ids.of("eigw", "eigw")
        case "nat":
            r["NatGatewayId"] = ids.of("nat", "nat")
        case "vpce-s3":
            r["GatewayId"] = ids.of("vpce", "s3-gateway")
        case "pcx":
            r["VpcPeeringConnectionId"] = peering_id()
    r["Origin"] = "CreateRouteTable" if target == "local" else "CreateRoute"
    r["State"] = "active"
    return r


def _route_table(n: Network, ids: Ids, name: str, routes: list[tuple[str, str]]) -> dict[str, Any]:
    rtb = ids.rtb(name)
    assoc: list[dict[str, Any]] = []
    if name == "main":
        assoc.append(
            {
                "Main": True,
                "RouteTableAssociationId": ids.of("rtbassoc", name),
                "RouteTableId": rtb,
                "AssociationState": {"State": "associated"},
            }
        )
    for s in n.subnets:
        if s.route_table == name:
            assoc.append(
                {
                    "Main": False,
                    "RouteTableAssociationId": ids.of("rtbassoc", s.name),
                    "RouteTableId": rtb,
                    "SubnetId": ids.subnet(s.name),
                    "AssociationState": {"State": "associated"},
                }
            )
    local = [(n.cidr, "local")] + ([(n.ipv6, "local")] if n.ipv6 else [])
    out: dict[str, Any] = {
        "Associations": assoc,
        "PropagatingVgws": [],
        "RouteTableId": rtb,
        "Routes": [_route(n, ids, d, t) for d, t in [*local, *routes]],
        "Tags": [] if n.is_default else tags(f"{n.name}-main" if name == "main" else name),
        "VpcId": ids.vpc,
        "OwnerId": n.account,
    }
    return out


def _nacl_entry(e: NaclEntry) -> dict[str, Any]:
    out: dict[str, Any] = {"CidrBlock": e.cidr} if ":" not in e.cidr else {"Ipv6CidrBlock": e.cidr}
    out.update({"Egress": e.egress, "Protocol": e.proto})
    if e.ports:
        out["PortRange"] = {"From": e.ports[0], "To": e.ports[1]}
    out.update({"RuleAction": e.action, "RuleNumber": e.number})
    return out


def _nacls(n: Network, ids: Ids) -> list[dict[str, Any]]:
    default_entries = [NaclEntry(100, "allow", True), NaclEntry(100, "allow", False)]
    if n.ipv6:
        default_entries += [NaclEntry(101, "allow", True, cidr="::/0"), NaclEntry(101, "allow", False, cidr="::/0")]
    out = []
    for name, entries in [("default", default_entries), *n.nacls.items()]:
        full = [e for e in entries] + [NaclEntry(32767, "deny", True), NaclEntry(32767, "deny", False)]
        if n.ipv6:
            full += [NaclEntry(32768, "deny", True, cidr="::/0"), NaclEntry(32768, "deny", False, cidr="::/0")]
        full.sort(key=lambda e: (not e.egress, e.number))
        members = [s for s in n.subnets if (s.nacl or "default") == name]
        out.append(
            {
                "Associations": [
                    {
                        "NetworkAclAssociationId": ids.of("aclassoc", s.name),
                        "NetworkAclId": ids.acl(name),
                        "SubnetId": ids.subnet(s.name),
                    }
                    for s in members
                ],
                "Entries": [_nacl_entry(e) for e in full],
                "IsDefault": name == "default",
                "NetworkAclId": ids.acl(name),
                "Tags": [] if name == "default" else tags(name),
                "VpcId": ids.vpc,
                "OwnerId": n.account,
            }
        )
    return out


# ---- security groups -------------------------------------------------------------------------------
def _permission(n: Network, ids: Ids, r: Rule) -> dict[str, Any]:
    p: dict[str, Any] = {"IpProtocol": r.proto}
    if r.from_port is not None:
        p["FromPort"] = r.from_port
        p["ToPort"] = r.to_port
    p.update({"UserIdGroupPairs": [], "IpRanges": [], "Ipv6Ranges": [], "PrefixListIds": []})
    desc = {"Description": r.description} if r.description else {}
    if r.source.startswith("sg:"):
        p["UserIdGroupPairs"] = [{**desc, "UserId": n.account, "GroupId": ids.sg(r.source[3:])}]
    elif r.source.startswith("pl-"):
        p["PrefixListIds"] = [{**desc, "PrefixListId": r.source}]
    elif ":" in r.source:
        p["Ipv6Ranges"] = [{**desc, "CidrIpv6": r.source}]
    else:
        p["IpRanges"] = [{**desc, "CidrIp": r.source}]
    return p


def _security_groups(n: Network, ids: Ids) -> list[dict[str, Any]]:
    from build_demo_net_model import SecurityGroup

    default = SecurityGroup("default", "default VPC security group", [Rule("-1", None, None, "sg:default")])
    out = []
    for g in [default, *n.groups]:
        sg = ids.sg(g.name)
        out.append(
            {
                "GroupId": sg,
                "IpPermissionsEgress": [_permission(n, ids, r) for r in g.egress],
                "Tags": [] if g.name == "default" else tags(g.name),
                "VpcId": ids.vpc,
                "SecurityGroupArn": f"arn:aws:ec2:{n.region}:{n.account}:security-group/{sg}",
                "OwnerId": n.account,
                "GroupName": g.name,
                "Description": g.description,
                "IpPermissions": [_permission(n, ids, r) for r in g.ingress],
            }
        )
    return out


def peering_id() -> str:
    return hexid("pcx", *PEERING[0], *PEERING[1])


# ---- instances and interfaces ------------------------------------------------------------------------
def _subnet_of(n: Network, name: str) -> Any:
    return next(s for s in n.subnets if s.name == name)


def _association(n: Network, ip: str | None, owner: str = "amazon") -> dict[str, Any]:
    return {"IpOwnerId": owner, "PublicDnsName": public_dns(n.region, ip or ""), "PublicIp": ip}


def _instance_eni(n: Network, ids: Ids, i: Instance) -> dict[str, Any]:
    s = _subnet_of(n, i.subnet)
    eni: dict[str, Any] = {}
    if i.public_ip:
        eni["Association"] = _association(n, i.public_ip)
    eni["Attachment"] = {
        "AttachTime": iso(at(i.launched)),
        "AttachmentId": ids.of("eni-attach", i.name),
        "DeleteOnTermination": True,
        "DeviceIndex": 0,
        "NetworkCardIndex": 0,
        "InstanceId": ids.instance(i.name),
        "InstanceOwnerId": n.account,
        "Status": "attached",
    }
    eni.update(
        {
            "AvailabilityZone": s.az,
            "Description": "",
            "Groups": [{"GroupId": ids.sg(g), "GroupName": g} for g in i.groups],
            "InterfaceType": "interface",
            "Ipv6Addresses": [],
            "MacAddress": mac(ids.eni(i.name)),
            "NetworkInterfaceId": ids.eni(i.name),
            "OwnerId": n.account,
            "PrivateDnsName": private_dns(n.region, i.private_ip),
            "PrivateIpAddress": i.private_ip,
            "PrivateIpAddresses": [_private_ip(n, i.private_ip, i.public_ip)],
            "RequesterManaged": False,
            "SourceDestCheck": True,
            "Status": "in-use",
            "SubnetId": ids.subnet(s.name),
            "TagSet": [],
            "VpcId": ids.vpc,
        }
    )
    return eni


def _private_ip(n: Network, ip: str, public: str | None, owner: str = "amazon") -> dict[str, Any]:
    out: dict[str, Any] = {}
    if public:
        out["Association"] = _association(n, public, owner)
    out.update({"Primary": True, "PrivateDnsName": private_dns(n.region, ip), "PrivateIpAddress": ip})
    return out


def _host_ip(cidr: str, index: int) -> str:
    return str(ipaddress.ip_network(cidr)[index])
