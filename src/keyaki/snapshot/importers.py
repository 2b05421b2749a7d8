"""Importers: other tools' exports as snapshots.

- A ``get-account-authorization-details`` export (what Cloudsplaining, Parliament and IAMSpy read)
  becomes a snapshot with :func:`import_gaad`.
- A folder of EC2 ``describe-*`` outputs per region (Batfish's AWS layout: ``us-east-2/Reservations.json``
  or ``us-east-2/describe-instances.json``) loads directly as the network part of a snapshot
  (:func:`describe_folder_storage`).
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from keyaki import __version__
from keyaki.errors import BadInput
from keyaki.snapshot import layout
from keyaki.snapshot.manifest import Manifest, ManifestAccount, ManifestGap
from keyaki.snapshot.storage import MappedStorage

REGION_RE = re.compile(r"^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d+$")

# top-level key of a describe-* response -> (service, operation)
TOP_LEVEL_KEYS: dict[str, tuple[str, str]] = {
    "Vpcs": ("ec2", "describe-vpcs"),
    "Subnets": ("ec2", "describe-subnets"),
    "RouteTables": ("ec2", "describe-route-tables"),
    "InternetGateways": ("ec2", "describe-internet-gateways"),
    "EgressOnlyInternetGateways": ("ec2", "describe-egress-only-internet-gateways"),
    "NatGateways": ("ec2", "describe-nat-gateways"),
    "NetworkAcls": ("ec2", "describe-network-acls"),
    "SecurityGroups": ("ec2", "describe-security-groups"),
    "NetworkInterfaces": ("ec2", "describe-network-interfaces"),
    "Reservations": ("ec2", "describe-instances"),
    "Addresses": ("ec2", "describe-addresses"),
    "VpcPeeringConnections": ("ec2", "describe-vpc-peering-connections"),
    "VpcEndpoints": ("ec2", "describe-vpc-endpoints"),
    "PrefixLists": ("ec2", "describe-managed-prefix-lists"),
    "TransitGateways": ("ec2", "describe-transit-gateways"),
    "VpnGateways": ("ec2", "describe-vpn-gateways"),
    "LoadBalancers": ("elbv2", "describe-load-balancers"),
    "TargetGroups": ("elbv2", "describe-target-groups"),
}
_OPERATIONS = {op: (svc, op) for svc, op in TOP_LEVEL_KEYS.values()}
_ACCOUNT_RE = re.compile(r'"(?:OwnerId|AccountId)"\s*:\s*"(\d{12})"')
UNKNOWN_ACCOUNT = "000000000000"


def describe_folder_storage(root: Path) -> tuple[MappedStorage, Manifest] | None:
    """Map a folder of per-region ``describe-*`` outputs onto the snapshot layout (None if it is not one)."""
    found: dict[tuple[str, str, str], Path] = {}
    for region_dir in sorted(p for p in root.iterdir() if p.is_dir() and REGION_RE.match(p.name)):
        for f in sorted(region_dir.glob("*.json")):
            target = TOP_LEVEL_KEYS.get(f.stem) or _OPERATIONS.get(f.stem)
            if target is not None:
                found[(region_dir.name, *target)] = f
    if not found:
        return None
    account = _guess_account(found.values())
    mapping = {layout.call_path(account, region, svc, op): path for (region, svc, op), path in found.items()}
    gaps = []
    if account == UNKNOWN_ACCOUNT:
        gaps.append(ManifestGap(error="unknown_account", message="no OwnerId in the describe outputs"))
    regions = sorted({region for region, _, _ in found})
    manifest = Manifest(
        description=f"EC2 describe outputs from {root}",
        accounts=[ManifestAccount(id=account, regions=regions)],
        gaps=gaps,
    )
    return MappedStorage(str(root), mapping), manifest


def _guess_account(paths: Any) -> str:
    for path in paths:
        try:
            m = _ACCOUNT_RE.search(path.read_text(encoding="utf-8", errors="replace")[:200_000])
        except OSError:
            continue
        if m:
            return m.group(1)
    return UNKNOWN_ACCOUNT


_ARN_ACCOUNT_RE = re.compile(r"^arn:aws[a-z-]*:iam::(\d{12}):")


def gaad_account(doc: dict[str, Any]) -> str | None:
    """The account a GAAD export belongs to, read from its users', groups' or roles' ARNs."""
    for section in ("UserDetailList", "RoleDetailList", "GroupDetailList"):
        for item in doc.get(section) or []:
            m = _ARN_ACCOUNT_RE.match(str(item.get("Arn", "")) if isinstance(item, dict) else "")
            if m:
                return m.group(1)
    return None


def import_gaad(source: Path, out: Path, account: str | None = None) -> Path:
    """Write a snapshot holding one ``get-account-authorization-details`` export.

    The export is kept verbatim. The account id comes from ``account`` or the export's ARNs.
    """
    from keyaki.snapshot.load import parse_json

    if not source.is_file():
        raise BadInput("no such file", file=str(source))
    doc = parse_json(source.read_bytes(), str(source))
    if not isinstance(doc, dict) or not any(
        k in doc for k in ("UserDetailList", "RoleDetailList", "GroupDetailList", "Policies")
    ):
        raise BadInput(
            "not a `get-account-authorization-details` export (no UserDetailList, RoleDetailList, "
            "GroupDetailList or Policies)",
            file=str(source),
        )
    account = account or gaad_account(doc)
    if account is None:
        raise BadInput("cannot tell the account id from the export's ARNs; pass `--account`", file=str(source))
    if out.exists() and any(out.iterdir()):
        raise BadInput("the output folder exists and is not empty", file=str(out))
    target = out / layout.call_path(account, layout.GLOBAL, "iam", "get-account-authorization-details")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(doc, indent=2), encoding="utf-8")
    manifest = Manifest(
        created=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        description=f"imported from {source.name}",
        accounts=[ManifestAccount(id=account, regions=[])],
    )
    raw = manifest.model_dump(mode="json")
    raw["collector"] = {"name": "keyaki import gaad", "version": __version__}
    (out / layout.MANIFEST).write_text(json.dumps(raw, indent=2) + "\n", encoding="utf-8")
    return out
