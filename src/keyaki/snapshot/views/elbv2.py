"""Elastic Load Balancing v2 load balancers with their attributes and listeners.

Per-load-balancer files are keyed by load balancer name. Attribute keys:
https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_LoadBalancerAttribute.html
"""

from __future__ import annotations

from dataclasses import dataclass

from keyaki.snapshot import Snapshot
from keyaki.snapshot.load import Status
from keyaki.snapshot.views.common import as_dict, as_list, need


@dataclass(frozen=True, slots=True)
class Listener:
    port: int
    protocol: str
    ssl_policy: str | None
    redirects_to_https: bool


@dataclass(frozen=True, slots=True)
class LoadBalancer:
    name: str
    arn: str
    type: str  # application / network / gateway
    scheme: str
    zones: tuple[str, ...]
    attributes: dict[str, str] | None  # None: not collected
    listeners: tuple[Listener, ...] | None  # None: not collected


def load(snap: Snapshot, account: str, region: str) -> tuple[LoadBalancer, ...]:
    data = as_dict(need(snap.call(account, region, "elbv2", "describe-load-balancers")))
    out = []
    for lb in as_list(data.get("LoadBalancers")):
        lb = as_dict(lb)
        name = str(lb.get("LoadBalancerName", ""))
        attrs = snap.call(account, region, "elbv2", "describe-load-balancer-attributes", name)
        lst = snap.call(account, region, "elbv2", "describe-listeners", name)
        out.append(
            LoadBalancer(
                name=name,
                arn=str(lb.get("LoadBalancerArn", "")),
                type=str(lb.get("Type", "application")),
                scheme=str(lb.get("Scheme", "")),
                zones=tuple(str(as_dict(z).get("ZoneName")) for z in as_list(lb.get("AvailabilityZones"))),
                attributes={
                    str(a.get("Key")): str(a.get("Value"))
                    for a in as_list(attrs.get("Attributes"))
                    if isinstance(a, dict)
                }
                if attrs.status is Status.OK
                else None,
                listeners=tuple(_listener(as_dict(x)) for x in as_list(lst.get("Listeners")))
                if lst.status is Status.OK
                else None,
            )
        )
    return tuple(out)


def _listener(x: dict[str, object]) -> Listener:
    redirect = any(
        as_dict(a).get("Type") == "redirect" and as_dict(as_dict(a).get("RedirectConfig")).get("Protocol") == "HTTPS"
        for a in as_list(x.get("DefaultActions"))
    )
    port, policy = x.get("Port"), x.get("SslPolicy")
    return Listener(
        int(port) if isinstance(port, int) else 0,
        str(x.get("Protocol", "")),
        policy if isinstance(policy, str) else None,
        redirect,
    )
