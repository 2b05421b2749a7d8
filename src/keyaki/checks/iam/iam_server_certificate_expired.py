"""No expired SSL/TLS certificate is kept in IAM (CIS 1.19, Security Hub IAM.26).

https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_server-certs.html
"""

from __future__ import annotations

from collections.abc import Iterator

from keyaki.checks.registry import Check, Meta, Result, Scope, Where
from keyaki.findings.model import Severity
from keyaki.snapshot.views import iam_account
from keyaki.snapshot.views.iam_account import ServerCertificate

META = Meta(
    id="iam_server_certificate_expired",
    title="No expired server certificate is stored in IAM",
    severity=Severity.MEDIUM,
    service="iam",
    resource_type="AWS::IAM::ServerCertificate",
    rationale="An expired certificate deployed by mistake to an ELB or CloudFront breaks clients and trust.",
    remediation="`aws iam delete-server-certificate --server-certificate-name NAME`",
    doc="https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_server-certs.html#delete-server-certificate",
    needs=("iam list-server-certificates",),
)


def run(where: Where, certs: tuple[ServerCertificate, ...]) -> Iterator[Result]:
    for cert in certs:
        if cert.expiration is None:
            yield where.not_evaluated(cert.arn, f"`{cert.name}` has no Expiration")
            continue
        expired = cert.expiration <= where.now
        state = "expired" if expired else "expires"
        yield where.result(not expired, cert.arn, f"`{cert.name}` {state} {cert.expiration.date().isoformat()}")


CHECK = Check(META, Scope.ACCOUNT, iam_account.server_certificates, run)
