"""The actions that apply to a resource, from the IAM reference data (``keyaki.iam.reference``).

An action applies to a resource when one of its resource types has an ARN format the resource's ARN
fits (Service Authorization Reference, "Actions, resources, and condition keys",
https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html).
For an S3 bucket both the bucket's actions and its objects' actions (``arn:aws:s3:::bucket/key``) are
listed (for an access point, the objects reached through it: ``…:accesspoint/NAME/object/key``); for an
IAM role, the STS actions whose resource is the role (its trust policy governs them: "Access Analyzer: IAM roles").

>>> [t.action for t in targets("arn:aws:iam::111122223333:role/R", "AWS::IAM::Role")][:2]
['sts:AssumeRole', 'sts:AssumeRoleWithSAML']
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from keyaki.errors import BadInput
from keyaki.iam import reference

_SERVICES = {"AWS::IAM::Role": "sts"}
# Resource types whose objects have ARNs of their own: the resource ARN + this + the object key.
OBJECT_SUFFIX = {"AWS::S3::Bucket": "/", "AWS::S3::AccessPoint": "/object/"}


@dataclass(frozen=True, slots=True)
class Target:
    """One action on the resource itself (``object_space`` False) or on any of its objects."""

    action: str
    access_level: str
    object_space: bool = False


@lru_cache(maxsize=256)
def targets(arn: str, resource_type: str) -> tuple[Target, ...]:
    """Every action of the resource's service that applies to it, sorted by name."""
    return _targets(resource_type, arn)


def _targets(resource_type: str, arn: str) -> tuple[Target, ...]:
    prefix = _SERVICES.get(resource_type) or arn.split(":")[2]
    service = reference.service(prefix)
    out: list[Target] = []
    obj = arn + OBJECT_SUFFIX[resource_type] + "key" if resource_type in OBJECT_SUFFIX else None
    for act in service.actions.values():
        types = [service.resource_types.get(r.name.lower()) for r in act.resource_types]
        fits = [t for t in types if t is not None]
        if any(reference.arn_matches_resource_type(arn, t) for t in fits):
            out.append(Target(act.full_name, act.access_level))
        elif obj is not None and any(reference.arn_matches_resource_type(obj, t) for t in fits):
            out.append(Target(act.full_name, act.access_level, object_space=True))
    return tuple(sorted(out, key=lambda t: t.action.lower()))


def parse_actions(texts: list[str], arn: str, resource_type: str) -> tuple[Target, ...]:
    """The targets named on the command line (``s3:GetObject``, or a pattern like ``s3:Get*``),
    checked against the reference data: a name or pattern that matches none is an error."""
    known = targets(arn, resource_type)
    out: dict[str, Target] = {}
    for text in texts:
        found = [t for t in known if reference.glob_match(text.strip(), t.action)]
        if not found:
            raise BadInput(f"action `{text}` does not apply to `{arn}` ({resource_type})")
        out.update((t.action, t) for t in found)
    return tuple(out.values())
