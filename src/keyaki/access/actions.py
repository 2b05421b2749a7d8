"""The actions that apply to a resource, from the IAM reference data (``keyaki.iam.reference``).

An action applies to a resource when one of its resource types has an ARN format the resource's ARN
fits (Service Authorization Reference, "Actions, resources, and condition keys",
https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html).
For an S3 bucket both the bucket's actions and its objects' actions (``arn:aws:s3:::bucket/key``) are
listed; for an IAM role, the STS actions whose resource is the role (its trust policy governs them:
"Access Analyzer: IAM roles").

Where one resource type's ARN format also fits another's (a DynamoDB stream ARN,
``table/T/stream/L``, fits the table format ``table/${TableName}``; a layer version's,
``layer:N:V``, fits the layer format ``layer:${LayerName}``), the resource type is named exactly
(:data:`_REF_TYPES`): only the actions that list it apply. A stream's actions are then the
streams API (``DescribeStream``, ``GetRecords``, ``GetShardIterator``) and the resource-policy and
tagging actions ("Using resource-based policies for DynamoDB",
https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/access-control-resource-based.html).

A DynamoDB table's policy also governs its indexes ("You can control index permissions using the base
table's policy", DynamoDB API Reference, PutResourcePolicy,
https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_PutResourcePolicy.html): the actions
of the ``index`` resource type are also asked on any index of the table (``table/T/index/I``), as an S3
bucket's object actions are asked on any of its objects (:data:`SPACES`). ``Query``/``Scan``, which act
on both, are asked on both.

>>> [t.action for t in targets("arn:aws:iam::111122223333:role/R", "AWS::IAM::Role")][:2]
['sts:AssumeRole', 'sts:AssumeRoleWithSAML']
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from keyaki.errors import BadInput
from keyaki.iam import reference

_SERVICES = {"AWS::IAM::Role": "sts"}
# Access Analyzer's type -> the reference data's resource type (lower-cased), for types named exactly.
_REF_TYPES = {
    "AWS::EFS::FileSystem": "file-system",
    "AWS::DynamoDB::Table": "table",
    "AWS::DynamoDB::Stream": "stream",
    "AWS::Lambda::LayerVersion": "layerversion",
}
# The sub-resources a resource's policy also governs: the prefix of their ARNs after the resource's,
# and the reference data's resource type of the sub-resource (None: any type the ARN fits).
SPACES: dict[str, tuple[str, str | None]] = {
    "AWS::S3::Bucket": ("/", None),
    "AWS::DynamoDB::Table": ("/index/", "index"),
}


def space_prefix(resource_type: str) -> str:
    """What follows the resource's ARN in its sub-resources' ARNs (``/`` for S3 objects).

    >>> space_prefix("AWS::DynamoDB::Table")
    '/index/'
    """
    return SPACES.get(resource_type, ("/", None))[0]


@dataclass(frozen=True, slots=True)
class Target:
    """One action on the resource itself (``object_space`` False) or on any of its objects (any
    object of a bucket, any index of a table: :data:`SPACES`)."""

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
    space, space_type = SPACES.get(resource_type, (None, None))
    obj = arn + space + "key" if space else None
    exact = _REF_TYPES.get(resource_type)
    for act in service.actions.values():
        names = [r.name.lower() for r in act.resource_types]
        own = _fits(service, arn, [n for n in names if exact is None or n == exact])
        in_space = obj is not None and _fits(service, obj, [n for n in names if space_type in (None, n)])
        if own:
            out.append(Target(act.full_name, act.access_level))
        if in_space and (not own or space_type is not None):  # S3: an object action only if not a bucket one
            out.append(Target(act.full_name, act.access_level, object_space=True))
    return tuple(sorted(out, key=lambda t: (t.action.lower(), t.object_space)))


def _fits(service: reference.Service, arn: str, names: list[str]) -> bool:
    types = [service.resource_types.get(n) for n in names]
    return any(reference.arn_matches_resource_type(arn, t) for t in types if t is not None)


def parse_actions(texts: list[str], arn: str, resource_type: str) -> tuple[Target, ...]:
    """The targets named on the command line (``s3:GetObject``, or a pattern like ``s3:Get*``),
    checked against the reference data: a name or pattern that matches none is an error."""
    known = targets(arn, resource_type)
    out: dict[tuple[str, bool], Target] = {}
    for text in texts:
        found = [t for t in known if reference.glob_match(text.strip(), t.action)]
        if not found:
            raise BadInput(f"action `{text}` does not apply to `{arn}` ({resource_type})")
        out.update(((t.action, t.object_space), t) for t in found)
    return tuple(out.values())
