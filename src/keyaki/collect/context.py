"""One account and region being collected: make a call from the table, write it, record the outcome.

Every AWS call goes through :meth:`Context.call`, which
- looks the call up in :data:`keyaki.collect.spec.API_CALLS` (so the collector policy covers it),
- skips it with ``--resume`` when the answer is already on disk (and reads a listing back from disk),
- pages through it with the botocore paginator when one exists (``build_full_result``: the list
  fields of every page concatenated, as the AWS CLI prints a paginated call),
- writes the response, or the AWS error as ``<...>.error.json``; a "not found" error is a normal
  answer, any other error (AccessDenied, an unsupported region or operation) is also a coverage gap
  in the manifest, and the collection goes on.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError
from botocore.parsers import ResponseParserError

from keyaki.collect.session import Clients
from keyaki.collect.spec import ApiCall, api
from keyaki.collect.writer import Writer, strip_metadata
from keyaki.snapshot import layout
from keyaki.snapshot.manifest import ManifestGap

Spawn = Callable[[Callable[[], None]], None]


@dataclass
class Context:
    """The calls of one account in one region (``global`` for IAM and S3)."""

    account: str
    region: str  # the snapshot region: "global" or an AWS region
    api_region: str  # the region the clients talk to (for "global": the partition's home region)
    clients: Clients
    writer: Writer
    spawn: Spawn  # run a piece of work (per-resource calls) concurrently, in the same unit of work

    def call(self, service: str, operation: str, key: str | None = None, **params: Any) -> Any:
        """Make one call (or read it back with ``--resume``); the response, or ``None`` on an error."""
        row = api(service, operation)
        rel = self.path(row, key)
        if row.written and self.writer.done(rel):
            self.writer.stats.add(skipped=1)
            return self.writer.read(rel)
        region = params.pop("_region", None) or self.api_region
        try:
            data = invoke(self.clients.get(row.client, region), row, {**row.params, **params})
        except ClientError as exc:
            code, message = error_of(exc)
            self._failed(row, rel, key, code, message)
            return None
        except (BotoCoreError, ResponseParserError) as exc:  # no endpoint, connection errors, bad parameters,
            # an answer that is not the service's format (an HTML error page: an operation not implemented)
            self._failed(row, rel, key, type(exc).__name__, str(exc))
            return None
        finally:
            self.writer.stats.add(calls=1)
        if row.written:
            self.writer.write(rel, data)
        return data

    def path(self, row: ApiCall, key: str | None) -> str:
        if row.service == "organizations":
            return layout.org_path(row.operation, key)
        return layout.call_path(self.account, self.region, row.service, row.operation, key)

    def _failed(self, row: ApiCall, rel: str, key: str | None, code: str, message: str) -> None:
        if row.written:
            self.writer.write_error(rel, code, message)
        if code in layout.NOT_FOUND_CODES:
            return
        org = row.service == "organizations"
        self.writer.gap(
            ManifestGap(
                error=code,
                message=message,
                account=None if org else self.account,
                region=None if org else self.region,
                service=row.service,
                operation=row.operation,
                key=key,
            )
        )


def error_of(exc: ClientError) -> tuple[str, str]:
    """The AWS error code and message of a failed call.

    An answer without an AWS error code (an HTTP 404 or 500 page: an operation the endpoint does not
    implement) gets the code ``HTTP<status>``.
    """
    err = exc.response.get("Error", {})
    status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
    code = str(err.get("Code") or "")
    if not code or code == str(status):
        return f"HTTP{status}", f"the endpoint answered HTTP {status} without an AWS error (unsupported operation?)"
    return code, str(err.get("Message") or exc)


def invoke(client: Any, row: ApiCall, params: dict[str, Any]) -> dict[str, Any]:
    """Call ``row`` on ``client``, every page merged, without ``ResponseMetadata``."""
    if client.can_paginate(row.method):
        result = client.get_paginator(row.method).paginate(**params).build_full_result()
    else:
        result = getattr(client, row.method)(**params)
    return strip_metadata(result)


def items(data: Any, field_name: str) -> list[Any]:
    """The list ``field_name`` of a response (empty when the call failed or the field is absent)."""
    if isinstance(data, dict):
        value = data.get(field_name)
        if isinstance(value, list):
            return value
    return []
