"""Write every EC2 and ELBv2 response of every account and region (empty lists where nothing exists)."""

from __future__ import annotations

import json
from typing import Any

from build_demo_common import DEV, ORG_ID, Writer, at, hexid, iso, iso_ms, kms_key_arn, upper_id
from build_demo_elb import (
    _alb_enis,
    _lb_attributes,
    _listeners,
    _load_balancer,
    _target_group,
    _target_health,
    lb_arn,
)
from build_demo_net import (
    PREFIX_LISTS,
    Ids,
    _host_ip,
    _instance_eni,
    _nacls,
    _route_table,
    _security_groups,
    _subnet,
    _subnet_of,
    _vpc,
    mac,
    peering_id,
    private_dns,
    public_dns,
    tags,
)
from build_demo_net_model import PEERING, Instance, Network, networks

AMIS = {
    ("us-east-1", None): "ami-0fff1b9a61dec8a5f",
    ("us-east-1", "windows"): "ami-0069eac59d05ae12b",
    ("eu-west-1", None): "ami-0d64bb532e0502c46",
}


def _instance(n: Network, ids: Ids, i: Instance) -> dict[str, Any]:
    s = _subnet_of(n, i.subnet)
    out: dict[str, Any] = {
        "Architecture": "x86_64",
        "BlockDeviceMappings": [
            {
                "DeviceName": "/dev/sda1" if i.platform else "/dev/xvda",
                "Ebs": {
                    "AttachTime": iso(at(i.launched)),
                    "DeleteOnTermination": True,
                    "Status": "attached",
                    "VolumeId": ids.of("vol", i.name),
                },
            }
        ],
        "ClientToken": hexid("token", ids.instance(i.name), n=32)[6:],
        "EbsOptimized": True,
        "EnaSupport": True,
        "Hypervisor": "xen",
    }
    if i.profile:
        out["IamInstanceProfile"] = {
            "Arn": f"arn:aws:iam::{n.account}:instance-profile/{i.profile}",
            "Id": upper_id("AIPA", n.account, i.profile),
        }
    out["NetworkInterfaces"] = [_instance_nic(n, ids, i)]
    out.update(
        {
            "RootDeviceName": "/dev/sda1" if i.platform else "/dev/xvda",
            "RootDeviceType": "ebs",
            "SecurityGroups": [{"GroupId": ids.sg(g), "GroupName": g} for g in i.groups],
            "SourceDestCheck": True,
            "Tags": tags(i.name),
            "VirtualizationType": "hvm",
            "CpuOptions": {"CoreCount": 1, "ThreadsPerCore": 2},
            "CapacityReservationSpecification": {"CapacityReservationPreference": "open"},
            "HibernationOptions": {"Configured": False},
            "MetadataOptions": {
                "State": "applied",
                "HttpTokens": "required" if i.imdsv2 else "optional",
                "HttpPutResponseHopLimit": 2,
                "HttpEndpoint": "enabled",
                "HttpProtocolIpv6": "disabled",
                "InstanceMetadataTags": "disabled",
            },
            "EnclaveOptions": {"Enabled": False},
            "BootMode": "uefi-preferred",
            "PlatformDetails": "Windows" if i.platform else "Linux/UNIX",
            "UsageOperation": "RunInstances:0002" if i.platform else "RunInstances",
            "UsageOperationUpdateTime": iso(at(i.launched)),
            "PrivateDnsNameOptions": {
                "HostnameType": "ip-name",
                "EnableResourceNameDnsARecord": False,
                "EnableResourceNameDnsAAAARecord": False,
            },
            "MaintenanceOptions": {"AutoRecovery": "default"},
            "CurrentInstanceBootMode": "legacy-bios",
            "InstanceId": ids.instance(i.name),
            "ImageId": AMIS[(n.region, i.platform)],
            "State": {"Code": 16, "Name": "running"},
            "PrivateDnsName": private_dns(n.region, i.private_ip),
            "PublicDnsName": public_dns(n.region, i.public_ip) if i.public_ip else "",
            "StateTransitionReason": "",
            "AmiLaunchIndex": 0,
            "ProductCodes": [],
            "InstanceType": i.itype,
            "LaunchTime": iso(at(i.launched)),
            "Placement": {"GroupName": "", "Tenancy": "default", "AvailabilityZone": s.az},
            "Monitoring": {"State": "disabled"},
            "SubnetId": ids.subnet(s.name),
            "VpcId": ids.vpc,
            "PrivateIpAddress": i.private_ip,
        }
    )
    if i.key_name:
        out["KeyName"] = i.key_name
    if i.public_ip:
        out["PublicIpAddress"] = i.public_ip
    if i.platform:
        out["Platform"] = i.platform
    return out


