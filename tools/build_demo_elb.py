"""The demo's ELBv2 responses: the internet-facing ALB ``prod-web-alb`` (#13), listeners, target group, health."""

from __future__ import annotations

from typing import Any

from build_demo_common import at, hexid, iso, iso_ms
from build_demo_net import (
    Ids,
    _host_ip,
    _private_ip,
    _subnet_of,
    mac,
    private_dns,
    public_dns,
)
from build_demo_net_model import LoadBalancer, Network


def lb_suffix(n: Network, lb: LoadBalancer) -> str:
    return hexid("lb", n.account, n.region, lb.name, n=16)[3:]


def lb_arn(n: Network, lb: LoadBalancer) -> str:
    return f"arn:aws:elasticloadbalancing:{n.region}:{n.account}:loadbalancer/app/{lb.name}/{lb_suffix(n, lb)}"


def tg_arn(n: Network, lb: LoadBalancer) -> str:
    suffix = hexid("tg", n.account, lb.target_group, n=16)[3:]
    return f"arn:aws:elasticloadbalancing:{n.region}:{n.account}:targetgroup/{lb.target_group}/{suffix}"


def _alb_enis(n: Network, ids: Ids, lb: LoadBalancer) -> list[dict[str, Any]]:
    out = []
    for idx, name in enumerate(lb.subnets):
        s = _subnet_of(n, name)
        ip = _host_ip(s.cidr, 200 + idx)
        public = f"198.51.100.{150 + idx}"
        eni_name = f"{lb.name}-{name}"
        out.append(
            {
                "Association": {
                    "IpOwnerId": "amazon-elb",
                    "PublicDnsName": public_dns(n.region, public),
                    "PublicIp": public,
                },
                "Attachment": {
                    "AttachTime": iso(at(n.created)),
                    "AttachmentId": ids.of("eni-attach", eni_name),
                    "DeleteOnTermination": False,
                    "DeviceIndex": 1,
                    "NetworkCardIndex": 0,
                    "InstanceOwnerId": "amazon-elb",
                    "Status": "attached",
                },
                "AvailabilityZone": s.az,
                "Description": f"ELB app/{lb.name}/{lb_suffix(n, lb)}",
                "Groups": [{"GroupId": ids.sg(g), "GroupName": g} for g in lb.groups],
                "InterfaceType": "interface",
                "Ipv6Addresses": [],
                "MacAddress": mac(ids.eni(eni_name)),
                "NetworkInterfaceId": ids.eni(eni_name),
                "OwnerId": n.account,
                "PrivateDnsName": private_dns(n.region, ip),
                "PrivateIpAddress": ip,
                "PrivateIpAddresses": [_private_ip(n, ip, public, "amazon-elb")],
                "RequesterId": "amazon-elb",
                "RequesterManaged": True,
                "SourceDestCheck": True,
                "Status": "in-use",
                "SubnetId": ids.subnet(name),
                "TagSet": [],
                "VpcId": ids.vpc,
            }
        )
    return out


# ---- ELBv2 -----------------------------------------------------------------------------------------------
def _load_balancer(n: Network, ids: Ids, lb: LoadBalancer) -> dict[str, Any]:
    return {
        "LoadBalancerArn": lb_arn(n, lb),
        "DNSName": f"{lb.name}-{int(lb_suffix(n, lb)[:8], 16) % 10**10}.{n.region}.elb.amazonaws.com",
        "CanonicalHostedZoneId": "Z35SXDOTRQ7X7K" if n.region == "us-east-1" else "Z32O12XQLNTSW2",
        "CreatedTime": iso_ms(at("2024-11-05T10:31:12"), 460),
        "LoadBalancerName": lb.name,
        "Scheme": "internet-facing",
        "VpcId": ids.vpc,
        "State": {"Code": "active"},
        "Type": "application",
        "AvailabilityZones": [
            {"ZoneName": _subnet_of(n, s).az, "SubnetId": ids.subnet(s), "LoadBalancerAddresses": []}
            for s in lb.subnets
        ],
        "SecurityGroups": [ids.sg(g) for g in lb.groups],
        "IpAddressType": "ipv4",
        "EnablePrefixForIpv6SourceNat": "off",
    }


