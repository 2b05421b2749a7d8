"""Elastic IP addresses are associated with something (Security Hub EC2.12).

https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-12
"""

from __future__ import annotations

from collections.abc import Iterator

from keyaki.checks.registry import Check, Meta, Result, Scope, Where
from keyaki.findings.model import Severity
from keyaki.snapshot.views import ec2
from keyaki.snapshot.views.ec2 import Simple

META = Meta(
    id="ec2_eip_unused",
    title="Unused Elastic IP addresses are released",
    severity=Severity.LOW,
    service="ec2",
    resource_type="AWS::EC2::EIP",
    rationale="An unattached Elastic IP still appears in DNS records and allow-lists pointing nowhere you control.",
    remediation="`aws ec2 release-address --allocation-id ALLOC`",
    doc="https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/elastic-ip-addresses-eip.html",
    needs=("ec2 describe-addresses",),
)


def run(where: Where, eips: tuple[Simple, ...]) -> Iterator[Result]:
    for e in eips:
        state = f"is associated ({e.value})" if e.value else "is not associated"
        yield where.result(bool(e.value), e.arn, f"`{e.id}` {state}")


CHECK = Check(META, Scope.REGION, ec2.addresses, run)