def _instance_nic(n: Network, ids: Ids, i: Instance) -> dict[str, Any]:
    eni = _instance_eni(n, ids, i)
    keep = (
        "Association",
        "Attachment",
        "Description",
        "Groups",
        "Ipv6Addresses",
        "MacAddress",
        "NetworkInterfaceId",
        "OwnerId",
        "PrivateDnsName",
        "PrivateIpAddress",
        "PrivateIpAddresses",
        "SourceDestCheck",
        "Status",
        "SubnetId",
        "VpcId",
        "InterfaceType",
    )
    nic = {k: eni[k] for k in keep if k in eni}
    nic["Attachment"] = {k: v for k, v in eni["Attachment"].items() if k not in ("InstanceId", "InstanceOwnerId")}
    return nic


def _reservations(n: Network, ids: Ids) -> list[dict[str, Any]]:
    return [
        {
            "ReservationId": ids.of("r", i.name),
            "OwnerId": n.account,
            "Groups": [],
            "Instances": [_instance(n, ids, i)],
        }
        for i in n.instances
    ]


def _nat_eni(n: Network, ids: Ids) -> dict[str, Any]:
    s = _subnet_of(n, n.nat_subnet or "")
    ip = _host_ip(s.cidr, 100)
    owner = n.account
    assoc = {
        "AllocationId": ids.of("eipalloc", "nat"),
        "AssociationId": ids.of("eipassoc", "nat"),
        "IpOwnerId": owner,
        "PublicDnsName": public_dns(n.region, n.nat_ip or ""),
        "PublicIp": n.nat_ip,
    }
    return {
        "Association": assoc,
        "Attachment": {
            "AttachTime": iso(at(n.created)),
            "AttachmentId": ids.of("ela-attach", "nat"),
            "DeleteOnTermination": False,
            "DeviceIndex": 1,
            "NetworkCardIndex": 0,
            "InstanceOwnerId": "amazon-aws",
            "Status": "attached",
        },
        "AvailabilityZone": s.az,
        "Description": f"Interface for NAT Gateway {ids.of('nat', 'nat')}",
        "Groups": [],
        "InterfaceType": "nat_gateway",
        "Ipv6Addresses": [],
        "MacAddress": mac(ids.eni("nat")),
        "NetworkInterfaceId": ids.eni("nat"),
        "OwnerId": n.account,
        "PrivateDnsName": private_dns(n.region, ip),
        "PrivateIpAddress": ip,
        "PrivateIpAddresses": [
            {"Association": assoc, "Primary": True, "PrivateDnsName": private_dns(n.region, ip), "PrivateIpAddress": ip}
        ],
        "RequesterId": "441010004443",
        "RequesterManaged": True,
        "SourceDestCheck": False,
        "Status": "in-use",
        "SubnetId": ids.subnet(s.name),
        "TagSet": [],
        "VpcId": ids.vpc,
    }


# ---- gateways, endpoints, addresses --------------------------------------------------------------------
def _nat_gateway(n: Network, ids: Ids) -> dict[str, Any]:
    eni = _nat_eni(n, ids)
    return {
        "CreateTime": iso_ms(at(n.created), 0),
        "NatGatewayAddresses": [
            {
                "AllocationId": ids.of("eipalloc", "nat"),
                "NetworkInterfaceId": eni["NetworkInterfaceId"],
                "PrivateIp": eni["PrivateIpAddress"],
                "PublicIp": n.nat_ip,
                "AssociationId": ids.of("eipassoc", "nat"),
                "IsPrimary": True,
                "Status": "succeeded",
            }
        ],
        "NatGatewayId": ids.of("nat", "nat"),
        "State": "available",
        "SubnetId": ids.subnet(n.nat_subnet or ""),
        "VpcId": ids.vpc,
        "Tags": tags(f"{n.name}-nat"),
        "ConnectivityType": "public",
    }


