"""Every resource-based policy in a snapshot, for the resource types IAM Access Analyzer covers.

One :class:`ResourcePolicy` per resource: S3 bucket policies, IAM role trust policies, KMS key policies,
Secrets Manager, SQS, SNS, Lambda and ECR policies, EFS file system policies, DynamoDB table and stream
policies, Lambda layer version policies, S3 access point policies
(https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-resources.html).
An EFS file system without a policy (``PolicyNotFound``) is NOT_FOUND like any other: its default policy
is AWS's (https://docs.aws.amazon.com/efs/latest/ug/iam-access-control-nfs-efs.html), and Access Analyzer
analyzes only the policies set on resources. Type names are Access Analyzer's (``AWS::DynamoDB::Stream``,
``AWS::Lambda::LayerVersion``: API Reference, ``ListAnalyzedResources``).
A resource whose policy could not be read is yielded with ``status`` not OK, so an analysis can report it
as "not evaluated" instead of "not shared".
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from keyaki.snapshot.load import Response, Snapshot, Status
from keyaki.snapshot.views import policy_document
from keyaki.snapshot.views.iam import load_iam
from keyaki.snapshot.views.s3_access_points import load_access_points


@dataclass(frozen=True, slots=True)
class ResourcePolicy:
    arn: str
    resource_type: str  # CloudFormation type, as Access Analyzer names them
    account: str
    region: str
    status: Status  # OK: ``document`` holds the policy; NOT_FOUND: no policy; else unknown
    document: Any
    source: str
    location: str = ""  # JSON pointer inside ``source`` when the policy is embedded


def resource_policies(snapshot: Snapshot) -> Iterator[ResourcePolicy]:
    """All resource policies of all accounts, in a stable order."""
    for account in snapshot.accounts():
        yield from _buckets(snapshot, account)
        yield from _roles(snapshot, account)
        for region in snapshot.regions(account):
            for fn in (_kms, _secrets, _sqs, _sns, _lambda, _ecr):
                yield from fn(snapshot, account, region)
            for fn in (_efs, _dynamodb, _layers):
                yield from fn(snapshot, account, region)
            yield from _access_points(snapshot, account, region)


def _rp(arn: str, rtype: str, account: str, region: str, resp: Response, doc: Any, loc: str = "") -> ResourcePolicy:
    return ResourcePolicy(
        arn, rtype, account, region, resp.status, policy_document(doc) if resp.ok else None, resp.path, loc
    )


def _buckets(snapshot: Snapshot, account: str) -> Iterator[ResourcePolicy]:
    for b in snapshot.call(account, "global", "s3api", "list-buckets").get("Buckets", []):
        name = b.get("Name")
        if name:
            r = snapshot.call(account, "global", "s3api", "get-bucket-policy", name)
            yield _rp(f"arn:aws:s3:::{name}", "AWS::S3::Bucket", account, "global", r, r.get("Policy"))


def _roles(snapshot: Snapshot, account: str) -> Iterator[ResourcePolicy]:
    iam = load_iam(snapshot, account)
    for role in iam.roles:
        if role.trust_policy is not None:
            yield ResourcePolicy(
                role.arn,
                "AWS::IAM::Role",
                account,
                "global",
                Status.OK,
                role.trust_policy.document,
                role.trust_policy.source,
                role.trust_policy.location,
            )


def _kms(snapshot: Snapshot, account: str, region: str) -> Iterator[ResourcePolicy]:
    for k in snapshot.call(account, region, "kms", "list-keys").get("Keys", []):
        kid = k.get("KeyId")
        if not kid:
            continue
        meta = snapshot.call(account, region, "kms", "describe-key", kid).get("KeyMetadata") or {}
        if meta.get("KeyManager") == "AWS":
            continue  # AWS managed keys: their policies are AWS's, not the customer's
        arn = k.get("KeyArn") or f"arn:aws:kms:{region}:{account}:key/{kid}"
        r = snapshot.call(account, region, "kms", "get-key-policy", kid)
        yield _rp(arn, "AWS::KMS::Key", account, region, r, r.get("Policy"))


def _secrets(snapshot: Snapshot, account: str, region: str) -> Iterator[ResourcePolicy]:
    for s in snapshot.call(account, region, "secretsmanager", "list-secrets").get("SecretList", []):
        name, arn = s.get("Name"), s.get("ARN")
        if name and arn:
            r = snapshot.call(account, region, "secretsmanager", "get-resource-policy", name)
            doc = r.get("ResourcePolicy")
            status_resp = r if (not r.ok or doc) else Response(r.path, Status.NOT_FOUND)
            yield _rp(arn, "AWS::SecretsManager::Secret", account, region, status_resp, doc)


def _sqs(snapshot: Snapshot, account: str, region: str) -> Iterator[ResourcePolicy]:
    for url in snapshot.call(account, region, "sqs", "list-queues").get("QueueUrls", []):
        name = str(url).rstrip("/").rsplit("/", 1)[-1]
        r = snapshot.call(account, region, "sqs", "get-queue-attributes", name)
        attrs = r.get("Attributes") or {}
        arn = attrs.get("QueueArn") or f"arn:aws:sqs:{region}:{account}:{name}"
        status_resp = r if (not r.ok or attrs.get("Policy")) else Response(r.path, Status.NOT_FOUND)
        yield _rp(arn, "AWS::SQS::Queue", account, region, status_resp, attrs.get("Policy"))


def _sns(snapshot: Snapshot, account: str, region: str) -> Iterator[ResourcePolicy]:
    for t in snapshot.call(account, region, "sns", "list-topics").get("Topics", []):
        arn = t.get("TopicArn")
        if not arn:
            continue
        r = snapshot.call(account, region, "sns", "get-topic-attributes", arn.rsplit(":", 1)[-1])
        attrs = r.get("Attributes") or {}
        status_resp = r if (not r.ok or attrs.get("Policy")) else Response(r.path, Status.NOT_FOUND)
        yield _rp(arn, "AWS::SNS::Topic", account, region, status_resp, attrs.get("Policy"))


def _lambda(snapshot: Snapshot, account: str, region: str) -> Iterator[ResourcePolicy]:
    for f in snapshot.call(account, region, "lambda", "list-functions").get("Functions", []):
        name, arn = f.get("FunctionName"), f.get("FunctionArn")
        if name and arn:
            r = snapshot.call(account, region, "lambda", "get-policy", name)
            yield _rp(arn, "AWS::Lambda::Function", account, region, r, r.get("Policy"))


def _ecr(snapshot: Snapshot, account: str, region: str) -> Iterator[ResourcePolicy]:
    for repo in snapshot.call(account, region, "ecr", "describe-repositories").get("repositories", []):
        name, arn = repo.get("repositoryName"), repo.get("repositoryArn")
        if name and arn:
            r = snapshot.call(account, region, "ecr", "get-repository-policy", name)
            yield _rp(arn, "AWS::ECR::Repository", account, region, r, r.get("policyText"))


def _efs(snapshot: Snapshot, account: str, region: str) -> Iterator[ResourcePolicy]:
    for fs in snapshot.call(account, region, "efs", "describe-file-systems").get("FileSystems", []):
        fid = fs.get("FileSystemId")
        if fid:
            arn = fs.get("FileSystemArn") or f"arn:aws:elasticfilesystem:{region}:{account}:file-system/{fid}"
            r = snapshot.call(account, region, "efs", "describe-file-system-policy", fid)
            yield _rp(arn, "AWS::EFS::FileSystem", account, region, r, r.get("Policy"))


def dynamodb_policy_key(arn: str) -> str:
    """The key of a DynamoDB resource policy file: the ARN after ``table/``.

    >>> dynamodb_policy_key("arn:aws:dynamodb:us-east-1:111122223333:table/orders")
    'orders'
    >>> dynamodb_policy_key("arn:aws:dynamodb:us-east-1:111122223333:table/orders/stream/2026-02-12T18:57:26.492")
    'orders/stream/2026-02-12T18:57:26.492'
    """
    return arn.split(":table/", 1)[1]


def _dynamodb(snapshot: Snapshot, account: str, region: str) -> Iterator[ResourcePolicy]:
    for name in snapshot.call(account, region, "dynamodb", "list-tables").get("TableNames", []):
        if not isinstance(name, str):
            continue
        table = snapshot.call(account, region, "dynamodb", "describe-table", name).get("Table") or {}
        arns = [
            (table.get("TableArn") or f"arn:aws:dynamodb:{region}:{account}:table/{name}", "AWS::DynamoDB::Table"),
            (table.get("LatestStreamArn"), "AWS::DynamoDB::Stream"),  # a disabled stream keeps its policy
        ]
        for arn, rtype in arns:
            if isinstance(arn, str) and ":table/" in arn:
                r = snapshot.call(account, region, "dynamodb", "get-resource-policy", dynamodb_policy_key(arn))
                yield _rp(arn, rtype, account, region, r, r.get("Policy"))


def _layers(snapshot: Snapshot, account: str, region: str) -> Iterator[ResourcePolicy]:
    """Every version of every layer (each version has its own policy); when the versions were not
    listed, the latest one stands for the layer, its policy unknown."""
    for layer in snapshot.call(account, region, "lambda", "list-layers").get("Layers", []):
        name = layer.get("LayerName")
        if not name:
            continue
        listing = snapshot.call(account, region, "lambda", "list-layer-versions", name)
        if not listing.ok:  # NOT_FOUND: the layer was deleted meanwhile
            latest = (layer.get("LatestMatchingVersion") or {}).get("LayerVersionArn")
            if latest and listing.status is not Status.NOT_FOUND:
                yield _rp(latest, "AWS::Lambda::LayerVersion", account, region, listing, None)
            continue
        for v in listing.get("LayerVersions", []):
            arn, version = v.get("LayerVersionArn"), v.get("Version")
            if arn and version is not None:
                r = snapshot.call(account, region, "lambda", "get-layer-version-policy", f"{name}:{version}")
                yield _rp(arn, "AWS::Lambda::LayerVersion", account, region, r, r.get("Policy"))
def _access_points(snapshot: Snapshot, account: str, region: str) -> Iterator[ResourcePolicy]:
    """S3 access points (``AWS::S3::AccessPoint``): the access point policy (the bucket's is read apart)."""
    for ap in load_access_points(snapshot, account, region).value or []:
        doc = ap.policy.value if ap.policy.status is Status.OK else None
        yield ResourcePolicy(ap.arn, "AWS::S3::AccessPoint", account, region, ap.policy.status, doc, ap.policy.source)
