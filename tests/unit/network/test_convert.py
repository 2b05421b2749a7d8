"""Snapshot → model: what is read, and what becomes a warning instead of an assumption."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from keyaki.network.convert import convert
from keyaki.network.exposure import analyze
from keyaki.snapshot import open_snapshot

CORPUS = Path(__file__).parents[2] / "corpus" / "network"
ALB = CORPUS / "alb-443-to-instances"
EC2 = Path("accounts/111122223333/us-east-1/ec2")
ELB = Path("accounts/111122223333/us-east-1/elbv2")


def _copy(tmp: Path, scenario: Path) -> Path:
    shutil.copytree(scenario, tmp / "s")
    return tmp / "s"


def _edit(path: Path, fn: Any) -> None:
    doc = json.loads(path.read_text())
    fn(doc)
    path.write_text(json.dumps(doc))


def _warnings(root: Path) -> list[tuple[str, str]]:
    return [(w.component, w.id) for w in convert(open_snapshot(root)).warnings]


def test_without_describe_instances_states_are_a_warned_assumption(tmp_path: Path) -> None:
    root = _copy(tmp_path, CORPUS / "stopped-instance")
    (root / "us-east-1" / "describe-instances.json").unlink()
    net = convert(open_snapshot(root))
    assert [(w.component, w.id) for w in net.warnings] == [("coverage-gap", "ec2 describe-instances")]
    assert [e.eni_id for e in analyze(net).exposures] == ["eni-0f0000000000a0001"]


def test_an_unattached_interface_receives_nothing(tmp_path: Path) -> None:
    root = _copy(tmp_path, CORPUS / "public-subnet-ssh-open")
    (root / "us-east-1" / "describe-instances.json").unlink()
    _edit(root / "us-east-1" / "describe-network-interfaces.json", lambda d: [
        (n.update(Status="available"), n.pop("Attachment")) for n in d["NetworkInterfaces"]])
    assert analyze(convert(open_snapshot(root))).exposures == []


def test_instances_without_describe_network_interfaces(tmp_path: Path) -> None:
    root = _copy(tmp_path, CORPUS / "public-subnet-ssh-open")
    (root / "us-east-1" / "describe-network-interfaces.json").unlink()
    exposures = analyze(convert(open_snapshot(root))).exposures
    assert [(e.eni_id, e.ports.port_ranges()) for e in exposures] == [("eni-0f00000000000a001", [[22, 22]])]


def test_several_enis_per_instance_each_with_its_groups(tmp_path: Path) -> None:
    root = _copy(tmp_path, CORPUS / "public-subnet-ssh-open")

    def add_eni(doc: dict) -> None:
        inst = doc["Reservations"][0]["Instances"][0]
        second = json.loads(json.dumps(inst["NetworkInterfaces"][0]))
        second["NetworkInterfaceId"], second["Attachment"]["DeviceIndex"] = "eni-0f00000000000a002", 1
        second["Association"]["PublicIp"] = second["PrivateIpAddresses"][0]["Association"]["PublicIp"] = "54.1.1.1"
        second["Groups"] = []
        inst["NetworkInterfaces"].append(second)

    _edit(root / "us-east-1" / "describe-instances.json", add_eni)
    net = convert(open_snapshot(root))
    assert net.regions[0].instances["i-0f00000000000a001"].eni_ids == ("eni-0f00000000000a001",
                                                                       "eni-0f00000000000a002")
    assert [e.eni_id for e in analyze(net).exposures] == ["eni-0f00000000000a001"]  # the second has no group


def test_unmodelled_components_become_warnings(tmp_path: Path) -> None:
    root = _copy(tmp_path, CORPUS / "public-subnet-ssh-open")

    def routes(doc: dict) -> None:
        rt = doc["RouteTables"][1]
        rt["Routes"].append({"DestinationCidrBlock": "172.16.0.0/12", "TransitGatewayId": "tgw-0123456789abcdef0",
                             "Origin": "CreateRoute", "State": "active"})
        rt["Associations"].append({"Main": False, "RouteTableAssociationId": "rtbassoc-0e1", "RouteTableId":
                                   rt["RouteTableId"], "GatewayId": "igw-0a1b2c3d4e5f60718",
                                   "AssociationState": {"State": "associated"}})

    _edit(root / "us-east-1" / "describe-route-tables.json", routes)
    assert _warnings(root) == [("route-table", "rtb-0c000000000000002"), ("route-table", "rtb-0c000000000000002")]


def test_missing_prefix_list_entries_warn(tmp_path: Path) -> None:
    root = _copy(tmp_path, CORPUS / "prefix-list-rule")
    shutil.rmtree(root / EC2 / "get-managed-prefix-list-entries")
    assert _warnings(root) == [("prefix-list", "pl-0a1b2c3d4e5f60718")]
    assert analyze(convert(open_snapshot(root))).exposures == []


def test_gateway_load_balancer_and_missing_target_health_warn(tmp_path: Path) -> None:
    root = _copy(tmp_path, ALB)
    (root / ELB / "describe-target-health" / "web-tg.json").unlink()
    _edit(root / ELB / "describe-load-balancers.json", lambda d: d["LoadBalancers"].append(
        {**d["LoadBalancers"][0], "LoadBalancerName": "inspect-gwlb", "Type": "gateway",
         "LoadBalancerArn": "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/gwy/inspect-gwlb/1"}))
    warnings = _warnings(root)
    assert ("target-group", "web-tg") in warnings and ("load-balancer", "inspect-gwlb") in warnings
    assert analyze(convert(open_snapshot(root))).exposures == []


def _nlb(root: Path, target_type: str, target_sg_cidr: str) -> None:
    """Turn the ALB scenario into an NLB without security groups, TCP 5432 → targets on 5432."""
    def lb(doc: dict) -> None:
        doc["LoadBalancers"][0].update(Type="network", SecurityGroups=[])
    _edit(root / ELB / "describe-load-balancers.json", lb)

    def listeners(doc: dict) -> None:
        doc["Listeners"] = [{**doc["Listeners"][0], "Port": 5432, "Protocol": "TCP"}]
    _edit(root / ELB / "describe-listeners" / "web-alb.json", listeners)
    _edit(root / ELB / "describe-target-groups.json",
          lambda d: d["TargetGroups"][0].update(Protocol="TCP", Port=5432, TargetType=target_type))

    def health(doc: dict) -> None:
        ips = {"i-0f0000000000f0001": "10.0.2.11", "i-0f0000000000f0002": "10.0.2.12"}
        for t in doc["TargetHealthDescriptions"]:
            t["Target"]["Port"] = 5432
            if target_type == "ip":
                t["Target"]["Id"] = ips[t["Target"]["Id"]]
    _edit(root / ELB / "describe-target-health" / "web-tg.json", health)

    def groups(doc: dict) -> None:
        web = next(g for g in doc["SecurityGroups"] if g["GroupName"] == "web")
        web["IpPermissions"] = [{"IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432,
                                 "IpRanges": [{"CidrIp": target_sg_cidr}], "Ipv6Ranges": [], "PrefixListIds": [],
                                 "UserIdGroupPairs": []}]
    _edit(root / EC2 / "describe-security-groups.json", groups)
    for f in (root / EC2 / "describe-network-interfaces.json",):
        _edit(f, lambda d: [n.update(Description="ELB net/web-alb/50dc6c495c0c9188") for n in d["NetworkInterfaces"]
                            if n["Description"].startswith("ELB ")])


@pytest.mark.parametrize(("target_type", "sg_cidr", "exposed"), [
    ("instance", "0.0.0.0/0", True),  # client IP preserved: the target's group must admit the client
    ("instance", "10.0.0.0/16", False),  # ... so a VPC-only rule stops internet clients
    ("ip", "10.0.0.0/16", True),  # IP targets over TCP: the NLB node's address is the source
])
def test_nlb_client_ip_preservation(tmp_path: Path, target_type: str, sg_cidr: str, exposed: bool) -> None:
    root = _copy(tmp_path, ALB)
    _nlb(root, target_type, sg_cidr)
    report = analyze(convert(open_snapshot(root)))
    got = {(e.eni_id, e.via, tuple(map(tuple, e.ports.port_ranges()))) for e in report.exposures}
    want = {(eni, "web-alb", ((5432, 5432),)) for eni in ("eni-0f0000000000f0001", "eni-0f0000000000f0002")}
    assert got == (want if exposed else set())