def _address_nat(n: Network, ids: Ids) -> dict[str, Any]:
    eni = _nat_eni(n, ids)
    return {
        "AllocationId": ids.of("eipalloc", "nat"),
        "AssociationId": ids.of("eipassoc", "nat"),
        "Domain": "vpc",
        "NetworkInterfaceId": eni["NetworkInterfaceId"],
        "NetworkInterfaceOwnerId": n.account,
        "PrivateIpAddress": eni["PrivateIpAddress"],
        "Tags": tags(f"{n.name}-nat-eip"),
        "PublicIpv4Pool": "amazon",
        "NetworkBorderGroup": n.region,
        "PublicIp": n.nat_ip,
    }


def _s3_endpoint(n: Network, ids: Ids) -> dict[str, Any]:
    policy = {  # the organisation's buckets, and the Amazon Linux repositories (AWS-owned buckets)
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "OrganizationBucketsOnly",
                "Effect": "Allow",
                "Principal": "*",
                "Action": "s3:*",
                "Resource": "*",
                "Condition": {"StringEquals": {"aws:ResourceOrgID": ORG_ID}},
            },
            {
                "Sid": "AmazonLinuxRepositories",
                "Effect": "Allow",
                "Principal": "*",
                "Action": "s3:GetObject",
                "Resource": f"arn:aws:s3:::al2023-repos-{n.region}-de612dc2/*",
            },
        ],
    }
    rtbs = [ids.rtb(name) for name, routes in n.route_tables.items() if any(t == "vpce-s3" for _, t in routes)]
    return {
        "VpcEndpointId": ids.of("vpce", "s3-gateway"),
        "VpcEndpointType": "Gateway",
        "VpcId": ids.vpc,
        "ServiceName": f"com.amazonaws.{n.region}.s3",
        "State": "available",
        "PolicyDocument": json.dumps(policy, separators=(",", ":")),
        "RouteTableIds": rtbs,
        "SubnetIds": [],
        "Groups": [],
        "PrivateDnsEnabled": False,
        "RequesterManaged": False,
        "NetworkInterfaceIds": [],
        "DnsEntries": [],
        "CreationTimestamp": iso_ms(at(n.created), 0),
        "Tags": tags(f"{n.name}-s3"),
        "OwnerId": n.account,
    }


def _peering() -> dict[str, Any]:
    def side(account: str, region: str, name: str) -> dict[str, Any]:
        n = next(x for x in networks() if (x.account, x.region, x.name) == (account, region, name))
        return {
            "CidrBlock": n.cidr,
            "CidrBlockSet": [{"CidrBlock": n.cidr}],
            "OwnerId": account,
            "PeeringOptions": {
                "AllowDnsResolutionFromRemoteVpc": False,
                "AllowEgressFromLocalClassicLinkToRemoteVpc": False,
                "AllowEgressFromLocalVpcToRemoteClassicLink": False,
            },
            "VpcId": Ids(n).vpc,
            "Region": region,
        }

    return {
        "AccepterVpcInfo": side(*PEERING[1]),
        "RequesterVpcInfo": side(*PEERING[0]),
        "Status": {"Code": "active", "Message": "Active"},
        "Tags": tags("prod-to-security-tools"),
        "VpcPeeringConnectionId": peering_id(),
    }


