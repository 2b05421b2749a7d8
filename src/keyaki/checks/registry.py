"""The check registry: metadata as data, a loader for the snapshot data, and a pure function.

A check is one short file ``keyaki/checks/<service>/<check_id>.py`` defining ``CHECK`` and one line in
:mod:`keyaki.checks.catalog`. Its ``load`` function reads a typed view of the snapshot for one scope
(the organisation, an account, or an account and region) and raises :class:`Missing` when the data
was not collected or could not be read; the registry then reports NOT_EVALUATED with the reason, so a
check never PASSes on missing data. Its ``run`` function is pure: ``(scope, view) -> results``, one
PASS / FAIL / NOT_EVALUATED per resource with the observed value as evidence.

Shapes follow Prowler's check metadata and Security Hub's control pages
(https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-controls-reference.html).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from keyaki.findings.model import Severity, account_arn
from keyaki.snapshot import Snapshot
from keyaki.snapshot.views.common import Missing

if TYPE_CHECKING:
    from keyaki.scan import ScanOptions

T = TypeVar("T")
__all__ = ["Check", "Context", "Meta", "Missing", "Outcome", "Result", "Scope", "Where"]


class Outcome(StrEnum):
    """The answer of a check for one resource."""

    PASS = "PASS"
    FAIL = "FAIL"
    NOT_EVALUATED = "NOT_EVALUATED"


class Scope(StrEnum):
    """Where a check looks: once per organisation, per account (global services), per account and region."""

    ORG = "org"
    ACCOUNT = "account"
    REGION = "region"


@dataclass(frozen=True, slots=True)
class Meta:
    """What a check is, as data: shown in reports, `keyaki posture list`, docs/checks.md."""

    id: str
    title: str
    severity: Severity
    service: str
    resource_type: str  # CloudFormation-style, e.g. "AWS::KMS::Key"
    rationale: str
    remediation: str  # what to do, with the AWS CLI command
    doc: str  # the AWS documentation page the check follows
    needs: tuple[str, ...]  # snapshot calls read, "service operation"


@dataclass(frozen=True, slots=True)
class Result:
    """One resource's outcome, with the observed value and why it passes or fails."""

    outcome: Outcome
    resource: str
    account: str
    region: str
    summary: str
    details: Mapping[str, Any] = field(default_factory=dict)
    sources: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Where:
    """The scope one ``run`` call looks at, and result builders for it."""

    account: str
    region: str
    options: ScanOptions

    @property
    def now(self) -> datetime:
        return self.options.now

    @property
    def account_arn(self) -> str:
        return account_arn(self.account)

    def result(self, ok: bool, resource: str, summary: str, **details: Any) -> Result:
        """PASS when ``ok`` else FAIL; ``summary`` states the observed value."""
        outcome = Outcome.PASS if ok else Outcome.FAIL
        return Result(outcome, resource, self.account, self.region, summary, details)

    def not_evaluated(self, resource: str, reason: str, **details: Any) -> Result:
        return Result(Outcome.NOT_EVALUATED, resource, self.account, self.region, reason, details)


Loader = Callable[[Snapshot, str, str], Any]


@dataclass(frozen=True, slots=True)
class Check(Generic[T]):
    """A registered check: metadata, the scope it runs in, its loader and its pure function."""

    meta: Meta
    scope: Scope
    load: Callable[[Snapshot, str, str], T]
    run: Callable[[Where, T], Iterable[Result]]

    @property
    def id(self) -> str:
        return self.meta.id


class Context:
    """One scan's shared state: the snapshot, options, and the views loaded so far (shared by checks)."""

    def __init__(self, snapshot: Snapshot, options: ScanOptions) -> None:
        self.snapshot = snapshot
        self.options = options
        self._views: dict[tuple[Any, str, str], Any] = {}

    def scopes(self, scope: Scope) -> Iterator[tuple[str, str]]:
        """(account, region) pairs: the management account once for the organisation, region "global" per
        account. Active accounts of the organisation that the snapshot does not hold are included (with
        region "global"): their data is missing, so every check reports them NOT_EVALUATED."""
        if scope is Scope.ORG:
            yield management_account(self.snapshot), "global"
            return
        for account in self.snapshot.accounts():
            if scope is Scope.ACCOUNT:
                yield account, "global"
            else:
                for region in self.snapshot.regions(account):
                    yield account, region
        for account in uncollected_accounts(self.snapshot):
            yield account, "global"

    def view(self, load: Loader, account: str, region: str) -> Any:
        """The view ``load`` builds for a scope (cached); a :class:`Missing` is cached and re-raised."""
        key = (load, account, region)
        if key not in self._views:
            try:
                self._views[key] = load(self.snapshot, account, region)
            except Missing as exc:
                self._views[key] = exc
        got = self._views[key]
        if isinstance(got, Missing):
            raise got
        return got

    def run(self, check: Check[Any]) -> Iterator[Result]:
        """Every result of ``check`` over the snapshot; missing data gives NOT_EVALUATED, never PASS.

        A shape the views did not expect (a bug, or AWS JSON keyaki has never seen) makes that one scope
        NOT_EVALUATED with the error, and the other accounts and regions are still checked.
        """
        for account, region in self.scopes(check.scope):
            where = Where(account, region, self.options)
            resource = where.account_arn if account else "arn:aws:organizations"
            try:
                data = self.view(check.load, account, region)
                results = list(check.run(where, data))
            except Missing as exc:
                yield where.not_evaluated(resource, f"not evaluated: `{exc.path}` {exc.reason}", path=exc.path)
                continue
            except Exception as exc:  # reported as NOT_EVALUATED with the error, never hidden, never a PASS
                yield where.not_evaluated(resource, f"not evaluated: {type(exc).__name__}: {exc}", error=True)
                continue
            yield from results


def uncollected_accounts(snapshot: Snapshot) -> list[str]:
    """Active accounts listed by Organizations (``list-accounts``) that the snapshot holds nothing of."""
    held = set(snapshot.accounts())
    listed = snapshot.org("list-accounts").get("Accounts") or []
    return sorted(
        str(a["Id"])
        for a in listed
        if isinstance(a, dict) and "Id" in a and a.get("Status", "ACTIVE") == "ACTIVE" and str(a["Id"]) not in held
    )


def management_account(snapshot: Snapshot) -> str:
    """The organisation's management account id (manifest, else describe-organization), else ""."""
    org = snapshot.manifest.organization
    if org is not None and org.management_account:
        return org.management_account
    described = snapshot.org("describe-organization").get("Organization") or {}
    return str(described.get("MasterAccountId", ""))
