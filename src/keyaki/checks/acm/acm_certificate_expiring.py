"""ACM certificates do not expire within 30 days (Security Hub ACM.1).

Measured from the snapshot time. https://docs.aws.amazon.com/acm/latest/userguide/managed-renewal.html
"""

from __future__ import annotations

from collections.abc import Iterator

from keyaki.checks.registry import Check, Meta, Result, Scope, Where
from keyaki.findings.model import Severity
from keyaki.snapshot.views import acm
from keyaki.snapshot.views.acm import Certificate

DAYS = 30

META = Meta(
    id="acm_certificate_expiring",
    title="ACM certificates do not expire within 30 days",
    severity=Severity.MEDIUM,
    service="acm",
    resource_type="AWS::CertificateManager::Certificate",
    rationale="An expired certificate takes a service down; imported certificates never renew by themselves.",
    remediation="Re-import a renewed certificate: `aws acm import-certificate --certificate-arn ARN --certificate "
    "fileb://cert.pem --private-key fileb://key.pem`; for ACM-issued ones, fix domain validation so "
    "managed renewal succeeds",
    doc="https://docs.aws.amazon.com/acm/latest/userguide/managed-renewal.html",
    needs=("acm list-certificates", "acm describe-certificate"),
)


def run(where: Where, certs: tuple[Certificate, ...]) -> Iterator[Result]:
    for c in certs:
        if c.not_after is None:
            if c.status == "ISSUED":
                yield where.not_evaluated(c.arn, f"certificate for `{c.domain}` has no NotAfter")
            continue
        left = (c.not_after - where.now).days
        state = f"expires in {left} days" if left >= 0 else f"expired {-left} days ago"
        yield where.result(left > DAYS, c.arn, f"certificate for `{c.domain}` {state}", days_left=left)


CHECK = Check(META, Scope.REGION, acm.load, run)
