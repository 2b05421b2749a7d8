"""ACM certificates keep certificate transparency logging enabled.

Opting out hides mis-issued certificates for your domains from CT monitors.
https://docs.aws.amazon.com/acm/latest/userguide/acm-concepts.html#concept-transparency
"""

from __future__ import annotations

from collections.abc import Iterator

from keyaki.checks.registry import Check, Meta, Result, Scope, Where
from keyaki.findings.model import Severity
from keyaki.snapshot.views import acm
from keyaki.snapshot.views.acm import Certificate

META = Meta(
    id="acm_transparency_logging",
    title="ACM certificates keep certificate transparency logging",
    severity=Severity.LOW,
    service="acm",
    resource_type="AWS::CertificateManager::Certificate",
    rationale="CT logs let you and browsers detect certificates issued for your domains without consent.",
    remediation="`aws acm update-certificate-options --certificate-arn ARN --options "
    "CertificateTransparencyLoggingPreference=ENABLED`",
    doc="https://docs.aws.amazon.com/acm/latest/userguide/acm-concepts.html#concept-transparency",
    needs=("acm list-certificates", "acm describe-certificate"),
)


def run(where: Where, certs: tuple[Certificate, ...]) -> Iterator[Result]:
    for c in certs:
        if c.type == "AMAZON_ISSUED" and c.transparency_logging is not None:
            ok = c.transparency_logging == "ENABLED"
            yield where.result(ok, c.arn, f"certificate for `{c.domain}` has CT logging {c.transparency_logging}")


CHECK = Check(META, Scope.REGION, acm.load, run)
