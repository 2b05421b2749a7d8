"""boto3 sessions for the collector: the standard credential chain, assumed roles, retries, clients.

- Credentials: the standard boto3 chain (environment, ``--profile``, SSO, instance/container roles),
  https://boto3.amazonaws.com/v1/documentation/api/latest/guide/credentials.html.
  ``AWS_ENDPOINT_URL`` (and the per-service ``AWS_ENDPOINT_URL_<SERVICE>``) are honoured by botocore
  itself (https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html).
- Member accounts: ``sts:AssumeRole`` into ``arn:<partition>:iam::<account>:role/<name>`` (optional
  ``ExternalId``) with credentials that refresh themselves before they expire, so a long collection of
  a large organisation never fails half-way on expired credentials.
- Retries: botocore's ``adaptive`` mode (standard retries with exponential backoff on throttling and
  5xx errors, plus client-side rate limiting), https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import urlparse, urlsplit, urlunsplit

import boto3
from botocore.config import Config
from botocore.credentials import AssumeRoleCredentialFetcher, DeferredRefreshableCredentials

from keyaki import __version__

# (event name, handler) pairs registered on every session: botocore event hooks (tests use them
# to inject throttling and AccessDenied; https://boto3.amazonaws.com/v1/documentation/api/latest/guide/events.html)
Hooks = Sequence[tuple[str, Callable[..., Any]]]

DEFAULT_MAX_ATTEMPTS = 10
GLOBAL_REGION = {"aws": "us-east-1", "aws-us-gov": "us-gov-west-1", "aws-cn": "cn-north-1"}


def client_config(max_attempts: int = DEFAULT_MAX_ATTEMPTS, pool: int = 32) -> Config:
    """The botocore configuration of every client: adaptive retries, a connection pool per client.

    ``max_attempts`` counts every attempt, the first included (as ``AWS_MAX_ATTEMPTS`` does); in
    botocore's ``retries`` dictionary that is ``total_max_attempts`` (its ``max_attempts`` key counts
    retries only).
    """
    return Config(
        retries={"mode": "adaptive", "total_max_attempts": max_attempts},
        max_pool_connections=pool,
        user_agent_extra=f"keyaki/{__version__}",
    )


def base_session(profile: str | None, hooks: Hooks = ()) -> boto3.Session:
    """A session from the standard credential chain (``profile`` when given)."""
    session = boto3.Session(profile_name=profile) if profile else boto3.Session()
    _register(session, hooks)
    return session


def assumed_session(
    base: boto3.Session,
    role_arn: str,
    *,
    external_id: str | None = None,
    hooks: Hooks = (),
    config: Config | None = None,
) -> boto3.Session:
    """A session acting as ``role_arn`` whose credentials are fetched lazily and refreshed."""
    extra: dict[str, Any] = {"RoleSessionName": "keyaki-collect"}
    if external_id:
        extra["ExternalId"] = external_id
    source = base.get_credentials()
    fetcher = AssumeRoleCredentialFetcher(
        client_creator=_sts_creator(base, config),
        source_credentials=source,
        role_arn=role_arn,
        extra_args=extra,
    )
    creds = DeferredRefreshableCredentials(method="assume-role", refresh_using=fetcher.fetch_credentials)
    session = boto3.Session(region_name=base.region_name)
    session._session._credentials = creds  # botocore has no public setter for refreshable credentials
    # one loader for every account: service models are parsed once, not once per member account
    session._session.register_component("data_loader", base._session.get_component("data_loader"))
    _register(session, hooks)
    return session


def _sts_creator(base: boto3.Session, config: Config | None) -> Callable[..., Any]:
    lock = threading.Lock()

    def create(service_name: str, **kwargs: Any) -> Any:
        with lock:  # creating clients from one session is not thread-safe
            return base.client(service_name, config=config, **kwargs)

    return create


def _register(session: boto3.Session, hooks: Hooks) -> None:
    for event, handler in hooks:
        session.events.register(event, handler)


class Clients:
    """Thread-safe cache of clients of one session, by (client name, region)."""

    def __init__(self, session: boto3.Session, config: Config) -> None:
        self.session = session
        self.config = config
        self._cache: dict[tuple[str, str], Any] = {}
        self._lock = threading.Lock()

    def get(self, name: str, region: str) -> Any:
        with self._lock:
            client = self._cache.get((name, region))
            if client is None:
                client = self.session.client(name, region_name=region, config=self.config)
                if name == "s3control" and not _aws_host(client.meta.endpoint_url):
                    client.meta.events.register("before-sign.s3-control", strip_account_host)
                self._cache[(name, region)] = client
            return client


def strip_account_host(request: Any, **_event: Any) -> None:
    """Take the ``ACCOUNT.`` label off an S3 Control request's host name.

    S3 Control's endpoint rules put the account id in the host name (``ACCOUNT.s3-control.REGION.amazonaws.com``);
    on a custom endpoint (``AWS_ENDPOINT_URL``, a local emulator) that host does not resolve. Registered on
    botocore's ``before-sign`` event, so the signature covers the host actually sent; the account id is
    still sent in the ``x-amz-account-id`` header.
    """
    parts = urlsplit(request.url)
    first, _, rest = (parts.hostname or "").partition(".")
    if rest and first.isdigit() and len(first) == 12:
        netloc = rest + (f":{parts.port}" if parts.port else "")
        request.url = urlunsplit(parts._replace(netloc=netloc))


def _aws_host(url: str) -> bool:
    """Whether an endpoint URL is one of AWS's own (``*.amazonaws.com``, ``*.amazonaws.com.cn``).

    >>> _aws_host("https://s3-control.us-east-1.amazonaws.com"), _aws_host("http://127.0.0.1:5000")
    (True, False)
    """
    host = urlparse(url).hostname or ""
    return host.endswith((".amazonaws.com", ".amazonaws.com.cn"))
