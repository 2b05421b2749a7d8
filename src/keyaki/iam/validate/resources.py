"""Resource checks: ARN shape against the services' ARN formats, applicability, redundancy.

Spec pages:
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
- https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache

from keyaki.iam import reference as ref
from keyaki.iam.validate.actions import has_wildcard
from keyaki.iam.validate.context import Ctx, Statement
from keyaki.iam.validate.findings import Path
from keyaki.iam.validate.located import Node

PARTITIONS = frozenset({"aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"})
_PLACEHOLDER = re.compile(r"\$\{[^}]*\}")
_ACCOUNT = re.compile(r"\d{12}")


@lru_cache(maxsize=1)
def arn_index() -> dict[str, tuple[tuple[str, ...], ...]]:
    """ARN service namespace (third ARN field) → the ARN formats using it, split into six fields."""
    out: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for prefix in ref.service_prefixes():
        for rtype in ref.service(prefix).resource_types.values():
            for arn_format in rtype.arn_formats:
                parts = tuple(arn_format.split(":", 5))
                if len(parts) == 6:
                    out[parts[2].lower()].append(parts)
    return {k: tuple(v) for k, v in out.items()}


def _service_of(rtype: ref.ResourceType) -> str:
    return rtype.arn_format.split(":", 5)[2].lower()


def check_resources(ctx: Ctx, st: Statement) -> None:
    """Each Resource/NotResource ARN is well formed for its service; then applicability and redundancy."""
    flagged: set[Path] = set()
    for name in ("Resource", "NotResource"):
        elem = st.element(name)
        if elem is None:
            continue
        for path, node in elem.values():
            before = len(ctx.findings)
            _check_arn(ctx, path, node)
            if len(ctx.findings) > before:
                flagged.add(path)
    check_applicability(ctx, st, flagged)
    check_redundant_resources(ctx, st)


def _arn_fields(ctx: Ctx, path: Path, node: Node) -> list[str] | None:
    """The six fields of a Resource ARN, after the prefix, field-count and partition checks."""
    text: str = node.value
    if not text.startswith("arn:"):
        first = min((i for i in (text.find("*"), text.find("?")) if i >= 0), default=-1)
        if not (0 <= first < 4 and "arn:".startswith(text[:first])):  # else a wildcard stands for `arn:`
            ctx.emit("INVALID_ARN_PREFIX", "Add the required prefix (arn) to the resource ARN.", path, node)
        return None
    parts = text.split(":", 5)
    if len(parts) < 6:
        ctx.emit(
            "MISSING_ARN_FIELD",
            "Resource ARNs must include at least fields in the following structure: "
            "arn:partition:service:region:account:resource",
            path,
            node,
        )
        return None
    partition = parts[1]
    if not has_wildcard(partition) and "${" not in partition and partition not in PARTITIONS:
        ctx.emit("INVALID_PARTITION", f"The resource ARN partition `{partition}` is not valid.", path, node)
    return parts


def _check_arn(ctx: Ctx, path: Path, node: Node) -> None:
    parts = _arn_fields(ctx, path, node) if node.value != "*" else None
    if parts is None:
        return
    _, _, service, region, account, resource = parts
    if has_wildcard(service) or "${" in service:
        if service != "*":
            ctx.emit(
                "WILDCARD_IN_SERVICE_NAME",
                "Avoid using wildcards (*, ?) in the service name because it might grant unintended access to "
                "other AWS services with similar names.",
                path,
                node,
            )
        return
    if service != service.lower():
        message = "Update the service name in the resource ARN to use all lowercase letters."
        ctx.emit("INVALID_ARN_SERVICE_CASE", message, path, node)
    formats = arn_index().get(service.lower())
    if not formats:
        ctx.emit("INVALID_SERVICE", f"The service `{service}` in the resource ARN does not exist.", path, node)
        return
    res_glob = _PLACEHOLDER.sub("*", resource)
    candidates = tuple(f for f in formats if ref.globs_intersect(res_glob, _PLACEHOLDER.sub("*", f[5])))
    if not candidates:
        ctx.emit(
            "INVALID_ARN_RESOURCE",
            "Resource ARN does not match the expected ARN format. Update the resource portion of the ARN.",
            path,
            node,
        )
        return
    _check_region_account(ctx, path, node, candidates, region, account)


def _check_region_account(
    ctx: Ctx, path: Path, node: Node, formats: tuple[tuple[str, ...], ...], region: str, account: str
) -> bool:
    """Region and account fields against the formats whose resource part fits; True when reported."""
    regions = {f[3] for f in formats}
    accounts = {f[4] for f in formats}
    service = formats[0][2]
    if region and not has_wildcard(region) and "${" not in region and regions == {""}:
        ctx.emit(
            "ARN_REGION_NOT_ALLOWED",
            f"The service {service} does not support specifying a Region in the resource ARN.",
            path,
            node,
        )
        return True
    if not region and "" not in regions:
        ctx.emit("MISSING_ARN_REGION", "Add a Region to the resource ARN.", path, node)
        return True
    if account and not has_wildcard(account) and "${" not in account:
        if accounts == {""}:
            ctx.emit(
                "ARN_ACCOUNT_NOT_ALLOWED",
                f"The service {service} does not support specifying an account ID in the resource ARN.",
                path,
                node,
            )
            return True
        # "aws" owns AWS-managed resources (arn:aws:iam::aws:policy/..., SageMaker public hub, ...)
        if account != "aws" and account not in accounts and not _ACCOUNT.fullmatch(account):
            ctx.emit(
                "INVALID_ARN_ACCOUNT",
                "The resource ARN account ID is not valid. Provide a 12-digit account ID.",
                path,
                node,
            )
            return True
    # No MISSING_ARN_ACCOUNT: AWS-owned resources (SSM documents, AMIs) omit the account even where
    # the reference data's format has one, so an empty account is not evidence of an error.
    return False


def check_applicability(ctx: Ctx, st: Statement, flagged: frozenset[Path] | set[Path] = frozenset()) -> None:
    """keyaki extension: a Resource ARN that fits no resource type of any of the statement's actions."""
    if st.element("Action") is None or st.element("Resource") is None:
        return
    rtypes: set[ref.ResourceType] = set()
    for pattern in st.strings("Action"):
        try:
            acts = ref.actions_matching(pattern)
        except (ref.UnknownService, ref.UnknownAction):
            return  # reported by the action checks; nothing sound to say here
        if not acts:
            return
        for act in acts:
            rtypes.update(ref.resource_types_for(act.full_name))
    by_service: dict[str, list[ref.ResourceType]] = defaultdict(list)
    for rtype in rtypes:
        by_service[_service_of(rtype)].append(rtype)
    elem = st.element("Resource")
    assert elem is not None  # checked above
    for path, node in elem.values():
        if path not in flagged:
            _check_fits(ctx, path, node, by_service)


