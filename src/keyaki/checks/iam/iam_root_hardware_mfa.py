"""The root user's MFA is a hardware device, not a virtual one (CIS 1.6, Security Hub IAM.6).

A root user with MFA whose device is listed by ``list-virtual-mfa-devices`` (serial
``arn:aws:iam::<account>:mfa/...`` assigned to ``arn:aws:iam::<account>:root``) uses virtual MFA.
https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-6
"""

from __future__ import annotations

from collections.abc import Iterator

from keyaki.checks.registry import Check, Meta, Result, Scope, Where
from keyaki.findings.model import Severity
from keyaki.snapshot import Snapshot
from keyaki.snapshot.views import credentials, iam_account
from keyaki.snapshot.views.credentials import CredentialReport
from keyaki.snapshot.views.iam_account import VirtualMfa

META = Meta(
    id="iam_root_hardware_mfa",
    title="The root user uses a hardware MFA device",
    severity=Severity.CRITICAL,
    service="iam",
    resource_type="AWS::::Account",
    rationale="A virtual MFA lives on a phone or laptop that may be lost, shared or compromised.",
    remediation="Sign in as the root user, remove the virtual MFA device and assign a hardware key "
    "(FIDO security key or hardware TOTP token); check with `aws iam list-virtual-mfa-devices`.",
    doc="https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user_manage_mfa.html",
    needs=("iam get-credential-report", "iam list-virtual-mfa-devices"),
)


def load(snap: Snapshot, account: str, region: str) -> tuple[CredentialReport, tuple[VirtualMfa, ...]]:
    return credentials.load(snap, account), iam_account.virtual_mfa_devices(snap, account)


def run(where: Where, data: tuple[CredentialReport, tuple[VirtualMfa, ...]]) -> Iterator[Result]:
    report, devices = data
    root = report.root
    if root is None:
        yield where.not_evaluated(where.account_arn, "the credential report has no `<root_account>` row")
        return
    virtual = [d.serial for d in devices if d.user_arn == root.arn or d.serial.endswith(":mfa/root-account-mfa-device")]
    if not root.mfa_active:
        yield where.result(False, root.arn, "the root user has no MFA at all", mfa_active=False)
    else:
        summary = f"root MFA is virtual ({', '.join(virtual)})" if virtual else "root MFA is a hardware device"
        yield where.result(not virtual, root.arn, summary, virtual_devices=virtual)


CHECK = Check(META, Scope.ACCOUNT, load, run)
