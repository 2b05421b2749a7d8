"""Secrets Manager (regional): secret metadata and resource policies only, never a secret's value.

https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetResourcePolicy.html.
"""

from __future__ import annotations

from functools import partial

from keyaki.collect.context import Context, items

SERVICE = "secretsmanager"


def collect(ctx: Context) -> None:
    for secret in items(ctx.call(SERVICE, "list-secrets"), "SecretList"):
        name, arn = secret.get("Name"), secret.get("ARN")
        if isinstance(name, str) and isinstance(arn, str):
            ctx.spawn(partial(_secret, ctx, name, arn))


def _secret(ctx: Context, name: str, arn: str) -> None:
    ctx.call(SERVICE, "describe-secret", name, SecretId=arn)
    ctx.call(SERVICE, "get-resource-policy", name, SecretId=arn)
