"""Application load balancers redirect HTTP to HTTPS (Security Hub ELB.1).

Every HTTP listener's default action is a redirect to HTTPS.
https://docs.aws.amazon.com/elasticloadbalancing/latest/application/listener-update-rules.html
"""

from __future__ import annotations

from collections.abc import Iterator

from keyaki.checks.registry import Check, Meta, Result, Scope, Where
from keyaki.findings.model import Severity
from keyaki.snapshot.views import elbv2
from keyaki.snapshot.views.elbv2 import LoadBalancer

META = Meta(
    id="elbv2_http_to_https",
    title="Application load balancers redirect HTTP to HTTPS",
    severity=Severity.MEDIUM,
    service="elbv2",
    resource_type="AWS::ElasticLoadBalancingV2::LoadBalancer",
    rationale="Plain HTTP exposes sessions and credentials to anyone on the path.",
    remediation="`aws elbv2 modify-listener --listener-arn ARN --default-actions "
    "'Type=redirect,RedirectConfig={Protocol=HTTPS,Port=443,StatusCode=HTTP_301}'`",
    doc="https://docs.aws.amazon.com/elasticloadbalancing/latest/application/listener-update-rules.html",
    needs=("elbv2 describe-load-balancers", "elbv2 describe-listeners"),
)


def run(where: Where, lbs: tuple[LoadBalancer, ...]) -> Iterator[Result]:
    for lb in lbs:
        if lb.type != "application":
            continue
        if lb.listeners is None:
            yield where.not_evaluated(lb.arn, f"listeners of `{lb.name}` were not collected")
            continue
        plain = [f"HTTP:{x.port}" for x in lb.listeners if x.protocol == "HTTP" and not x.redirects_to_https]
        summary = (
            f"`{lb.name}` serves plain " + ", ".join(plain) if plain else f"`{lb.name}` has no plain HTTP listener"
        )
        yield where.result(not plain, lb.arn, summary)


CHECK = Check(META, Scope.REGION, elbv2.load, run)
