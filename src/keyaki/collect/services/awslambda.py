"""Lambda (regional): functions with their resource policies and function URLs, and layers.

https://docs.aws.amazon.com/lambda/latest/api/API_GetPolicy.html.
"""

from __future__ import annotations

from keyaki.collect.context import Context, items

SERVICE = "lambda"


def collect(ctx: Context) -> None:
    ctx.call(SERVICE, "list-layers")
    for fn in items(ctx.call(SERVICE, "list-functions"), "Functions"):
        name = fn.get("FunctionName")
        if isinstance(name, str):
            ctx.call(SERVICE, "get-policy", name, FunctionName=name)
            ctx.call(SERVICE, "get-function-url-config", name, FunctionName=name)