def _volumes(n: Network, ids: Ids) -> list[dict[str, Any]]:
    out = []
    for i in n.instances:
        vol = ids.of("vol", i.name)
        v: dict[str, Any] = {
            "Attachments": [
                {
                    "AttachTime": iso(at(i.launched)),
                    "Device": "/dev/sda1" if i.platform else "/dev/xvda",
                    "InstanceId": ids.instance(i.name),
                    "State": "attached",
                    "VolumeId": vol,
                    "DeleteOnTermination": True,
                }
            ],
            "AvailabilityZone": _subnet_of(n, i.subnet).az,
            "CreateTime": iso_ms(at(i.launched), 512),
            "Encrypted": i.encrypted,
            "Size": 50 if i.platform else 20,
            "SnapshotId": ids.of("snap", AMIS[(n.region, i.platform)]),
            "State": "in-use",
            "VolumeId": vol,
            "Iops": 3000,
            "VolumeType": "gp3",
            "MultiAttachEnabled": False,
            "Throughput": 125,
        }
        if i.encrypted:
            v["KmsKeyId"] = kms_key_arn(n.account, n.region, "aws/ebs")
        out.append(v)
    return out


def _flow_logs(n: Network, ids: Ids) -> list[dict[str, Any]]:
    if not n.flow_logs:
        return []
    return [
        {
            "CreationTime": iso_ms(at(n.created), 250),
            "DeliverLogsStatus": "SUCCESS",
            "FlowLogId": ids.of("fl", "flow"),
            "FlowLogStatus": "ACTIVE",
            "ResourceId": ids.vpc,
            "TrafficType": "ALL",
            "LogDestinationType": "s3",
            "LogDestination": f"arn:aws:s3:::acme-org-vpc-flow-logs-222222222222/{n.account}/",
            "LogFormat": "${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} "
            "${protocol} ${packets} ${bytes} ${start} ${end} ${action} ${log-status}",
            "Tags": [],
            "MaxAggregationInterval": 600,
        }
    ]


# ---- one account and region ------------------------------------------------------------------------------
EMPTY: dict[str, dict[str, list[Any]]] = {
    "describe-transit-gateways": {"TransitGateways": []},
    "describe-vpn-gateways": {"VpnGateways": []},
    "describe-images": {"Images": []},
}
UNUSED_EIP = (DEV, "us-east-1", "198.51.100.77")


def build(w: Writer, account: str, region: str, cert_arn: Any) -> dict[str, list[str]]:
    """Write the EC2 and ELBv2 calls; return certificate ARN -> load balancers that use it (for ACM)."""
    here = [n for n in networks() if (n.account, n.region) == (account, region)]
    acc: dict[str, list[Any]] = {
        k: []
        for k in (
            "vpcs",
            "subnets",
            "rtbs",
            "igws",
            "eigws",
            "nats",
            "acls",
            "sgs",
            "enis",
            "res",
            "eips",
            "vpce",
            "vols",
            "fl",
            "lbs",
            "tgs",
        )
    }
    in_use: dict[str, list[str]] = {}
    for n in here:
        ids = Ids(n)
        acc["vpcs"].append(_vpc(n, ids))
        acc["subnets"] += [_subnet(n, ids, s) for s in n.subnets]
        acc["rtbs"] += [_route_table(n, ids, name, routes) for name, routes in n.route_tables.items()]
        if n.igw:
            acc["igws"].append(
                {
                    "Attachments": [{"State": "available", "VpcId": ids.vpc}],
                    "InternetGatewayId": ids.of("igw", "igw"),
                    "OwnerId": account,
                    "Tags": [] if n.is_default else tags(f"{n.name}-igw"),
                }
            )
        if n.eigw:
            acc["eigws"].append(
                {
                    "Attachments": [{"State": "attached", "VpcId": ids.vpc}],
                    "EgressOnlyInternetGatewayId": ids.of("eigw", "eigw"),
                    "Tags": tags(f"{n.name}-eigw"),
                }
            )
        if n.nat_subnet:
            acc["nats"].append(_nat_gateway(n, ids))
            acc["eips"].append(_address_nat(n, ids))
            acc["enis"].append(_nat_eni(n, ids))
        acc["acls"] += _nacls(n, ids)
        acc["sgs"] += _security_groups(n, ids)
        acc["enis"] += [_instance_eni(n, ids, i) for i in n.instances]
        acc["res"] += _reservations(n, ids)
        if n.s3_endpoint:
            acc["vpce"].append(_s3_endpoint(n, ids))
        acc["vols"] += _volumes(n, ids)
        acc["fl"] += _flow_logs(n, ids)
        for lb in n.load_balancers:
            acc["enis"] += _alb_enis(n, ids, lb)
            acc["lbs"].append(_load_balancer(n, ids, lb))
            acc["tgs"].append(_target_group(n, ids, lb))
            certificate = cert_arn(account, region, lb.certificate_domain)
            in_use.setdefault(certificate, []).append(lb_arn(n, lb))
            w.call(account, region, "elbv2", "describe-listeners", _listeners(n, lb, certificate), key=lb.name)
            w.call(account, region, "elbv2", "describe-load-balancer-attributes", _lb_attributes(), key=lb.name)
            w.call(account, region, "elbv2", "describe-target-health", _target_health(ids, lb), key=lb.target_group)
    if (account, region) == UNUSED_EIP[:2]:
        acc["eips"].append(
            {
                "AllocationId": hexid("eipalloc", *UNUSED_EIP),
                "Domain": "vpc",
                "Tags": tags("dev-old-build-eip"),
                "PublicIpv4Pool": "amazon",
                "NetworkBorderGroup": region,
                "PublicIp": UNUSED_EIP[2],
            }
        )
    _write_ec2(w, account, region, acc, here)
    w.call(account, region, "elbv2", "describe-load-balancers", {"LoadBalancers": acc["lbs"]})
    w.call(account, region, "elbv2", "describe-target-groups", {"TargetGroups": acc["tgs"]})
    return in_use


