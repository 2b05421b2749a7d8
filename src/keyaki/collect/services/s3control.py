"""S3 access points (regional): the account's access points in each region, each one's configuration
(network origin, Block Public Access), policy and policy status.

https://docs.aws.amazon.com/AmazonS3/latest/API/API_control_ListAccessPoints.html, …/API_control_GetAccessPoint.html,
…/API_control_GetAccessPointPolicy.html (``NoSuchAccessPointPolicy``: no policy),
…/API_control_GetAccessPointPolicyStatus.html. S3 Control needs the account id (``AccountId``); boto3
puts it in the host name (``ACCOUNT.s3-control.REGION.amazonaws.com``), which ``keyaki.collect.session``
turns off for a custom endpoint (``AWS_ENDPOINT_URL``, e.g. a local emulator).
"""

from __future__ import annotations

from keyaki.collect.context import Context, items

SERVICE = "s3control"
PER_ACCESS_POINT = ("get-access-point", "get-access-point-policy", "get-access-point-policy-status")


def collect(ctx: Context) -> None:
    for ap in items(ctx.call(SERVICE, "list-access-points", AccountId=ctx.account), "AccessPointList"):
        name = ap.get("Name")
        if isinstance(name, str):
            for op in PER_ACCESS_POINT:
                ctx.call(SERVICE, op, name, AccountId=ctx.account, Name=name)
