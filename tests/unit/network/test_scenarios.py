"""Scenario corpus: real ``describe-*`` JSON per folder, each asserting the exact exposures (with hop lists),
warnings and point-to-point answers in its ``expected.json``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from keyaki.network.convert import convert
from keyaki.network.exposure import analyze
from keyaki.network.query import reach
from keyaki.snapshot import open_snapshot

CORPUS = Path(__file__).parents[2] / "corpus" / "network"
SCENARIOS = sorted(p.name for p in CORPUS.iterdir() if (p / "expected.json").exists())


def _load(name: str) -> tuple[dict, dict]:
    expected = json.loads((CORPUS / name / "expected.json").read_text())
    net = convert(open_snapshot(CORPUS / name))
    return expected, {"net": net, "report": analyze(net).to_json()}


@pytest.mark.parametrize("name", SCENARIOS)
def test_exposures_and_hops(name: str) -> None:
    expected, got = _load(name)
    assert got["report"]["exposures"] == expected["exposures"]
    assert got["report"]["warnings"] == expected["warnings"]


@pytest.mark.parametrize("name", SCENARIOS)
def test_reach_answers(name: str) -> None:
    expected, got = _load(name)
    for case in expected["reach"]:
        answer = reach(got["net"], case["from"], case["to"], case["protocol"], case["port"])
        assert answer == case["answer"], case


def _summary(name: str) -> set[tuple[str, str, str, str]]:
    _, got = _load(name)
    return {(e["eni_id"], e["protocol"], str(e["ports"]), e.get("via", "")) for e in got["report"]["exposures"]}


# The outcome each scenario is named after, stated independently of expected.json.
OUTCOMES = {
    "public-subnet-ssh-open": {("eni-0f00000000000a001", "tcp", "[[22, 22]]", "")},
    "private-subnet-ssh-open": set(),
    "nacl-blocks-what-sg-allows": set(),
    "nacl-blocks-return-traffic": {("eni-0f00000000000d001", "tcp", "[[22, 22]]", "")},  # only 198.51.100.0/24
    "alb-443-to-instances": {("eni-0f0000000000f0001", "tcp", "[[443, 443]]", "web-alb"),
                             ("eni-0f0000000000f0002", "tcp", "[[443, 443]]", "web-alb")},
    "ipv6-igw-vs-egress-only": {("eni-0f00000000000e001", "tcp", "[[22, 22]]", "")},
    "elastic-ip": {("eni-0f00000000000f001", "tcp", "[[3389, 3389]]", "")},
    "stopped-instance": set(),
    "sg-references-another-sg": {("eni-0f0000000000b0001", "tcp", "[[22, 22]]", "")},  # the bastion only
    "prefix-list-rule": {("eni-0f0000000000c0001", "tcp", "[[443, 443]]", "")},
    "blackhole-route": set(),
    "unsupported-appliance-route": set(),
}


def test_every_scenario_has_a_stated_outcome() -> None:
    assert set(OUTCOMES) == set(SCENARIOS)


@pytest.mark.parametrize("name", sorted(OUTCOMES))
def test_outcome(name: str) -> None:
    assert _summary(name) == OUTCOMES[name]


def test_return_traffic_admits_only_the_range_allowed_back() -> None:
    _, got = _load("nacl-blocks-return-traffic")
    assert got["report"]["exposures"][0]["sources"] == ["198.51.100.0/24"]


def test_prefix_list_sources_are_its_entries() -> None:
    _, got = _load("prefix-list-rule")
    assert got["report"]["exposures"][0]["sources"] == ["192.0.2.0/24", "198.51.100.0/25"]


def test_ipv6_exposure_is_ipv6_only_and_eigw_blocks() -> None:
    expected, got = _load("ipv6-igw-vs-egress-only")
    assert all(":" in s for s in got["report"]["exposures"][0]["sources"])
    eigw = next(c["answer"] for c in expected["reach"] if c["to"] == "i-0f00000000000e002")
    assert eigw["reachable"] is False
    assert any("egress-only" in b["reason"] for b in eigw["blocked"])


def test_unsupported_components_warn_and_leave_the_answer_undecided() -> None:
    expected, got = _load("unsupported-appliance-route")
    components = {w["component"] for w in got["report"]["warnings"]}
    assert components == {"route-table", "network-firewall"}
    assert expected["reach"][0]["answer"]["reachable"] is None


def test_describe_folder_and_snapshot_layout_agree(tmp_path: Path) -> None:
    """The same describe-* files as a Batfish-style folder and as a keyaki snapshot give the same answer."""
    src = CORPUS / "public-subnet-ssh-open" / "us-east-1"
    snap = tmp_path / "snap"
    target = snap / "accounts" / "111122223333" / "us-east-1" / "ec2"
    target.mkdir(parents=True)
    for f in src.glob("*.json"):
        (target / f.name).write_text(f.read_text())
    a = analyze(convert(open_snapshot(CORPUS / "public-subnet-ssh-open"))).to_json()
    b = analyze(convert(open_snapshot(snap))).to_json()
    assert a == b
