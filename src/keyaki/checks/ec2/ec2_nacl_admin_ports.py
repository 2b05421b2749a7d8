"""No network ACL admits SSH (22) or RDP (3389) from 0.0.0.0/0 or ::/0 (CIS 5.1, Security Hub EC2.21).

Entries are read in rule-number order: an earlier /0 deny entry for the port closes it.
https://docs.aws.amazon.com/vpc/latest/userguide/nacl-rules.html
"""

from __future__ import annotations

from collections.abc import Iterator

from keyaki.checks.registry import Check, Meta, Result, Scope, Where
from keyaki.findings.model import Severity
from keyaki.snapshot.views import ec2
from keyaki.snapshot.views.ec2 import NetworkAcl

META = Meta(
    id="ec2_nacl_admin_ports",
    title="No network ACL admits SSH or RDP from the internet",
    severity=Severity.MEDIUM,
    service="ec2",
    resource_type="AWS::EC2::NetworkAcl",
    rationale="Network ACLs are the subnet-wide second line of defence for administration ports.",
    remediation="`aws ec2 create-network-acl-entry --network-acl-id ACL --ingress --rule-number 50 --protocol tcp "
    "--port-range From=22,To=22 --cidr-block 0.0.0.0/0 --rule-action deny` (same for 3389), or replace the allow entry",
    doc="https://docs.aws.amazon.com/vpc/latest/userguide/nacl-rules.html",
    needs=("ec2 describe-network-acls",),
)


def run(where: Where, acls: tuple[NetworkAcl, ...]) -> Iterator[Result]:
    for acl in acls:
        open_ = [f"tcp/{p} by rule {e.number} from {e.cidr}" for p in (22, 3389) if (e := acl.world_open(p))]
        summary = f"`{acl.id}` admits " + (", ".join(open_) if open_ else "neither SSH nor RDP from the internet")
        arn = f"arn:aws:ec2:{where.region}:{where.account}:network-acl/{acl.id}"
        yield where.result(not open_, arn, summary, open=open_)


CHECK = Check(META, Scope.REGION, ec2.network_acls, run)
