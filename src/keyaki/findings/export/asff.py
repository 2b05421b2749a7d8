"""AWS Security Finding Format (ASFF), ready for Security Hub's ``BatchImportFindings``.

Follows https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-findings-format-syntax.html
(required attributes, types taxonomy, limits: Title 256 characters, Description 1024,
Remediation text 512, at most 50 ProductFields of 2048 characters, 32 RelatedRequirements) and the
import API https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_BatchImportFindings.html
(at most 100 findings per call). Plain JSON: no AWS SDK here (only ``keyaki/collect`` imports boto3);
the tests validate the output with botocore's own model of the API.

The output is the JSON list ``aws securityhub batch-import-findings --findings file://...`` takes.
Each finding is filed under its own account's default product
(``arn:aws:securityhub:<region>:<account>:product/<account>/default``); global and account-level
findings are filed in ``us-east-1``. The resource's tags, when the finding carries them, are
``Resources[].Tags`` (a map, as ASFF's ``Resource`` object has it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from keyaki.findings.export.common import (
    PRODUCT_NAME,
    account_of,
    compact_json,
    iso_time,
    json_lines_array,
    partition,
    region_of,
    scan_time,
    standard_label,
    truncate,
)
from keyaki.findings.model import Finding, Status
from keyaki.findings.suppress import finding_tags

if TYPE_CHECKING:
    from keyaki.scan import ScanResult

SCHEMA_VERSION = "2018-10-08"
BATCH_SIZE = 100  # BatchImportFindings takes at most 100 findings per call
UNKNOWN_ACCOUNT = "000000000000"

_STANDARDS_TYPE = "Software and Configuration Checks/Industry and Regulatory Standards"
_TYPE_BY_STANDARD = {
    "cis-aws-foundations-benchmark": f"{_STANDARDS_TYPE}/CIS AWS Foundations Benchmark",
    "aws-foundational-security-best-practices": f"{_STANDARDS_TYPE}/AWS-Foundational-Security-Best-Practices",
    "nist-800-53": f"{_STANDARDS_TYPE}/NIST 800-53 Controls",
    "pci-dss": f"{_STANDARDS_TYPE}/PCI-DSS",
}
_BEST_PRACTICES = "Software and Configuration Checks/AWS Security Best Practices"
_TYPE_BY_PREFIX = {
    "network/": f"{_BEST_PRACTICES}/Network Reachability",
    "access/": f"{_BEST_PRACTICES}/External Access Granted",
    "vulns/": "Software and Configuration Checks/Vulnerabilities/CVE",
}
_WORKFLOW = {Status.ACTIVE: "NEW", Status.SUPPRESSED: "SUPPRESSED", Status.RESOLVED: "RESOLVED"}


def asff_types(f: Finding) -> list[str]:
    """ASFF ``Types`` (namespace/category/classifier) from the standards and the finding type.

    >>> from keyaki.findings.model import Evidence, Severity, StandardRef
    >>> f = Finding.make(type="iam/root-access-key", severity=Severity.CRITICAL, title="t",
    ...     resource="arn:aws:::111122223333", evidence=Evidence(summary="s"),
    ...     standards=[StandardRef(standard="cis-aws-foundations-benchmark/v3.0.0", control="1.4")])
    >>> asff_types(f)
    ['Software and Configuration Checks/Industry and Regulatory Standards/CIS AWS Foundations Benchmark']
    """
    types = [
        _TYPE_BY_STANDARD[s.standard.split("/")[0]]
        for s in f.standards
        if s.standard.split("/")[0] in _TYPE_BY_STANDARD
    ]
    types += [t for p, t in _TYPE_BY_PREFIX.items() if f.type.startswith(p)]
    return list(dict.fromkeys(types)) or [_BEST_PRACTICES]


# ASFF resource types (https://docs.aws.amazon.com/securityhub/latest/userguide/asff-resources.html) that
# keyaki's resources map to; any other type is ``Other``, as the ASFF page says.
ASFF_RESOURCE_TYPES = frozenset(
    {
        "AwsAccount", "AwsS3Bucket", "AwsS3AccountPublicAccessBlock", "AwsS3Object", "AwsIamRole",
        "AwsIamUser", "AwsIamGroup", "AwsIamPolicy", "AwsIamAccessKey", "AwsKmsKey", "AwsSecretsManagerSecret",
        "AwsEc2Instance", "AwsEc2SecurityGroup", "AwsEc2Vpc", "AwsEc2Subnet", "AwsEc2NetworkAcl",
        "AwsEc2NetworkInterface", "AwsEc2Eip", "AwsEc2RouteTable", "AwsEc2VpcPeeringConnection",
        "AwsElbv2LoadBalancer", "AwsLambdaFunction", "AwsSqsQueue", "AwsSnsTopic", "AwsEcrRepository",
        "AwsCloudTrailTrail", "AwsCertificateManagerCertificate", "AwsGuardDutyDetector",
    }
)  # fmt: skip
_SERVICE_NAMES = {"ElasticLoadBalancingV2": "Elbv2"}


def resource_type(f: Finding) -> str:
    """``AWS::EC2::Instance`` -> ``AwsEc2Instance`` (ASFF resource types); the account ARN -> ``AwsAccount``."""
    if f.resource_type:
        parts = f.resource_type.split("::")
        if len(parts) == 3 and parts[0] == "AWS":
            service = _SERVICE_NAMES.get(parts[1], parts[1].capitalize() if parts[1].isupper() else parts[1])
            name = f"Aws{service}{parts[2]}"
            return name if name in ASFF_RESOURCE_TYPES else "Other"
        return "Other"
    if f.resource.split(":")[2:4] == ["", ""] and f.resource.count(":") == 4:
        return "AwsAccount"
    return "Other"


def standards_id(standard: str) -> str:
    """``cis-aws-foundations-benchmark/v3.0.0`` -> ``standards/cis-aws-foundations-benchmark/v/3.0.0``."""
    name, _, version = standard.partition("/v")
    return f"standards/{name}/v/{version}" if version else f"standards/{standard}"


def _compliance(f: Finding) -> dict[str, Any]:
    out: dict[str, Any] = {"Status": "WARNING" if f.type == "keyaki/coverage-gap" else "FAILED"}
    if f.standards:
        out["RelatedRequirements"] = [standard_label(s.standard, s.control) for s in f.standards][:32]
        out["AssociatedStandards"] = [
            {"StandardsId": i} for i in dict.fromkeys(standards_id(s.standard) for s in f.standards)
        ]
        fsbp = [s.control for s in f.standards if s.standard.startswith("aws-foundational-security-best-practices")]
        if fsbp:
            out["SecurityControlId"] = fsbp[0]
    return out


def _product_fields(f: Finding) -> dict[str, str]:
    fields = {
        "keyaki/FindingType": f.type,
        "keyaki/EvidenceSummary": f.evidence.summary,
        "keyaki/EvidenceDetails": compact_json(f.evidence.details),
        "keyaki/EvidenceSources": compact_json(f.evidence.sources),
    }
    if f.suppression:
        fields["keyaki/Suppression"] = f.suppression
    return {k: truncate(v, 2048) for k, v in fields.items() if v}


def to_asff_finding(f: Finding, when: str) -> dict[str, Any]:
    """One ASFF finding for ``f``; ``when`` is the scan's time (``CreatedAt`` and ``UpdatedAt``)."""
    account, region = account_of(f) or UNKNOWN_ACCOUNT, region_of(f)
    rtype = resource_type(f)
    rid = f"AWS::::Account:{account}" if rtype == "AwsAccount" else f.resource  # Security Hub's own account id
    resource: dict[str, Any] = {"Type": rtype, "Id": rid, "Partition": partition(f), "Region": region}
    tags = finding_tags(f)  # the resource's tags (AWS limits: 50 tags, keys 128 and values 256 characters)
    if tags:
        resource["Tags"] = {k[:128]: v[:256] for k, v in sorted(tags.items())[:50]}
    out: dict[str, Any] = {
        "SchemaVersion": SCHEMA_VERSION,
        "Id": f.id,
        "ProductArn": f"arn:{partition(f)}:securityhub:{region}:{account}:product/{account}/default",
        "ProductName": PRODUCT_NAME,
        "CompanyName": PRODUCT_NAME,
        "GeneratorId": f.type if f.type.startswith(f"{PRODUCT_NAME}/") else f"{PRODUCT_NAME}/{f.type}",
        "AwsAccountId": account,
        "Types": asff_types(f),
        "CreatedAt": when,
        "UpdatedAt": when,
        "Severity": {"Label": f.severity.value, "Original": f.severity.value},
        "Title": truncate(f.title, 256),
        "Description": truncate(f.evidence.summary, 1024),
        "Resources": [resource],
        "Compliance": _compliance(f),
        "Workflow": {"Status": _WORKFLOW[f.status]},
        "RecordState": "ARCHIVED" if f.status is Status.RESOLVED else "ACTIVE",
        "ProductFields": _product_fields(f),
    }
    if f.remediation:
        out["Remediation"] = {"Recommendation": {"Text": truncate(f.remediation, 512)}}
    if f.suppression:
        out["Note"] = {"Text": truncate(f.suppression, 512), "UpdatedBy": PRODUCT_NAME, "UpdatedAt": when}
    return out


def to_asff_findings(result: ScanResult) -> list[dict[str, Any]]:
    """Every finding of the scan in ASFF (import them :data:`BATCH_SIZE` at a time)."""
    when = iso_time(scan_time(result))
    return [to_asff_finding(f, when) for f in result.findings]


def to_asff(result: ScanResult) -> str:
    """The scan as an ASFF JSON list."""
    return json_lines_array(to_asff_findings(result))
