"""The default security group of every VPC has no rules (CIS 5.4, Security Hub EC2.2).

https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html
"""

from __future__ import annotations

from collections.abc import Iterator

from keyaki.checks.ec2._sg import NEEDS, sg_arn
from keyaki.checks.registry import Check, Meta, Result, Scope, Where
from keyaki.findings.model import Severity
from keyaki.snapshot.views import ec2
from keyaki.snapshot.views.ec2 import SecurityGroup

META = Meta(
    id="ec2_default_sg_closed",
    title="Default security groups allow no inbound or outbound traffic",
    severity=Severity.MEDIUM,
    service="ec2",
    resource_type="AWS::EC2::SecurityGroup",
    rationale="Resources launched without a group land in the default one; it must admit nothing.",
    remediation="`aws ec2 revoke-security-group-ingress --group-id SG --ip-permissions FILE` and "
    "`aws ec2 revoke-security-group-egress --group-id SG --ip-permissions FILE` with the group's current rules",
    doc="https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html",
    needs=NEEDS,
)


def run(where: Where, groups: tuple[SecurityGroup, ...]) -> Iterator[Result]:
    for sg in groups:
        if sg.name == "default":
            n_in, n_out = sg.ingress_count, sg.egress_count
            summary = f"default group `{sg.id}` of `{sg.vpc_id}` has {n_in} inbound and {n_out} outbound rule(s)"
            yield where.result(n_in == 0 and n_out == 0, sg_arn(where, sg), summary)


CHECK = Check(META, Scope.REGION, ec2.security_groups, run)
