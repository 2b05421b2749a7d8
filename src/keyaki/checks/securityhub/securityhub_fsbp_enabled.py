"""Security Hub runs the AWS Foundational Security Best Practices standard.

Standards ARN ``arn:aws:securityhub:<region>::standards/aws-foundational-security-best-practices/v/1.0.0``.
https://docs.aws.amazon.com/securityhub/latest/userguide/fsbp-standard.html
"""

from __future__ import annotations

from collections.abc import Iterator

from keyaki.checks.registry import Check, Meta, Result, Scope, Where
from keyaki.findings.model import Severity
from keyaki.snapshot.views import securityhub
from keyaki.snapshot.views.securityhub import SecurityHub

META = Meta(
    id="securityhub_fsbp_enabled",
    title="Security Hub's Foundational Security Best Practices standard is enabled",
    severity=Severity.LOW,
    service="securityhub",
    resource_type="AWS::SecurityHub::Hub",
    rationale="The FSBP standard is the broad baseline of Security Hub controls.",
    remediation="`aws securityhub batch-enable-standards --standards-subscription-requests "
    "StandardsArn=arn:aws:securityhub:REGION::standards/aws-foundational-security-best-practices/v/1.0.0`",
    doc="https://docs.aws.amazon.com/securityhub/latest/userguide/fsbp-standard.html",
    needs=("securityhub describe-hub", "securityhub get-enabled-standards"),
)


def run(where: Where, hub: SecurityHub) -> Iterator[Result]:
    if hub.hub_arn is None:
        return
    on = [a for a, s in hub.standards.items() if "aws-foundational-security-best-practices" in a and s == "READY"]
    summary = f"enabled standards: {sorted(hub.standards)}"
    yield where.result(bool(on), hub.hub_arn, summary)


CHECK = Check(META, Scope.REGION, securityhub.load, run)
