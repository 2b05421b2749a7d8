"""ACM certificates of one account and region (``list-certificates`` + ``describe-certificate``).

Fields: https://docs.aws.amazon.com/acm/latest/APIReference/API_CertificateDetail.html. The per-certificate
file is keyed by the certificate id (the last part of its ARN); the list summary is used when absent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from keyaki.snapshot import Snapshot
from keyaki.snapshot.load import Status
from keyaki.snapshot.views.common import as_dict, as_list, need, parse_time


@dataclass(frozen=True, slots=True)
class Certificate:
    arn: str
    domain: str
    type: str | None  # AMAZON_ISSUED / IMPORTED / PRIVATE
    status: str | None
    not_after: datetime | None
    key_algorithm: str | None  # e.g. RSA_2048, EC_prime256v1
    in_use: bool
    transparency_logging: str | None


def load(snap: Snapshot, account: str, region: str) -> tuple[Certificate, ...]:
    data = as_dict(need(snap.call(account, region, "acm", "list-certificates")))
    out = []
    for summary in as_list(data.get("CertificateSummaryList")):
        summary = as_dict(summary)
        arn = str(summary.get("CertificateArn", ""))
        resp = snap.call(account, region, "acm", "describe-certificate", arn.rsplit("/", 1)[-1])
        detail = (
            as_dict(resp.data.get("Certificate")) if resp.status is Status.OK and isinstance(resp.data, dict) else {}
        )
        c = {**summary, **detail}
        in_use = bool(as_list(c.get("InUseBy"))) or c.get("InUse") is True
        out.append(
            Certificate(
                arn=arn,
                domain=str(c.get("DomainName", "")),
                type=c.get("Type"),
                status=c.get("Status"),
                not_after=parse_time(c.get("NotAfter")),
                key_algorithm=c.get("KeyAlgorithm"),
                in_use=in_use,
                transparency_logging=as_dict(c.get("Options")).get("CertificateTransparencyLoggingPreference"),
            )
        )
    return tuple(out)
