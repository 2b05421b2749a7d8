"""RDS (regional): DB snapshots and DB cluster snapshots, and who each manual one is shared with.

Only manual snapshots can be shared ("Sharing a DB snapshot for Amazon RDS",
https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ShareSnapshot.html): their ``restore``
attribute lists the accounts (or ``all``) that may copy or restore them
(https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeDBSnapshotAttributes.html,
https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeDBClusterSnapshotAttributes.html).
"""

from __future__ import annotations

from functools import partial

from keyaki.collect.context import Context, items

SERVICE = "rds"


def collect(ctx: Context) -> None:
    ctx.spawn(partial(_db_snapshots, ctx))
    ctx.spawn(partial(_cluster_snapshots, ctx))


def _db_snapshots(ctx: Context) -> None:
    for snap in items(ctx.call(SERVICE, "describe-db-snapshots"), "DBSnapshots"):
        name = snap.get("DBSnapshotIdentifier")
        if isinstance(name, str) and snap.get("SnapshotType") == "manual":
            ctx.call(SERVICE, "describe-db-snapshot-attributes", name, DBSnapshotIdentifier=name)


def _cluster_snapshots(ctx: Context) -> None:
    for snap in items(ctx.call(SERVICE, "describe-db-cluster-snapshots"), "DBClusterSnapshots"):
        name = snap.get("DBClusterSnapshotIdentifier")
        if isinstance(name, str) and snap.get("SnapshotType") == "manual":
            ctx.call(SERVICE, "describe-db-cluster-snapshot-attributes", name, DBClusterSnapshotIdentifier=name)
