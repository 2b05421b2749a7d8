"""Run a collection: one account or a whole organisation, with bounded concurrency.

Units of work (one service of one account in one region) and their per-resource calls run on one
thread pool, so accounts, regions and services proceed concurrently while the number of requests in
flight stays bounded by ``workers``; botocore's adaptive retry mode slows a client down when AWS
throttles it. Member accounts are reached with ``sts:AssumeRole`` into ``--role-name`` (the
management account itself is read with the caller's own credentials: StackSets do not deploy to it).
An account whose role cannot be assumed, an AccessDenied or an unsupported call is a coverage gap in
the manifest; the collection always goes on. See ``docs/collect.md``.
"""

from __future__ import annotations

import datetime
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from keyaki import __version__
from keyaki.collect.context import Context, invoke, items
from keyaki.collect.progress import NullReporter, Reporter
from keyaki.collect.services import ALIASES, ALL_SERVICES, GLOBAL_SERVICES, REGIONAL_SERVICES, organizations
from keyaki.collect.session import (
    DEFAULT_MAX_ATTEMPTS,
    GLOBAL_REGION,
    Clients,
    Hooks,
    assumed_session,
    base_session,
    client_config,
)
from keyaki.collect.spec import api
from keyaki.collect.writer import Writer
from keyaki.errors import UsageError
from keyaki.snapshot.layout import GLOBAL
from keyaki.snapshot.manifest import (
    Manifest,
    ManifestAccount,
    ManifestCollector,
    ManifestGap,
    ManifestOrganization,
)


@dataclass(frozen=True)
class Options:
    """What to collect and how (the ``keyaki collect`` options)."""

    out: Path
    profile: str | None = None
    regions: tuple[str, ...] | None = None  # None: every region enabled in each account
    services: tuple[str, ...] | None = None  # None: every service
    resume: bool = False
    org: bool = False
    role_name: str | None = None
    external_id: str | None = None
    workers: int = 16
    max_attempts: int = DEFAULT_MAX_ATTEMPTS
    hooks: Hooks = ()


@dataclass
class Summary:
    """What a collection did."""

    out: str
    accounts: int
    regions: int
    calls: int
    skipped: int
    not_found: int
    files: int
    seconds: float
    gaps: list[ManifestGap] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {k: getattr(self, k) for k in ("out", "accounts", "regions", "calls", "skipped")}
        data |= {"not_found": self.not_found, "files": self.files, "seconds": round(self.seconds, 2)}
        data["gaps"] = [g.model_dump(exclude_none=True) for g in self.gaps]
        return data


def select_services(names: tuple[str, ...] | None) -> list[str]:
    """The services to collect (CLI names; ``s3`` and ``config`` accepted as aliases)."""
    if not names:
        return list(ALL_SERVICES)
    out: list[str] = []
    for raw in names:
        name = ALIASES.get(raw.strip(), raw.strip())
        if name not in ALL_SERVICES:
            raise UsageError(f"`--services {raw}` is not a service keyaki collects (one of {', '.join(ALL_SERVICES)})")
        if name not in out:
            out.append(name)
    return out


class Scheduler:
    """A bounded thread pool that knows when all the work (including work spawned by work) is done."""

    def __init__(self, workers: int) -> None:
        self._pool = ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="keyaki-collect")
        self._pending = 0
        self._cond = threading.Condition()

    def submit(self, fn: Callable[[], None]) -> None:
        with self._cond:
            self._pending += 1
        self._pool.submit(self._run, fn)

    def _run(self, fn: Callable[[], None]) -> None:
        try:
            fn()
        finally:
            with self._cond:
                self._pending -= 1
                if self._pending == 0:
                    self._cond.notify_all()

    def wait(self) -> None:
        try:
            with self._cond:
                while self._pending:
                    self._cond.wait(timeout=0.5)  # a timeout keeps Ctrl-C deliverable
        finally:
            self._pool.shutdown(wait=False, cancel_futures=True)


