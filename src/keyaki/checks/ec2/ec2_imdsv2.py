"""EC2 instances require IMDSv2 (CIS 5.6, Security Hub EC2.8).

``MetadataOptions.HttpTokens = required`` (or the metadata endpoint disabled).
https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-IMDS-existing-instances.html
"""

from __future__ import annotations

from collections.abc import Iterator

from keyaki.checks.registry import Check, Meta, Result, Scope, Where
from keyaki.findings.model import Severity
from keyaki.snapshot.views import ec2
from keyaki.snapshot.views.ec2 import Instance

META = Meta(
    id="ec2_imdsv2",
    title="EC2 instances require IMDSv2",
    severity=Severity.HIGH,
    service="ec2",
    resource_type="AWS::EC2::Instance",
    rationale="IMDSv1 answers a single GET: an SSRF in the application hands out the instance role's credentials.",
    remediation="`aws ec2 modify-instance-metadata-options --instance-id ID --http-tokens required "
    "--http-endpoint enabled`",
    doc="https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-IMDS-existing-instances.html",
    needs=("ec2 describe-instances",),
)


def run(where: Where, items: tuple[Instance, ...]) -> Iterator[Result]:
    for i in items:
        if i.state in ("terminated", "shutting-down"):
            continue
        ok = i.http_tokens == "required" or i.http_endpoint == "disabled"
        yield where.result(ok, i.arn, f"`{i.id}` has HttpTokens={i.http_tokens} HttpEndpoint={i.http_endpoint}")


CHECK = Check(META, Scope.REGION, ec2.instances, run)
