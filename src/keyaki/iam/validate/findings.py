"""Findings in IAM Access Analyzer's ``ValidatePolicy`` shape and vocabulary.

Spec pages:
- https://docs.aws.amazon.com/access-analyzer/latest/APIReference/API_ValidatePolicyFinding.html
- https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html

Every issue code below is Access Analyzer's own, with the finding type its reference gives
("General Warning" is ``WARNING`` in the API). Codes marked ``keyaki extension`` have no Access
Analyzer equivalent; they are documented in ``docs/validate.md``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from keyaki.iam.validate.located import Node, Pos

FindingType = Literal["ERROR", "SECURITY_WARNING", "WARNING", "SUGGESTION"]
PathPart = str | int
Path = tuple[PathPart, ...]

_DOC = "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html"
_SAR = "https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html"

# issue code -> (finding type, title as in the reference page, used for the learnMoreLink anchor)
ISSUES: dict[str, tuple[FindingType, str]] = {
    # errors
    "ARN_ACCOUNT_NOT_ALLOWED": ("ERROR", "ARN account not allowed"),
    "ARN_REGION_NOT_ALLOWED": ("ERROR", "ARN Region not allowed"),
    "DATA_TYPE_MISMATCH": ("ERROR", "Data type mismatch"),
    "DUPLICATE_KEYS_WITH_DIFFERENT_CASE": ("ERROR", "Duplicate keys with different case"),
    "EMPTY_VARIABLE": ("ERROR", "Empty variable"),
    "INVALID_ACTION": ("ERROR", "Invalid action"),
    "INVALID_ARN_ACCOUNT": ("ERROR", "Invalid ARN account"),
    "INVALID_ARN_PREFIX": ("ERROR", "Invalid ARN prefix"),
    "INVALID_ARN_RESOURCE": ("ERROR", "Invalid ARN resource"),
    "INVALID_ARN_SERVICE_CASE": ("ERROR", "Invalid ARN service case"),
    "INVALID_CONDITION_DATA_TYPE": ("ERROR", "Invalid condition data type"),
    "INVALID_CONDITION_KEY_FORMAT": ("ERROR", "Invalid condition key format"),
    "INVALID_CONDITION_MULTIPLE_BOOLEAN": ("ERROR", "Invalid condition multiple Boolean"),
    "INVALID_CONDITION_OPERATOR": ("ERROR", "Invalid condition operator"),
    "INVALID_EFFECT": ("ERROR", "Invalid effect"),
    "INVALID_GLOBAL_CONDITION_KEY": ("ERROR", "Invalid global condition key"),
    "INVALID_PARTITION": ("ERROR", "Invalid partition"),
    "INVALID_POLICY_ELEMENT": ("ERROR", "Invalid policy element"),
    "INVALID_PRINCIPAL_FORMAT": ("ERROR", "Invalid principal format"),
    "INVALID_PRINCIPAL_KEY": ("ERROR", "Invalid principal key"),
    "INVALID_SERVICE": ("ERROR", "Invalid service"),
    "INVALID_SERVICE_CONDITION_KEY": ("ERROR", "Invalid service condition key"),
    "INVALID_SERVICE_IN_ACTION": ("ERROR", "Invalid service in action"),
    "INVALID_VARIABLE_FOR_OPERATOR": ("ERROR", "Invalid variable for operator"),
    "INVALID_VERSION": ("ERROR", "Invalid version"),
    "JSON_SYNTAX_ERROR": ("ERROR", "Json syntax error"),
    "MISSING_ACTION": ("ERROR", "Missing action"),
    "MISSING_ARN_FIELD": ("ERROR", "Missing ARN field"),
    "MISSING_ARN_REGION": ("ERROR", "Missing ARN Region"),
    "MISSING_BRACE_IN_VARIABLE": ("ERROR", "Missing brace in variable"),
    "MISSING_QUOTE_IN_VARIABLE": ("ERROR", "Missing quote in variable"),
    "MISSING_EFFECT": ("ERROR", "Missing effect"),
    "MISSING_PRINCIPAL": ("ERROR", "Missing principal"),
    "MISSING_QUALIFIER": ("ERROR", "Missing qualifier"),
    "MISSING_RESOURCE": ("ERROR", "Missing resource"),
    "MISSING_STATEMENT": ("ERROR", "Missing statement"),
    "MISSING_TAG_KEY_IN_CONDITION": ("ERROR", "Missing tag key in condition"),
    "NULL_WITH_IF_EXISTS": ("ERROR", "Null with if exists"),
    "POLICY_SIZE_EXCEEDS_SCP_QUOTA": ("ERROR", "Policy size exceeds SCP quota"),
    "POLICY_SIZE_EXCEEDS_RCP_QUOTA": ("ERROR", "Policy size exceeds RCP quota"),
    "PRIVATE_IP_ADDRESS": ("ERROR", "Private IP address"),
    "PRIVATE_NOT_IP_ADDRESS": ("ERROR", "Private NotIpAddress"),
    "RCP_SYNTAX_ERROR_ACTION": ("ERROR", "RCP syntax error action"),
    "RCP_SYNTAX_ERROR_ALLOW": ("ERROR", "RCP syntax error allow"),
    "RCP_SYNTAX_ERROR_NOTACTION": ("ERROR", "RCP syntax error NotAction"),
    "RCP_SYNTAX_ERROR_PRINCIPAL": ("ERROR", "RCP syntax error principal"),
    "SCP_SYNTAX_ERROR_ACTION_WILDCARD": ("ERROR", "SCP syntax error action wildcard"),
    "SCP_SYNTAX_ERROR_PRINCIPAL": ("ERROR", "SCP syntax error principal"),
    "TYPE_MISMATCH_IP_RANGE": ("ERROR", "Type mismatch IP range"),
    "UNSUPPORTED_ACTION_FOR_CONDITION_KEY": ("ERROR", "Unsupported action for condition key"),
    "UNSUPPORTED_ACTION_IN_POLICY": ("ERROR", "Unsupported action in policy"),
    "INVALID_VPC_FORMAT": ("ERROR", "Invalid vpc format"),
    "INVALID_VPCE_FORMAT": ("ERROR", "Invalid vpce format"),
    "INVALID_SERVICE_PRINCIPAL_FORMAT": ("ERROR", "Invalid service principal format"),
    "UNSUPPORTED_RESOURCE_ARN_IN_POLICY": ("ERROR", "Unsupported resource ARN in policy"),
    "FEDERATED_PRINCIPAL_NOT_SUPPORTED": ("ERROR", "Federated principal not supported"),
    "ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL": ("ERROR", "Role trust policy syntax error notprincipal"),
    "ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL": (
        "ERROR",
        "Role trust policy unsupported wildcard in principal",
    ),
    "ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE": ("ERROR", "Role trust policy syntax error resource"),
    "INVALID_FEDERATED_PRINCIPAL_SYNTAX_IN_ROLE_TRUST_POLICY": (
        "ERROR",
        "Invalid federated principal syntax in role trust policy",
    ),
    "MISMATCHED_ACTION_FOR_PRINCIPAL": ("ERROR", "Mismatched action for principal"),
    "MISSING_ACTION_FOR_ROLES_ANYWHERE_TRUST_POLICY": ("ERROR", "Missing action for roles anywhere trust policy"),
    "UNIQUE_SIDS_REQUIRED": ("ERROR", "Unique Sids required"),
    "UNSUPPORTED_ELEMENT_COMBINATION": ("ERROR", "Unsupported element combination"),
    "UNSUPPORTED_GLOBAL_CONDITION_KEY": ("ERROR", "Unsupported global condition key"),
    "UNSUPPORTED_PRINCIPAL": ("ERROR", "Unsupported principal"),
    "UNSUPPORTED_SID": ("ERROR", "Unsupported Sid"),
    "UNSUPPORTED_SPACE_IN_VARIABLE": ("ERROR", "Unsupported space in variable"),
    "UNSUPPORTED_WILDCARD_IN_PRINCIPAL": ("ERROR", "Unsupported wildcard in principal"),
    "VARIABLE_UNSUPPORTED_IN_ELEMENT": ("ERROR", "Variable unsupported in element"),
    "VARIABLE_UNSUPPORTED_IN_VERSION": ("ERROR", "Variable unsupported in version"),
    # general warnings
    "CREATE_SLR_WITH_NOT_RESOURCE": ("WARNING", "Create SLR with NotResource"),
    "CREATE_SLR_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE": (
        "WARNING",
        "Create SLR with star in action and NotResource",
    ),
    "CREATE_SLR_WITH_NOT_ACTION_AND_NOT_RESOURCE": ("WARNING", "Create SLR with NotAction and NotResource"),
    "CREATE_SLR_WITH_STAR_IN_RESOURCE": ("WARNING", "Create SLR with star in resource"),
    "CREATE_SLR_WITH_STAR_IN_ACTION_AND_RESOURCE": ("WARNING", "Create SLR with star in action and resource"),
    "CREATE_SLR_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION": (
        "WARNING",
        "Create SLR with star in resource and NotAction",
    ),
    "INVALID_DATE_VALUE": ("WARNING", "Invalid date value"),
    "INVALID_ROLE_REFERENCE": ("WARNING", "Invalid role reference"),
    "INVALID_USER_REFERENCE": ("WARNING", "Invalid user reference"),
    "MISSING_VERSION": ("WARNING", "Missing version"),
    "UNIQUE_SIDS_RECOMMENDED": ("WARNING", "Unique Sids recommended"),
    "WILDCARD_WITHOUT_LIKE_OPERATOR": ("WARNING", "Wildcard without like operator"),
    "POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA": ("WARNING", "Policy size exceeds identity policy quota"),
    "TYPE_MISMATCH": ("WARNING", "Type mismatch"),
    "TYPE_MISMATCH_BOOLEAN": ("WARNING", "Type mismatch Boolean"),
    "TYPE_MISMATCH_DATE": ("WARNING", "Type mismatch date"),
    "TYPE_MISMATCH_NUMBER": ("WARNING", "Type mismatch number"),
    "TYPE_MISMATCH_STRING": ("WARNING", "Type mismatch string"),
    # security warnings
    "ALLOW_WITH_NOT_PRINCIPAL": ("SECURITY_WARNING", "Allow with NotPrincipal"),
    "FORALLVALUES_WITH_SINGLE_VALUED_KEY": ("SECURITY_WARNING", "ForAllValues with single valued key"),
    "PASS_ROLE_WITH_NOT_RESOURCE": ("SECURITY_WARNING", "Pass role with NotResource"),
    "PASS_ROLE_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE": (
        "SECURITY_WARNING",
        "Pass role with star in action and NotResource",
    ),
    "PASS_ROLE_WITH_NOT_ACTION_AND_NOT_RESOURCE": (
        "SECURITY_WARNING",
        "Pass role with NotAction and NotResource",
    ),
    "PASS_ROLE_WITH_STAR_IN_RESOURCE": ("SECURITY_WARNING", "Pass role with star in resource"),
    "PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE": (
        "SECURITY_WARNING",
        "Pass role with star in action and resource",
    ),
    "PASS_ROLE_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION": (
        "SECURITY_WARNING",
        "Pass role with star in resource and NotAction",
    ),
    "DENY_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE": (
        "SECURITY_WARNING",
        "Deny with unsupported tag condition key for service",
    ),
    "DENY_NOTACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE": (
        "SECURITY_WARNING",
        "Deny NotAction with unsupported tag condition key for service",
    ),
    "MISSING_PAIRED_CONDITION_KEYS": ("SECURITY_WARNING", "Missing paired condition keys"),
    "RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL": ("SECURITY_WARNING", "Restrict access to service principal"),
    "MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL": ("SECURITY_WARNING", "Missing condition key for oidc principal"),
    "MISSING_GITHUB_REPO_CONDITION_KEY": ("SECURITY_WARNING", "Missing github repo condition key"),
    "STRING_LIKE_OPERATOR_WITH_ARN_CONDITION_KEYS": (
        "SECURITY_WARNING",
        "String like operator with ARN condition keys",
    ),
    "S3_PREFIX_IN_NEGATIVE_CONTEXT": ("SECURITY_WARNING", "S3 prefix in negative context"),
    "FORANYVALUE_WITH_AUDIENCE_CLAIM_TYPE": ("SECURITY_WARNING", "ForAnyValue with audience claim type"),
    "DYNAMODB_ATTRIBUTES_WITHOUT_SELECT": ("SECURITY_WARNING", "DynamoDB attributes without select"),
    # suggestions
    "ALLOW_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE": (
        "SUGGESTION",
        "Allow with unsupported tag condition key for service",
    ),
    "ALLOW_NOTACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE": (
        "SUGGESTION",
        "Allow NotAction with unsupported tag condition key for service",
    ),
    "EMPTY_ARRAY_ACTION": ("SUGGESTION", "Empty array action"),
    "EMPTY_ARRAY_CONDITION": ("SUGGESTION", "Empty array condition"),
    "EMPTY_ARRAY_CONDITION_FORALLVALUES": ("SUGGESTION", "Empty array condition ForAllValues"),
    "EMPTY_ARRAY_CONDITION_FORANYVALUE": ("SUGGESTION", "Empty array condition ForAnyValue"),
    "EMPTY_ARRAY_CONDITION_IFEXISTS": ("SUGGESTION", "Empty array condition IfExists"),
    "EMPTY_ARRAY_PRINCIPAL": ("SUGGESTION", "Empty array principal"),
    "EMPTY_ARRAY_RESOURCE": ("SUGGESTION", "Empty array resource"),
    "EMPTY_OBJECT_CONDITION": ("SUGGESTION", "Empty object condition"),
    "EMPTY_OBJECT_PRINCIPAL": ("SUGGESTION", "Empty object principal"),
    "EMPTY_SID_VALUE": ("SUGGESTION", "Empty Sid value"),
    "IMPROVE_IP_RANGE": ("SUGGESTION", "Improve IP range"),
    "NULL_WITH_QUALIFIER": ("SUGGESTION", "Null with qualifier"),
    "PRIVATE_IP_ADDRESS_SUBSET": ("SUGGESTION", "Private IP address subset"),
    "PRIVATE_NOT_IP_ADDRESS_SUBSET": ("SUGGESTION", "Private NotIpAddress subset"),
    "REDUNDANT_ACTION": ("SUGGESTION", "Redundant action"),
    "REDUNDANT_CONDITION_VALUE_NUM": ("SUGGESTION", "Redundant condition value num"),
    "REDUNDANT_RESOURCE": ("SUGGESTION", "Redundant resource"),
    "REDUNDANT_STATEMENT": ("SUGGESTION", "Redundant statement"),
    "WILDCARD_IN_SERVICE_NAME": ("SUGGESTION", "Wildcard in service name"),
}

# keyaki extensions: checks the issue asks for that Access Analyzer has no code for
EXTENSIONS: dict[str, tuple[FindingType, str, str]] = {
    "RESOURCE_NOT_APPLICABLE_TO_ACTIONS": ("WARNING", "Resource not applicable to actions", _SAR),
}

_KIND = {
    "ERROR": "error",
    "WARNING": "general-warning",
    "SECURITY_WARNING": "security-warning",
    "SUGGESTION": "suggestion",
}


def learn_more_link(code: str) -> str:
    """The reference page anchor for an issue code (as Access Analyzer's ``learnMoreLink``).

    >>> learn_more_link("RCP_SYNTAX_ERROR_NOTACTION").rsplit("#", 1)[1]
    'access-analyzer-reference-policy-checks-error-rcp-syntax-error-notaction'
    """
    if code in EXTENSIONS:
        return EXTENSIONS[code][2]
    slug = code.lower().replace("_", "-")
    return f"{_DOC}#access-analyzer-reference-policy-checks-{_KIND[ISSUES[code][0]]}-{slug}"


def finding_type(code: str) -> FindingType:
    """The finding type of an issue code."""
    return EXTENSIONS[code][0] if code in EXTENSIONS else ISSUES[code][0]


@dataclass(frozen=True, slots=True)
class Location:
    """A JSON path into the policy document and the span of the value there."""

    path: Path
    start: Pos
    end: Pos

    def to_json(self) -> dict[str, Any]:
        parts = [{"index": p} if isinstance(p, int) else {"value": p} for p in self.path]
        return {"path": parts, "span": {"start": self.start.to_json(), "end": self.end.to_json()}}


@dataclass(frozen=True, slots=True)
class Finding:
    """One ``ValidatePolicyFinding``."""

    issue_code: str
    details: str
    locations: tuple[Location, ...]

    @property
    def finding_type(self) -> FindingType:
        return finding_type(self.issue_code)

    def to_json(self) -> dict[str, Any]:
        return {
            "findingType": self.finding_type,
            "issueCode": self.issue_code,
            "learnMoreLink": learn_more_link(self.issue_code),
            "findingDetails": self.details,
            "locations": [loc.to_json() for loc in self.locations],
        }


def at(path: Path, node: Node) -> Location:
    """The location of ``node`` found at ``path``."""
    return Location(path, node.start, node.end)