def _listeners(n: Network, lb: LoadBalancer, certificate_arn: str) -> dict[str, Any]:
    arn = lb_arn(n, lb)
    base = arn.replace(":loadbalancer/", ":listener/")
    tg = tg_arn(n, lb)
    forward = {
        "Type": "forward",
        "TargetGroupArn": tg,
        "Order": 1,
        "ForwardConfig": {
            "TargetGroups": [{"TargetGroupArn": tg, "Weight": 1}],
            "TargetGroupStickinessConfig": {"Enabled": False},
        },
    }
    redirect = {
        "Type": "redirect",
        "Order": 1,
        "RedirectConfig": {
            "Protocol": "HTTPS",
            "Port": "443",
            "Host": "#{host}",
            "Path": "/#{path}",
            "Query": "#{query}",
            "StatusCode": "HTTP_301",
        },
    }
    return {
        "Listeners": [
            {
                "ListenerArn": f"{base}/{hexid('l', arn, '443', n=16)[2:]}",
                "LoadBalancerArn": arn,
                "Port": 443,
                "Protocol": "HTTPS",
                "Certificates": [{"CertificateArn": certificate_arn}],
                "SslPolicy": "ELBSecurityPolicy-TLS13-1-2-2021-06",
                "DefaultActions": [forward],
            },
            {
                "ListenerArn": f"{base}/{hexid('l', arn, '80', n=16)[2:]}",
                "LoadBalancerArn": arn,
                "Port": 80,
                "Protocol": "HTTP",
                "DefaultActions": [redirect],
            },
        ]
    }


def _lb_attributes() -> dict[str, Any]:
    pairs = [
        ("access_logs.s3.enabled", "true"),
        ("access_logs.s3.bucket", "acme-prod-access-logs"),
        ("access_logs.s3.prefix", "alb"),
        ("deletion_protection.enabled", "true"),
        ("idle_timeout.timeout_seconds", "60"),
        ("routing.http.drop_invalid_header_fields.enabled", "true"),
        ("routing.http.desync_mitigation_mode", "defensive"),
        ("routing.http2.enabled", "true"),
        ("waf.fail_open.enabled", "false"),
    ]
    return {"Attributes": [{"Key": k, "Value": v} for k, v in pairs]}


def _target_group(n: Network, ids: Ids, lb: LoadBalancer) -> dict[str, Any]:
    return {
        "TargetGroupArn": tg_arn(n, lb),
        "TargetGroupName": lb.target_group,
        "Protocol": "HTTP",
        "Port": lb.target_port,
        "VpcId": ids.vpc,
        "HealthCheckProtocol": "HTTP",
        "HealthCheckPort": "traffic-port",
        "HealthCheckEnabled": True,
        "HealthCheckIntervalSeconds": 30,
        "HealthCheckTimeoutSeconds": 5,
        "HealthyThresholdCount": 5,
        "UnhealthyThresholdCount": 2,
        "HealthCheckPath": "/health",
        "Matcher": {"HttpCode": "200"},
        "LoadBalancerArns": [lb_arn(n, lb)],
        "TargetType": "instance",
        "ProtocolVersion": "HTTP1",
        "IpAddressType": "ipv4",
    }


def _target_health(ids: Ids, lb: LoadBalancer) -> dict[str, Any]:
    return {
        "TargetHealthDescriptions": [
            {
                "Target": {"Id": ids.instance(name), "Port": lb.target_port},
                "HealthCheckPort": str(lb.target_port),
                "TargetHealth": {"State": "healthy"},
            }
            for name in lb.targets
        ]
    }