def _check_fits(ctx: Ctx, path: Path, node: Node, by_service: dict[str, list[ref.ResourceType]]) -> None:
    text: str = node.value
    parts = text.split(":", 5)
    if text == "*" or len(parts) != 6 or has_wildcard(parts[2]) or parts[2].lower() not in arn_index():
        return
    if any(ref.arn_matches_resource_type(text, r) for r in by_service.get(parts[2].lower(), ())):
        return
    ctx.emit(
        "RESOURCE_NOT_APPLICABLE_TO_ACTIONS",
        f"The resource `{text}` matches none of the resource types of the statement's actions, so the "
        "statement has no effect on it.",
        path,
        node,
    )


def check_redundant_resources(ctx: Ctx, st: Statement) -> None:
    """An ARN that another entry of the same element already covers (ARNs are case-sensitive)."""
    elem = st.element("Resource") or st.element("NotResource")
    if elem is None:
        return
    entries = list(elem.values())
    for i, (path, node) in enumerate(entries):
        for j, (_, other) in enumerate(entries):
            if i == j or "?" in other.value:
                continue
            same = other.value == node.value
            if (same and j < i) or (not same and ref.glob_match(other.value, node.value, ignore_case=False)):
                ctx.emit(
                    "REDUNDANT_RESOURCE",
                    f"The resource ARN `{node.value}` is redundant because `{other.value}` references "
                    "the same "
                    "resource. Review the use of wildcards (*)",
                    path,
                    node,
                )
                break
