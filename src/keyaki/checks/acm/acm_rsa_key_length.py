"""RSA certificates managed by ACM use keys of at least 2,048 bits (Security Hub ACM.2).

https://docs.aws.amazon.com/acm/latest/userguide/acm-certificate.html#algorithms
"""

from __future__ import annotations

from collections.abc import Iterator

from keyaki.checks.registry import Check, Meta, Result, Scope, Where
from keyaki.findings.model import Severity
from keyaki.snapshot.views import acm
from keyaki.snapshot.views.acm import Certificate

META = Meta(
    id="acm_rsa_key_length",
    title="RSA certificates use at least 2,048-bit keys",
    severity=Severity.HIGH,
    service="acm",
    resource_type="AWS::CertificateManager::Certificate",
    rationale="RSA keys shorter than 2,048 bits are within reach of factoring and rejected by modern clients.",
    remediation="Request a new certificate: `aws acm request-certificate --domain-name NAME --key-algorithm RSA_2048`",
    doc="https://docs.aws.amazon.com/acm/latest/userguide/acm-certificate.html#algorithms",
    needs=("acm list-certificates", "acm describe-certificate"),
)


def run(where: Where, certs: tuple[Certificate, ...]) -> Iterator[Result]:
    for c in certs:
        alg = c.key_algorithm or ""
        if alg.startswith("RSA"):
            size = alg[4:]  # "RSA_2048" (API) or "RSA-2048" (describe-certificate output)
            bits = int(size) if size.isdigit() else 0
            yield where.result(bits >= 2048, c.arn, f"certificate for `{c.domain}` uses {alg}", key_algorithm=alg)
        elif not alg:
            yield where.not_evaluated(c.arn, f"certificate for `{c.domain}` has no KeyAlgorithm")


CHECK = Check(META, Scope.REGION, acm.load, run)
