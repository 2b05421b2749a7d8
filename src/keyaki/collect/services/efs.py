"""EFS (regional): file systems and their file system policies.

https://docs.aws.amazon.com/efs/latest/ug/API_DescribeFileSystemPolicy.html (``PolicyNotFound`` when the
default policy is in effect: a "not found" answer).
"""

from __future__ import annotations

from keyaki.collect.context import Context, items

SERVICE = "efs"


def collect(ctx: Context) -> None:
    for fs in items(ctx.call(SERVICE, "describe-file-systems"), "FileSystems"):
        fid = fs.get("FileSystemId")
        if isinstance(fid, str):
            ctx.call(SERVICE, "describe-file-system-policy", fid, FileSystemId=fid)
