"""Security groups admit the world only on authorized ports, tcp 80 and 443 (Security Hub EC2.18).

https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-18
"""

from __future__ import annotations

from collections.abc import Iterator

from keyaki.checks.ec2._sg import NEEDS, sg_arn, world_rules
from keyaki.checks.registry import Check, Meta, Result, Scope, Where
from keyaki.findings.model import Severity
from keyaki.snapshot.views import ec2
from keyaki.snapshot.views.ec2 import Rule, SecurityGroup

AUTHORIZED = (80, 443)

META = Meta(
    id="ec2_sg_unrestricted_ports",
    title="Security groups admit the internet only on ports 80 and 443",
    severity=Severity.HIGH,
    service="ec2",
    resource_type="AWS::EC2::SecurityGroup",
    rationale="Every port open to the world beyond the web ports is attack surface nobody asked for.",
    remediation="`aws ec2 revoke-security-group-ingress --group-id SG --ip-permissions FILE` for the rules listed",
    doc="https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html",
    needs=NEEDS,
)


def _authorized(rule: Rule) -> bool:
    return rule.protocol == "tcp" and rule.from_port == rule.to_port and rule.from_port in AUTHORIZED


def run(where: Where, groups: tuple[SecurityGroup, ...]) -> Iterator[Result]:
    for sg in groups:
        bad = world_rules(sg, _authorized)
        summary = f"`{sg.id}` ({sg.name}) admits the world on " + (", ".join(bad) if bad else "authorized ports only")
        yield where.result(not bad, sg_arn(where, sg), summary, rules=bad)


CHECK = Check(META, Scope.REGION, ec2.security_groups, run)
