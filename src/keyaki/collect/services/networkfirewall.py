"""AWS Network Firewall (regional): the firewalls, and for each its VPC and subnets.

keyaki does not model firewall rules; the network analysis warns where a firewall sits, so a path
through it is never silently assumed open.
https://docs.aws.amazon.com/network-firewall/latest/APIReference/API_ListFirewalls.html.
"""

from __future__ import annotations

from keyaki.collect.context import Context, items

SERVICE = "network-firewall"


def collect(ctx: Context) -> None:
    for fw in items(ctx.call(SERVICE, "list-firewalls"), "Firewalls"):
        name = fw.get("FirewallName")
        if isinstance(name, str):
            ctx.call(SERVICE, "describe-firewall", name, FirewallName=name)
