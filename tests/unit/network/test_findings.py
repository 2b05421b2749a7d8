"""Findings in ``keyaki scan``: one per exposed port range, HIGH for administration and database ports."""

from __future__ import annotations

from pathlib import Path

from keyaki.findings.model import Finding
from keyaki.network.findings import analyze, sensitive_ports
from keyaki.scan import ScanOptions, Section, default_now
from keyaki.snapshot import open_snapshot

CORPUS = Path(__file__).parents[2] / "corpus" / "network"


def _run(name: str) -> tuple[list[Finding], list[Section]]:
    snap = open_snapshot(CORPUS / name)
    items = list(analyze(snap, ScanOptions(now=default_now(snap))))
    return [i for i in items if isinstance(i, Finding)], [i for i in items if isinstance(i, Section)]


def test_rdp_from_one_public_range_is_medium_with_the_path_as_evidence() -> None:
    findings, sections = _run("elastic-ip")
    [f] = findings
    assert (f.type, f.severity.value, f.resource) == (
        "network/internet-exposure", "MEDIUM", "arn:aws:ec2:us-east-1:111122223333:instance/i-0f00000000000f001")
    assert "reachable from 203.0.113.0/24" in f.title
    assert f.evidence.details["ports"] == [3389, 3389]
    assert f.evidence.details["sources"] == ["203.0.113.0/24"]
    assert [h["component"] for h in f.evidence.details["path"]][:2] == ["internet-gateway", "route-table"]
    assert "3389 (RDP)" in f.evidence.summary and f.evidence.sources
    assert sections[0].name == "network_exposures" and sections[0].data[0]["ports"] == [[3389, 3389]]


def test_https_through_an_alb_is_medium_and_ids_are_stable() -> None:
    findings, _ = _run("alb-443-to-instances")
    assert {f.severity.value for f in findings} == {"MEDIUM"}
    assert len(findings) == 2 and all("through load balancer web-alb" in f.title for f in findings)
    assert [f.id for f in findings] == [f.id for f in _run("alb-443-to-instances")[0]]


def test_nothing_reachable_means_no_finding_but_an_empty_section() -> None:
    findings, sections = _run("nacl-blocks-what-sg-allows")
    assert findings == [] and sections[0].data == []


def test_sensitive_ports_inside_a_range() -> None:
    assert sensitive_ports(0, 65535)[:2] == ["21 (FTP)", "22 (SSH)"]
    assert sensitive_ports(443, 443) == []


def test_ssh_open_to_the_whole_internet_is_high() -> None:
    findings, _ = _run("public-subnet-ssh-open")
    ssh = [f for f in findings if f.evidence.details["ports"] == [22, 22]]
    assert ssh and all(f.severity.value == "HIGH" and "reachable from the internet" in f.title for f in ssh)


def test_demo_ssh_from_an_office_range_is_not_called_open_to_the_internet() -> None:
    from keyaki.cli.scan import demo_path

    snap = open_snapshot(demo_path())
    findings = [i for i in analyze(snap, ScanOptions(now=default_now(snap))) if isinstance(i, Finding)]
    [sandbox] = [f for f in findings if "i-0b60621279b02c534" in f.resource]
    assert sandbox.severity.value == "MEDIUM" and "reachable from 192.0.2.0/24" in sandbox.title
