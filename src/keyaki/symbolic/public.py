"""What a *public* request is, per resource type: AWS's definition as a formula and as a test.

Amazon S3 User Guide, "Blocking public access to your Amazon S3 storage", section "The meaning of
'public'" (https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status):
a policy is non-public only when it grants access to *fixed* values of a principal, ``aws:SourceArn``,
``aws:SourceVpc``, ``aws:SourceVpce``, ``aws:SourceOwner``, ``aws:SourceAccount``,
``s3:x-amz-server-side-encryption-aws-kms-key-id``, ``aws:userid``, or to a set of CIDRs with
``aws:SourceIp``; IAM Access Analyzer applies the same idea to the other resource types it covers
("Preview access", "Resource types supported for public and cross-account access"), adding the
organisation keys (``aws:PrincipalOrgID``, ``aws:PrincipalOrgPaths``) and ``kms:CallerAccount``.

Encoding (the "stratified abstraction" of Access Analyzer): a request is public when its principal is
anonymous or an IAM principal of an account the policy never names, and each fixed-value key is
absent or holds a value the policy never writes literally (a wildcard pattern is not a fixed value;
an address outside every CIDR the policy names, ``/0`` excepted). S3 counts only the "bad actions"
(``s3:Get*``, ``s3:List*``, ``s3:AbortMultipartUpload``, ``s3:Delete*``, ``s3:Put*``, ``s3:RestoreObject``).

>>> spec_for("AWS::S3::Bucket").actions[:2]
('s3:get*', 's3:list*')
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from typing import Any

import z3

from keyaki.errors import UsageError
from keyaki.iam import ast
from keyaki.iam.wildcard import glob as concrete_glob
from keyaki.symbolic.compile import Compiler
from keyaki.symbolic.patterns import Unsupported
from keyaki.symbolic.term import IAM_KINDS, Bool, Kind, Sort, and_, eq, not_, or_, s

COMMON_KEYS = (
    "aws:sourcearn", "aws:sourcevpc", "aws:sourcevpce", "aws:sourceowner", "aws:sourceaccount",
    "aws:userid", "aws:sourceip", "aws:principalorgid", "aws:principalorgpaths", "aws:sourceorgid",
    "aws:sourceorgpaths",
)  # fmt: skip
S3_BAD_ACTIONS = ("s3:get*", "s3:list*", "s3:abortmultipartupload", "s3:delete*", "s3:put*", "s3:restoreobject")
FEDERATED_IDPS = ("cognito-identity.amazonaws.com", "accounts.google.com", "graph.facebook.com", "www.amazon.com")
_EXTRA_KEYS: dict[str, tuple[str, ...]] = {
    "AWS::S3::Bucket": (
        "s3:x-amz-server-side-encryption-aws-kms-key-id", "s3:dataaccesspointaccount", "s3:dataaccesspointarn",
    ),
    "AWS::S3::AccessPoint": ("s3:dataaccesspointaccount", "s3:dataaccesspointarn"),
    "AWS::S3::MultiRegionAccessPoint": ("s3:dataaccesspointaccount", "s3:dataaccesspointarn"),
    "AWS::KMS::Key": ("kms:calleraccount",),
    "AWS::IAM::AssumeRolePolicyDocument": (
        "cognito-identity.amazonaws.com:aud", "accounts.google.com:aud", "graph.facebook.com:app_id",
        "www.amazon.com:app_id",
    ),
}  # fmt: skip
RESOURCE_TYPES = (
    "AWS::S3::Bucket", "AWS::S3::AccessPoint", "AWS::S3::MultiRegionAccessPoint", "AWS::S3Express::DirectoryBucket",
    "AWS::S3Tables::TableBucket", "AWS::KMS::Key", "AWS::IAM::AssumeRolePolicyDocument", "AWS::Lambda::Function",
    "AWS::Lambda::LayerVersion", "AWS::SQS::Queue", "AWS::SNS::Topic", "AWS::SecretsManager::Secret",
    "AWS::ECR::Repository", "AWS::EFS::FileSystem", "AWS::DynamoDB::Table", "AWS::DynamoDB::Stream",
    "AWS::Kinesis::Stream", "AWS::Kinesis::StreamConsumer", "AWS::ApiGateway::RestApi",
    "AWS::OpenSearchService::Domain", "AWS::Glacier::Vault", "AWS::Backup::BackupVault",
    "AWS::CodeArtifact::Domain", "AWS::Events::EventBus", "AWS::Logs::Destination",
)  # fmt: skip
_ACCOUNT_RE = re.compile(r"(?<!\d)\d{12}(?!\d)")


@dataclass(frozen=True, slots=True)
class PublicSpec:
    resource_type: str
    keys: tuple[str, ...]
    actions: tuple[str, ...] = ()  # empty: every action counts
    federated: tuple[str, ...] = ()  # identity providers that count as "anyone"


def spec_for(resource_type: str) -> PublicSpec:
    """The definition of public for one resource type (CloudFormation type names, as Access Analyzer)."""
    match = next((t for t in RESOURCE_TYPES if t.lower() == resource_type.lower()), None)
    if match is None:
        raise UsageError(f"unknown resource type `{resource_type}` (one of {', '.join(RESOURCE_TYPES)})")
    keys = COMMON_KEYS + _EXTRA_KEYS.get(match, ())
    actions = S3_BAD_ACTIONS if match.startswith("AWS::S3::") else ()
    federated = FEDERATED_IDPS if match == "AWS::IAM::AssumeRolePolicyDocument" else ()
    return PublicSpec(match, keys, actions, federated)


@dataclass(frozen=True, slots=True)
class Constants:
    """What a policy writes literally: accounts anywhere, and condition values per key."""

    accounts: frozenset[str]
    values: dict[str, frozenset[str]]
    networks: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]


def constants(policy: ast.Policy) -> Constants:
    accounts: set[str] = set()
    values: dict[str, set[str]] = {}
    nets = []
    for st in policy.statements:
        for pb in (st.principal, st.not_principal):
            for _, vl in pb.entries if pb else ():
                for t in vl.texts():
                    accounts.update(_ACCOUNT_RE.findall(t))
        for c in st.conditions:
            for v in c.values:
                text = v.as_text()
                accounts.update(_ACCOUNT_RE.findall(text))
                if "*" not in text and "?" not in text and "${" not in text:
                    values.setdefault(c.key.lower(), set()).add(text)
                if c.key.lower() == "aws:sourceip":
                    try:
                        net = ipaddress.ip_network(text.strip(), strict=False)
                    except ValueError:
                        continue
                    if net.prefixlen:
                        nets.append(net)
    return Constants(frozenset(accounts), {k: frozenset(v) for k, v in values.items()}, tuple(nets))


def public_request(comp: Compiler, spec: PublicSpec, consts: Constants) -> Bool:
    """The request comes from anyone: a fresh principal, fresh values of every fixed key."""
    p = comp.req.principal
    comp.req.uses_principal = True
    fresh_account = and_(not_(eq(p.account, s(a))) for a in sorted(consts.accounts))
    who = or_(
        p.is_(Kind.ANONYMOUS),
        and_(p.is_(*IAM_KINDS), fresh_account),
        and_(p.is_(Kind.SERVICE), or_(eq(p.service, s(f)) for f in spec.federated)),
    )
    parts = [who]
    for name in spec.keys:
        try:
            key = comp.key(name)
        except Unsupported:
            continue  # already a reason of the compiler
        if key.derived:
            continue
        for i, sl in enumerate(key.slots):
            if key.sort is Sort.IP and sl.addr is not None:
                inside = or_(_in(sl.addr, sl.v6, n) for n in consts.networks)
                fresh = or_(not_(sl.ok), not_(inside))
            else:
                fresh = and_(not_(eq(sl.text, s(v))) for v in sorted(consts.values.get(name, ())))
            parts.append(z3.Implies(key.slot_live(i), fresh))
    if spec.actions:
        parts.append(comp.action_matches(spec.actions))
    return and_(parts)


def _in(addr: z3.ExprRef, v6: Bool, net: ipaddress.IPv4Network | ipaddress.IPv6Network) -> Bool:
    bits = 32 if net.version == 4 else 128
    mask = ((1 << bits) - 1) ^ ((1 << (bits - net.prefixlen)) - 1)
    same = eq(addr & z3.BitVecVal(mask, 128), z3.BitVecVal(int(net.network_address), 128))
    return and_(v6 if net.version == 6 else not_(v6), same)


def is_public(request: dict[str, Any], spec: PublicSpec, consts: Constants) -> bool:
    """The same definition on a concrete request (used to check every witness)."""
    principal = request["principal"]
    if principal != "anonymous":
        if principal.startswith("arn:"):
            if principal.split(":")[4] in consts.accounts:
                return False
        elif principal not in spec.federated:
            return False
    ctx = {k.lower(): v for k, v in request["context"].items()}
    for name in spec.keys:
        vals = ctx.get(name)
        for v in vals if isinstance(vals, list) else [] if vals is None else [vals]:
            if name == "aws:sourceip" and _ip_inside(str(v), consts.networks):
                return False
            if name != "aws:sourceip" and str(v) in consts.values.get(name, ()):
                return False
    return not spec.actions or any(concrete_glob(a, request["action"].lower()) for a in spec.actions)


def _ip_inside(text: str, nets: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]) -> bool:
    try:
        addr = ipaddress.ip_address(text)
    except ValueError:
        return False
    return any(addr.version == n.version and addr in n for n in nets)
