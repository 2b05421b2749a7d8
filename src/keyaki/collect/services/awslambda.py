"""Lambda (regional): functions with their resource policies and function URLs, and layers with the
policy of each version.

https://docs.aws.amazon.com/lambda/latest/api/API_GetPolicy.html,
https://docs.aws.amazon.com/lambda/latest/api/API_GetLayerVersionPolicy.html (``ResourceNotFoundException``
when a version has no policy: a "not found" answer). The key of a version's policy is ``<layer name>:<version>``.
"""

from __future__ import annotations

from keyaki.collect.context import Context, items

SERVICE = "lambda"


def collect(ctx: Context) -> None:
    for layer in items(ctx.call(SERVICE, "list-layers"), "Layers"):
        name = layer.get("LayerName")
        if isinstance(name, str):
            _layer(ctx, name)
    for fn in items(ctx.call(SERVICE, "list-functions"), "Functions"):
        name = fn.get("FunctionName")
        if isinstance(name, str):
            ctx.call(SERVICE, "get-policy", name, FunctionName=name)
            ctx.call(SERVICE, "get-function-url-config", name, FunctionName=name)


def _layer(ctx: Context, name: str) -> None:
    for v in items(ctx.call(SERVICE, "list-layer-versions", name, LayerName=name), "LayerVersions"):
        version = v.get("Version")
        if isinstance(version, int):
            ctx.call(SERVICE, "get-layer-version-policy", f"{name}:{version}", LayerName=name, VersionNumber=version)
