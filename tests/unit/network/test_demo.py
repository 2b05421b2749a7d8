"""The demo organisation's planted network problems (docs/demo.md rows 10-13)."""

from __future__ import annotations

import pytest

from keyaki.cli.scan import demo_path
from keyaki.network.convert import convert
from keyaki.network.exposure import analyze
from keyaki.network.model import Network
from keyaki.network.query import reach
from keyaki.scan import ScanOptions, default_now, run_scan
from keyaki.snapshot import open_snapshot

BASTION, WORKER, JUMP = "i-c0dc5b75c184be2d1", "i-7575f2e13eb5e0344", "i-ec74a2e17a8565524"
APP1, APP2 = "i-1afa06ffc4b2d08dc", "i-8c954376205eca535"


@pytest.fixture(scope="module")
def net() -> Network:
    return convert(open_snapshot(demo_path()))


@pytest.fixture(scope="module")
def exposed(net: Network) -> dict[tuple[str, str], list[list[int]]]:
    return {(e.instance_id, e.via): e.ports.port_ranges() for e in analyze(net).exposures}


def test_bastion_ssh_in_public_subnet_is_reported(net: Network, exposed: dict) -> None:
    assert exposed[(BASTION, "")] == [[22, 22]]
    answer = reach(net, "internet", BASTION, "tcp", 22)
    assert answer["reachable"] is True
    assert [h["component"] for h in answer["paths"][0]["path"]] == [
        "internet-gateway", "route-table", "network-acl", "network-acl", "security-group", "network-interface",
        "instance"]


def test_ssh_open_in_private_subnet_is_not_reported(net: Network, exposed: dict) -> None:
    assert not [k for k in exposed if k[0] == WORKER]
    assert reach(net, "internet", WORKER, "tcp", 22)["reachable"] is False


def test_nacl_blocking_what_the_group_allows_is_not_reported(net: Network, exposed: dict) -> None:
    assert not [k for k in exposed if k[0] == JUMP]
    answer = reach(net, "internet", JUMP, "tcp", 3389)
    assert answer["reachable"] is False
    first = answer["blocked"][0]
    assert (first["component"], first["id"], first["rule"]["rule_number"]) == (
        "network-acl", "acl-50f53d3704ba64d82", 90)


def test_alb_path_to_443_is_reported(net: Network, exposed: dict) -> None:
    assert exposed[(APP1, "prod-web-alb")] == [[443, 443]]
    assert exposed[(APP2, "prod-web-alb")] == [[443, 443]]
    assert not [k for k in exposed if k[0] in (APP1, APP2) and k[1] == ""]  # not directly
    path = reach(net, "internet", APP1, "tcp", 443)["paths"][0]["path"]
    assert [h["component"] for h in path][5:7] == ["load-balancer", "target-group"]
    assert "port 8080" in path[6]["rule"]


def test_scan_reports_the_exposures_as_findings() -> None:
    snap = open_snapshot(demo_path())
    result = run_scan(snap, ScanOptions(now=default_now(snap)), only=["network"])
    assert not result.errors
    found = {(f.resource.rsplit("/", 1)[1], f.evidence.details["ports"][0], f.severity.value)
             for f in result.findings if f.type == "network/internet-exposure"}
    assert (BASTION, 22, "HIGH") in found
    assert (APP1, 443, "MEDIUM") in found and (APP2, 443, "MEDIUM") in found
    assert not [f for f in found if f[0] in (WORKER, JUMP)]
    assert {e["instance_id"] for e in result.sections["network_exposures"]} >= {BASTION, APP1, APP2}
