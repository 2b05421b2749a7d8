"""HTTPS and TLS listeners use a TLS 1.3 security policy without TLS 1.0/1.1 (Security Hub ELB.17).

Accepted: the ``ELBSecurityPolicy-TLS13-*`` policies except the ``TLS13-1-0`` and ``TLS13-1-1`` ones.
https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html
"""

from __future__ import annotations

from collections.abc import Iterator

from keyaki.checks.registry import Check, Meta, Result, Scope, Where
from keyaki.findings.model import Severity
from keyaki.snapshot.views import elbv2
from keyaki.snapshot.views.elbv2 import LoadBalancer

META = Meta(
    id="elbv2_tls_policy",
    title="Load balancer TLS listeners use a recommended security policy",
    severity=Severity.MEDIUM,
    service="elbv2",
    resource_type="AWS::ElasticLoadBalancingV2::Listener",
    rationale="Old policies accept TLS 1.0/1.1 and weak ciphers that downgrade attacks exploit.",
    remediation="`aws elbv2 modify-listener --listener-arn ARN --ssl-policy ELBSecurityPolicy-TLS13-1-2-2021-06`",
    doc="https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html",
    needs=("elbv2 describe-load-balancers", "elbv2 describe-listeners"),
)


def _recommended(policy: str | None) -> bool:
    p = policy or ""
    return p.startswith("ELBSecurityPolicy-TLS13-") and not p.startswith(
        ("ELBSecurityPolicy-TLS13-1-0", "ELBSecurityPolicy-TLS13-1-1")
    )


def run(where: Where, lbs: tuple[LoadBalancer, ...]) -> Iterator[Result]:
    for lb in lbs:
        if lb.listeners is None:
            yield where.not_evaluated(lb.arn, f"listeners of `{lb.name}` were not collected")
            continue
        for x in lb.listeners:
            if x.protocol in ("HTTPS", "TLS"):
                yield where.result(
                    _recommended(x.ssl_policy), lb.arn, f"`{lb.name}` {x.protocol}:{x.port} uses `{x.ssl_policy}`"
                )


CHECK = Check(META, Scope.REGION, elbv2.load, run)