def _write_ec2(w: Writer, account: str, region: str, acc: dict[str, list[Any]], here: list[Network]) -> None:
    ec2: dict[str, dict[str, Any]] = {
        "describe-vpcs": {"Vpcs": acc["vpcs"]},
        "describe-subnets": {"Subnets": acc["subnets"]},
        "describe-route-tables": {"RouteTables": acc["rtbs"]},
        "describe-internet-gateways": {"InternetGateways": acc["igws"]},
        "describe-egress-only-internet-gateways": {"EgressOnlyInternetGateways": acc["eigws"]},
        "describe-nat-gateways": {"NatGateways": acc["nats"]},
        "describe-network-acls": {"NetworkAcls": acc["acls"]},
        "describe-security-groups": {"SecurityGroups": acc["sgs"]},
        "describe-network-interfaces": {"NetworkInterfaces": acc["enis"]},
        "describe-instances": {"Reservations": acc["res"]},
        "describe-addresses": {"Addresses": acc["eips"]},
        "describe-vpc-endpoints": {"VpcEndpoints": acc["vpce"]},
        "describe-volumes": {"Volumes": acc["vols"]},
        "describe-flow-logs": {"FlowLogs": acc["fl"]},
        **EMPTY,
    }
    peered = any((n.account, n.region, n.name) in PEERING for n in here)
    ec2["describe-vpc-peering-connections"] = {"VpcPeeringConnections": [_peering()] if peered else []}
    ec2["get-ebs-encryption-by-default"] = {"EbsEncryptionByDefault": account != DEV}
    lists = []
    for service, (pl, cidrs) in PREFIX_LISTS[region].items():
        lists.append(
            {
                "PrefixListId": pl,
                "AddressFamily": "IPv4",
                "State": "create-complete",
                "PrefixListArn": f"arn:aws:ec2:{region}:aws:prefix-list/{pl}",
                "PrefixListName": f"com.amazonaws.{region}.{service}",
                "Tags": [],
                "OwnerId": "AWS",
            }
        )
        w.call(
            account, region, "ec2", "get-managed-prefix-list-entries", {"Entries": [{"Cidr": c} for c in cidrs]}, key=pl
        )
    ec2["describe-managed-prefix-lists"] = {"PrefixLists": lists}
    for op, data in ec2.items():
        w.call(account, region, "ec2", op, data)
    w.call(account, region, "network-firewall", "list-firewalls", {"Firewalls": []})
