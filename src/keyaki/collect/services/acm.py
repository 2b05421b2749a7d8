"""ACM (regional): certificates of every key type, and each certificate's details, keyed by the
certificate id (the last part of its ARN). ``ListCertificates`` lists only RSA_1024/RSA_2048 by default:
https://docs.aws.amazon.com/acm/latest/APIReference/API_ListCertificates.html.
"""

from __future__ import annotations

from keyaki.collect.context import Context, items

SERVICE = "acm"


def collect(ctx: Context) -> None:
    for cert in items(ctx.call(SERVICE, "list-certificates"), "CertificateSummaryList"):
        arn = cert.get("CertificateArn")
        if isinstance(arn, str):
            ctx.call(SERVICE, "describe-certificate", arn.rsplit("/", 1)[-1], CertificateArn=arn)
