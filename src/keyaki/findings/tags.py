"""Resource tags for findings: read once per scan from the snapshot, attached to findings by ARN.

Suppression rules can match on tags (:mod:`keyaki.findings.suppress` reads ``evidence.details.tags``),
so every finding whose resource has tags in the snapshot gets them, whatever analysis produced it.
Tags come from the responses that already list the resources, at no extra call:

- IAM users and roles: ``Tags`` of ``UserDetailList``/``RoleDetailList`` in
  ``get-account-authorization-details``
  (https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountAuthorizationDetails.html);
- EC2 instances, security groups, VPCs, subnets and volumes: ``Tags`` (``[{"Key", "Value"}]``) of
  ``describe-instances``, ``describe-security-groups``, ``describe-vpcs``, ``describe-subnets`` and
  ``describe-volumes`` (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_Tag.html);
- Secrets Manager secrets: ``Tags`` of ``list-secrets``.

S3 bucket tags need ``get-bucket-tagging``, which the snapshot layout does not collect: bucket
findings carry no tags. The index is built lazily, per account and region, only for the kinds of
resource the findings name, so a scan reads no call that no finding needs. An analysis that already
recorded ``tags`` keeps its own; finding ids never change (tags are evidence, not identity).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from keyaki.findings.model import Finding
from keyaki.snapshot import Snapshot
from keyaki.snapshot.layout import GLOBAL
from keyaki.snapshot.views.common import as_dict, as_list, tags

Index = dict[str, dict[str, str]]  # ARN -> tags

# EC2 resource kind in the ARN -> (describe call, list field, id field, nested under Reservations)
_EC2 = {
    "instance": ("describe-instances", "Instances", "InstanceId", True),
    "security-group": ("describe-security-groups", "SecurityGroups", "GroupId", False),
    "vpc": ("describe-vpcs", "Vpcs", "VpcId", False),
    "subnet": ("describe-subnets", "Subnets", "SubnetId", False),
    "volume": ("describe-volumes", "Volumes", "VolumeId", False),
}


def _iam(snap: Snapshot, account: str, _region: str, _kind: str) -> Index:
    data = as_dict(snap.call(account, GLOBAL, "iam", "get-account-authorization-details").data)
    out: Index = {}
    for field in ("UserDetailList", "RoleDetailList"):
        for item in as_list(data.get(field)):
            item = as_dict(item)
            if item.get("Arn") and item.get("Tags"):
                out[str(item["Arn"])] = tags(item["Tags"])
    return out


def _ec2(snap: Snapshot, account: str, region: str, kind: str) -> Index:
    operation, field, id_field, nested = _EC2[kind]
    data = as_dict(snap.call(account, region, "ec2", operation).data)
    items = as_list(data.get(field))
    if nested:
        items = [i for r in as_list(data.get("Reservations")) for i in as_list(as_dict(r).get(field))]
    out: Index = {}
    for item in items:
        item = as_dict(item)
        if item.get(id_field) and item.get("Tags"):
            out[f"arn:aws:ec2:{region}:{account}:{kind}/{item[id_field]}"] = tags(item["Tags"])
    return out


def _secrets(snap: Snapshot, account: str, region: str, _kind: str) -> Index:
    data = as_dict(snap.call(account, region, "secretsmanager", "list-secrets").data)
    out: Index = {}
    for item in as_list(data.get("SecretList")):
        item = as_dict(item)
        if item.get("ARN") and item.get("Tags"):
            out[str(item["ARN"])] = tags(item["Tags"])
    return out


Loader = Callable[[Snapshot, str, str, str], Index]


def _source(arn: str) -> tuple[Loader, str, str, str] | None:
    """Which response lists the resource of ``arn``: (loader, account, region, kind), or None."""
    parts = arn.split(":", 5)
    if len(parts) != 6 or not parts[4]:
        return None
    service, region, account, rest = parts[2], parts[3], parts[4], parts[5]
    kind = rest.split("/", 1)[0]
    if service == "iam" and kind in ("user", "role"):
        return _iam, account, GLOBAL, "iam"
    if service == "ec2" and kind in _EC2 and region:
        return _ec2, account, region, kind
    if service == "secretsmanager" and kind.startswith("secret") and region:
        return _secrets, account, region, "secret"
    return None


class TagIndex:
    """ARN -> tags, each response read at most once (lazily, for the resources findings name)."""

    def __init__(self, snapshot: Snapshot) -> None:
        self._snap = snapshot
        self._loaded: dict[tuple[str, str, str], Index] = {}

    def tags_of(self, arn: str) -> dict[str, str]:
        """The resource's tags (``{}`` when it has none or the snapshot does not list them)."""
        source = _source(arn)
        if source is None:
            return {}
        loader, account, region, kind = source
        key = (account, region, kind)
        if key not in self._loaded:
            self._loaded[key] = loader(self._snap, account, region, kind)
        return self._loaded[key].get(arn, {})


def with_tags(findings: Iterable[Finding], index: TagIndex) -> list[Finding]:
    """The findings, each with its resource's tags in ``evidence.details.tags`` (when it has some)."""
    out = []
    for f in findings:
        details: dict[str, Any] = f.evidence.details
        found = index.tags_of(f.resource) if "tags" not in details and "Tags" not in details else {}
        if found:
            evidence = f.evidence.model_copy(update={"details": {**details, "tags": dict(sorted(found.items()))}})
            f = f.model_copy(update={"evidence": evidence})
        out.append(f)
    return out