class Unit:
    """One service of one account in one region: done when it and everything it spawned is done."""

    def __init__(self, scheduler: Scheduler, writer: Writer, where: dict[str, str], done: Callable[[], None]) -> None:
        self._scheduler = scheduler
        self._writer = writer
        self._where = where
        self._done = done
        self._pending = 0
        self._lock = threading.Lock()

    def spawn(self, fn: Callable[[], None]) -> None:
        with self._lock:
            self._pending += 1
        self._scheduler.submit(lambda: self._run(fn))

    def _run(self, fn: Callable[[], None]) -> None:
        try:
            fn()
        except Exception as exc:  # a collector bug or unexpected data must not stop the collection
            self._writer.gap(ManifestGap(error="CollectorError", message=f"{type(exc).__name__}: {exc}", **self._where))
        finally:
            with self._lock:
                self._pending -= 1
                last = self._pending == 0
            if last:
                self._done()


class AccountWork:
    """Counts the units of one account still running; frees the account's slot when none are left."""

    def __init__(self, release: Callable[[], None]) -> None:
        self._pending = 1  # the account's own set-up
        self._release = release
        self._lock = threading.Lock()

    def add(self) -> None:
        with self._lock:
            self._pending += 1

    def done(self) -> None:
        with self._lock:
            self._pending -= 1
            last = self._pending == 0
        if last:
            self._release()


