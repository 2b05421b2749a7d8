"""Elastic Load Balancing v2 (regional): load balancers with their attributes and listeners, target
groups with their targets' health; per-resource files keyed by load balancer / target group name.

https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_Operations.html.
"""

from __future__ import annotations

from keyaki.collect.context import Context, items

SERVICE = "elbv2"


def collect(ctx: Context) -> None:
    for lb in items(ctx.call(SERVICE, "describe-load-balancers"), "LoadBalancers"):
        name, arn = lb.get("LoadBalancerName"), lb.get("LoadBalancerArn")
        if isinstance(name, str) and isinstance(arn, str):
            ctx.call(SERVICE, "describe-load-balancer-attributes", name, LoadBalancerArn=arn)
            ctx.call(SERVICE, "describe-listeners", name, LoadBalancerArn=arn)
    for tg in items(ctx.call(SERVICE, "describe-target-groups"), "TargetGroups"):
        name, arn = tg.get("TargetGroupName"), tg.get("TargetGroupArn")
        if isinstance(name, str) and isinstance(arn, str):
            ctx.call(SERVICE, "describe-target-health", name, TargetGroupArn=arn)
