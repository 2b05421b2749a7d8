"""Policy validation in IAM Access Analyzer's shape: policy text → findings.

Spec pages:
- https://docs.aws.amazon.com/access-analyzer/latest/APIReference/API_ValidatePolicy.html
- https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
- https://docs.aws.amazon.com/cli/latest/reference/iam/get-policy-version.html (wrapped input)

Whatever IAM would refuse, invalid JSON included, becomes an ``ERROR`` finding with its location;
the validator never raises on any text.

>>> text = '{"Statement": {"Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "*"}}'
>>> [f.issue_code for f in validate_text(text)]
['MISSING_VERSION', 'INVALID_ACTION']
"""

from __future__ import annotations

import urllib.parse
from typing import Any

from keyaki.errors import UsageError
from keyaki.iam.validate.actions import check_actions, check_pass_role_and_slr
from keyaki.iam.validate.conditions import check_condition
from keyaki.iam.validate.context import Ctx, PolicyType
from keyaki.iam.validate.findings import Finding, Location
from keyaki.iam.validate.grammar import check_document, check_sids, check_statement
from keyaki.iam.validate.located import JsonSyntaxError, Node, from_value, read_located
from keyaki.iam.validate.policy import check_redundant_statements, check_size
from keyaki.iam.validate.practices import check_condition_practices, check_trust
from keyaki.iam.validate.principals import check_principal_rules, check_rcp_statement
from keyaki.iam.validate.resource_policy import RESOURCE_TYPES, check_resource_policy
from keyaki.iam.validate.resources import check_resources
from keyaki.iam.validate.support import check_key_support

__all__ = ["RESOURCE_TYPES", "Finding", "PolicyType", "validate_document", "validate_node", "validate_text"]


def _syntax_error(exc: JsonSyntaxError) -> list[Finding]:
    pos = exc.pos
    details = f"Fix the JSON syntax error at index {pos.offset} line {pos.line} column {pos.column}: {exc.message}."
    return [Finding("JSON_SYNTAX_ERROR", details, (Location((), pos, pos),))]


def _unwrap(root: Node) -> Node | list[Finding]:
    """The policy document inside ``aws iam get-policy-version`` output, or ``root`` itself."""
    if root.kind != "object" or [k for k, _, _ in root.entries] != ["PolicyVersion"]:
        return root
    version = root.get("PolicyVersion")
    document = version.get("Document") if version is not None and version.kind == "object" else None
    if document is None:
        return root
    if document.kind == "string":  # the raw API returns the document URL-encoded
        try:
            return read_located(urllib.parse.unquote(document.value))
        except JsonSyntaxError as exc:
            return _syntax_error(exc)
    return document


def validate_text(
    text: str, policy_type: PolicyType = PolicyType.IDENTITY_POLICY, *, resource_type: str | None = None
) -> list[Finding]:
    """Validate policy JSON text (a document, or ``get-policy-version`` output).

    ``resource_type`` (resource policies only) is one of :data:`RESOURCE_TYPES`, as Access Analyzer's
    ``validatePolicyResourceType``; a bad combination raises :class:`keyaki.errors.UsageError`.
    """
    _check_arguments(policy_type, resource_type)
    try:
        root = read_located(text)
    except JsonSyntaxError as exc:
        return _syntax_error(exc)
    unwrapped = _unwrap(root)
    if isinstance(unwrapped, list):
        return unwrapped
    return validate_node(unwrapped, policy_type, resource_type=resource_type)


def validate_document(
    document: Any, policy_type: PolicyType = PolicyType.IDENTITY_POLICY, *, resource_type: str | None = None
) -> list[Finding]:
    """Validate an already-decoded policy document (spans refer to its compact JSON text)."""
    return validate_node(from_value(document), policy_type, resource_type=resource_type)


def _check_arguments(policy_type: PolicyType, resource_type: str | None) -> None:
    if resource_type is None:
        return
    if resource_type not in RESOURCE_TYPES:
        raise UsageError(f"unknown resource type `{resource_type}`; use one of {', '.join(RESOURCE_TYPES)}")
    if policy_type is not PolicyType.RESOURCE_POLICY:
        raise UsageError("a resource type applies only to `RESOURCE_POLICY`")


def validate_node(root: Node, policy_type: PolicyType, *, resource_type: str | None = None) -> list[Finding]:
    """Run every check on a located document; findings ordered by position, then code."""
    _check_arguments(policy_type, resource_type)
    ctx = Ctx(policy_type, root, resource_type)
    check_document(ctx)
    for st in ctx.statements:
        check_statement(ctx, st)
        check_principal_rules(ctx, st)
        check_rcp_statement(ctx, st)
        check_actions(ctx, st)
        check_resources(ctx, st)
        check_condition(ctx, st)
        check_pass_role_and_slr(ctx, st)
        check_key_support(ctx, st)
        check_condition_practices(ctx, st)
        check_trust(ctx, st)
        check_resource_policy(ctx, st)
    if root.kind == "object":
        check_sids(ctx)
        check_redundant_statements(ctx)
        check_size(ctx)
    return sorted(ctx.findings, key=lambda f: (f.locations[0].start.offset, f.issue_code))