class Run:
    """The state of one collection."""

    def __init__(self, opts: Options, reporter: Reporter) -> None:
        self.opts = opts
        self.reporter = reporter
        self.writer = Writer(opts.out, resume=opts.resume)
        self.config = client_config(opts.max_attempts, pool=max(10, opts.workers))
        try:
            self.base = base_session(opts.profile, opts.hooks)
        except BotoCoreError as exc:  # an unknown profile, a broken config file
            raise UsageError(f"cannot use the AWS configuration: {exc}") from None
        self.base_clients = Clients(self.base, self.config)
        self.services = select_services(opts.services)
        self.scheduler = Scheduler(opts.workers)
        # accounts in flight at most: their sessions and clients are alive only while they are collected
        self.slots = threading.BoundedSemaphore(max(2, opts.workers // 4))
        self.accounts: list[ManifestAccount] = []
        self._lock = threading.Lock()
        self.me, self.partition = self._identity()
        self.home = GLOBAL_REGION.get(self.partition, "us-east-1")

    def _identity(self) -> tuple[str, str]:
        region = self.base.region_name or "us-east-1"
        try:
            who = invoke(self.base_clients.get("sts", region), api("sts", "get-caller-identity"), {})
        except (ClientError, BotoCoreError) as exc:
            raise UsageError(f"cannot use the AWS credentials: {exc}") from None
        return str(who["Account"]), str(who["Arn"]).split(":")[1]

    def context(self, account: str, region: str, clients: Clients, spawn: Callable[..., None] | None = None) -> Context:
        api_region = self.home if region == GLOBAL else region
        return Context(account, region, api_region, clients, self.writer, spawn or (lambda fn: fn()))

    def start(self, account: str, name: str | None, parent: str | None) -> None:
        """Wait for a free account slot (in the caller's thread), then schedule the account."""
        while not self.slots.acquire(timeout=0.5):  # a timeout keeps Ctrl-C deliverable
            pass
        work = AccountWork(self.slots.release)
        self.scheduler.submit(partial(self.account_safe, work, account, name, parent))

    def account_safe(self, work: AccountWork, account: str, name: str | None, parent: str | None) -> None:
        """:meth:`account`, with an unexpected failure recorded as a gap of that account."""
        try:
            self.account(work, account, name, parent)
        except Exception as exc:  # never let one account stop the collection of the others
            message = f"{type(exc).__name__}: {exc}"
            self.writer.gap(ManifestGap(error="CollectorError", message=message, account=account))
        finally:
            work.done()

    def account(self, work: AccountWork, account: str, name: str | None, parent: str | None) -> None:
        """Reach one account, find its regions, and schedule its units of work."""
        clients = self.base_clients if account == self.me else self._assume(account)
        if clients is None:
            return
        regions = list(self.opts.regions) if self.opts.regions else self._regions(account, clients)
        with self._lock:
            self.accounts.append(ManifestAccount(id=account, name=name, regions=regions, organizational_unit=parent))
        global_services = [s for s in self.services if s in GLOBAL_SERVICES]
        regional = [s for s in self.services if s in REGIONAL_SERVICES]
        label = f"{account} {name}" if name else account
        self.reporter.account(account, label, len(global_services) + len(regions) * len(regional))
        for service in global_services:
            self._unit(work, account, GLOBAL, service, clients)
        for region in regions:
            for service in regional:
                self._unit(work, account, region, service, clients)

    def _unit(self, work: AccountWork, account: str, region: str, service: str, clients: Clients) -> None:
        where = {"account": account, "region": region, "service": service}

        def done() -> None:
            self.reporter.unit_done(account, f"{region} {service}")
            work.done()

        work.add()
        unit = Unit(self.scheduler, self.writer, where, done)
        ctx = self.context(account, region, clients, unit.spawn)
        collector = GLOBAL_SERVICES.get(service) or REGIONAL_SERVICES[service]
        unit.spawn(lambda: collector(ctx))

    def _assume(self, account: str) -> Clients | None:
        role_arn = f"arn:{self.partition}:iam::{account}:role/{self.opts.role_name}"
        session = assumed_session(
            self.base, role_arn, external_id=self.opts.external_id, hooks=self.opts.hooks, config=self.config
        )
        clients = Clients(session, self.config)
        try:
            invoke(clients.get("sts", self.home), api("sts", "get-caller-identity"), {})
        except (ClientError, BotoCoreError) as exc:
            code = exc.response.get("Error", {}).get("Code", "Unknown") if isinstance(exc, ClientError) else "Error"
            message = f"cannot assume `{role_arn}`: {exc}"
            self.writer.gap(ManifestGap(error=str(code), message=message, account=account, service="sts"))
            return None
        return clients

    def _regions(self, account: str, clients: Clients) -> list[str]:
        found = self.context(account, GLOBAL, clients).call("ec2", "describe-regions")
        regions = sorted(r["RegionName"] for r in items(found, "Regions") if isinstance(r.get("RegionName"), str))
        return regions or [self.base.region_name or self.home]


def run(opts: Options, reporter: Reporter | None = None) -> Summary:
    """Collect a snapshot into ``opts.out``; the manifest is written even when interrupted."""
    if opts.org and not opts.role_name:
        raise UsageError("`--org` needs `--role-name`: the role to assume in every member account")
    started = time.monotonic()
    created = datetime.datetime.now(datetime.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    r = Run(opts, reporter or NullReporter())
    org: organizations.Organization | None = None
    try:
        if opts.org:
            org = organizations.collect(r.context(r.me, GLOBAL, r.base_clients))
            if org is None:
                raise UsageError("`--org`: cannot read the organisation from this account (see the manifest's gaps)")
            targets = [(a.id, a.name, a.parent) for a in org.accounts if a.active]
        else:
            targets = [(r.me, None, None)]
        for account, name, parent in targets:
            r.start(account, name, parent)
        r.scheduler.wait()
    finally:
        r.reporter.close()
        _write_manifest(r, org, created)
    stats = r.writer.stats
    return Summary(
        out=str(opts.out),
        accounts=len(r.accounts),
        regions=len({reg for a in r.accounts for reg in a.regions}),
        calls=stats.calls,
        skipped=stats.skipped,
        not_found=stats.not_found,
        files=stats.files,
        seconds=time.monotonic() - started,
        gaps=r.writer.gaps,
    )


def _write_manifest(r: Run, org: organizations.Organization | None, created: str) -> None:
    manifest = Manifest(
        created=created,
        collector=ManifestCollector(name="keyaki", version=__version__),
        organization=ManifestOrganization(id=org.id, management_account=org.management_account) if org else None,
        accounts=sorted(r.accounts, key=lambda a: a.id),
        gaps=r.writer.gaps,
    )
    r.writer.write_manifest(manifest)
