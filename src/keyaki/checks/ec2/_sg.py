"""Building block of the security-group ingress checks: which listed ports are open to the world.

A permission admits the world when a source is ``0.0.0.0/0`` (IPv4) or ``::/0`` (IPv6); protocol ``-1``
admits every port (https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from keyaki.checks.registry import Check, Meta, Result, Scope, Where
from keyaki.snapshot.views import ec2
from keyaki.snapshot.views.ec2 import SecurityGroup

NEEDS = ("ec2 describe-security-groups",)


def sg_arn(where: Where, sg: SecurityGroup) -> str:
    return f"arn:aws:ec2:{where.region}:{where.account}:security-group/{sg.id}"


def open_ports(sg: SecurityGroup, ports: tuple[int, ...], ipv6: bool | None) -> list[str]:
    """``"tcp/22 from 0.0.0.0/0"`` for each listed tcp port some ingress rule opens to the world."""
    out = []
    for rule in sg.ingress:
        for src in rule.world(ipv6):
            out += [f"tcp/{port} from {src}" for port in ports if rule.covers(port, "tcp")]
    return sorted(set(out))


def sg_port_check(meta: Meta, ports: tuple[int, ...], ipv6: bool | None) -> Check[tuple[SecurityGroup, ...]]:
    """No security group opens any of ``ports`` to the world (``ipv6``: the family looked at, None both)."""

    def run(where: Where, groups: tuple[SecurityGroup, ...]) -> Iterator[Result]:
        for sg in groups:
            found = open_ports(sg, ports, ipv6)
            summary = f"`{sg.id}` ({sg.name}) admits " + (", ".join(found) if found else "none of these from the world")
            yield where.result(not found, sg_arn(where, sg), summary, open=found)

    return Check(meta, Scope.REGION, ec2.security_groups, run)


def world_rules(sg: SecurityGroup, allowed: Callable[[ec2.Rule], bool]) -> list[str]:
    """World-open ingress rules of ``sg`` that ``allowed`` does not accept."""
    return [f"{r.ports} from {src}" for r in sg.ingress for src in r.world() if not allowed(r)]
