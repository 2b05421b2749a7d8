"""EC2 and VPC (regional): the network (VPCs, subnets, routes, gateways, NACLs, security groups,
interfaces, endpoints, prefix lists, peering, transit and VPN gateways, flow logs) and compute/storage
(instances, addresses, volumes, snapshots and images owned by the account, EBS default encryption), and
who each owned snapshot is shared with (``describe-snapshot-attribute --attribute createVolumePermission``,
https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeSnapshotAttribute.html).

https://docs.aws.amazon.com/AWSEC2/latest/APIReference/OperationList-query-ec2.html.
"""

from __future__ import annotations

from functools import partial

from keyaki.collect.context import Context, items

SERVICE = "ec2"
DESCRIBE = (
    "describe-vpcs",
    "describe-subnets",
    "describe-route-tables",
    "describe-internet-gateways",
    "describe-egress-only-internet-gateways",
    "describe-nat-gateways",
    "describe-network-acls",
    "describe-security-groups",
    "describe-network-interfaces",
    "describe-instances",
    "describe-addresses",
    "describe-vpc-peering-connections",
    "describe-vpc-endpoints",
    "describe-transit-gateways",
    "describe-vpn-gateways",
    "describe-flow-logs",
    "describe-volumes",
    "describe-images",
    "get-ebs-encryption-by-default",
    "get-snapshot-block-public-access-state",
)


def collect(ctx: Context) -> None:
    for op in DESCRIBE:  # independent calls: run them concurrently
        ctx.spawn(partial(ctx.call, SERVICE, op))
    ctx.spawn(partial(_prefix_lists, ctx))
    ctx.spawn(partial(_snapshots, ctx))


def _prefix_lists(ctx: Context) -> None:
    for pl in items(ctx.call(SERVICE, "describe-managed-prefix-lists"), "PrefixLists"):
        pl_id = pl.get("PrefixListId")
        if isinstance(pl_id, str):
            ctx.call(SERVICE, "get-managed-prefix-list-entries", pl_id, PrefixListId=pl_id)


def _snapshots(ctx: Context) -> None:
    for snap in items(ctx.call(SERVICE, "describe-snapshots"), "Snapshots"):
        snap_id = snap.get("SnapshotId")
        # only the account's own snapshots carry its sharing attribute (a listing that also holds others',
        # as moto's does for ``--owner-ids self``, must not cost a call per foreign snapshot)
        if isinstance(snap_id, str) and snap.get("OwnerId") == ctx.account:
            ctx.call(SERVICE, "describe-snapshot-attribute", snap_id, SnapshotId=snap_id)
