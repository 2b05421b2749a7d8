"""Building block of load-balancer attribute checks: one attribute's value per load balancer.

https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_LoadBalancerAttribute.html
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from keyaki.checks.registry import Check, Meta, Result, Scope, Where
from keyaki.snapshot.views import elbv2
from keyaki.snapshot.views.elbv2 import LoadBalancer

NEEDS = ("elbv2 describe-load-balancers", "elbv2 describe-load-balancer-attributes")


def attribute_check(
    meta: Meta, key: str, ok: Callable[[str | None], bool], types: tuple[str, ...]
) -> Check[tuple[LoadBalancer, ...]]:
    """Every load balancer of ``types`` has attribute ``key`` satisfying ``ok``."""

    def run(where: Where, lbs: tuple[LoadBalancer, ...]) -> Iterator[Result]:
        for lb in lbs:
            if lb.type not in types:
                continue
            if lb.attributes is None:
                yield where.not_evaluated(lb.arn, f"attributes of `{lb.name}` were not collected")
                continue
            value = lb.attributes.get(key)
            yield where.result(ok(value), lb.arn, f"`{lb.name}` has {key}={value}")

    return Check(meta, Scope.REGION, elbv2.load, run)
