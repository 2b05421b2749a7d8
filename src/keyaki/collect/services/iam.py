"""IAM (global): authorization details, credential report, password policy, account summary, providers.

The credential report is generated with ``GenerateCredentialReport`` and polled until its ``State`` is
``COMPLETE``, then read with ``GetCredentialReport`` (``Content`` kept base64-encoded, as the CLI
prints it): https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html.
"""

from __future__ import annotations

import time
from functools import partial

from keyaki.collect.context import Context
from keyaki.collect.spec import api

SERVICE = "iam"
_POLL_DELAYS = (0.2, 0.5, 1.0, 2.0, 2.0, 4.0, 4.0, 8.0, 8.0, 8.0, 8.0, 8.0)  # about a minute in all


def collect(ctx: Context) -> None:
    ctx.spawn(partial(credential_report, ctx))  # the longest: generated, then polled
    for op in (
        "get-account-authorization-details",
        "get-account-password-policy",
        "get-account-summary",
        "list-virtual-mfa-devices",
        "list-saml-providers",
        "list-open-id-connect-providers",
        "list-server-certificates",
    ):
        ctx.call(SERVICE, op)


def credential_report(ctx: Context, delays: tuple[float, ...] = _POLL_DELAYS) -> None:
    """Generate the credential report, wait until it is complete, and read it."""
    if ctx.writer.done(ctx.path(api(SERVICE, "get-credential-report"), None)):
        ctx.call(SERVICE, "get-credential-report")  # counted as skipped
        return
    for delay in (0.0, *delays):
        time.sleep(delay)
        state = ctx.call(SERVICE, "generate-credential-report")
        if state is None or state.get("State") == "COMPLETE":
            break  # denied (a gap; an older report may still be readable) or ready
    ctx.call(SERVICE, "get-credential-report")
