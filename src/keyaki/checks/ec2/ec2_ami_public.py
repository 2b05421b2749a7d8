"""The account's AMIs are not public.

https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/sharingamis-intro.html
"""

from __future__ import annotations

from collections.abc import Iterator

from keyaki.checks.registry import Check, Meta, Result, Scope, Where
from keyaki.findings.model import Severity
from keyaki.snapshot.views import ec2
from keyaki.snapshot.views.ec2 import Simple

META = Meta(
    id="ec2_ami_public",
    title="AMIs are not shared publicly",
    severity=Severity.CRITICAL,
    service="ec2",
    resource_type="AWS::EC2::Image",
    rationale="A public AMI hands its disks (keys, config, data baked in) to every AWS account.",
    remediation='`aws ec2 modify-image-attribute --image-id AMI --launch-permission "Remove=[{Group=all}]"`',
    doc="https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/sharingamis-intro.html",
    needs=("ec2 describe-images",),
)


def run(where: Where, imgs: tuple[Simple, ...]) -> Iterator[Result]:
    for i in imgs:
        yield where.result(i.value is not True, i.arn, f"`{i.id}` has Public={i.value}")


CHECK = Check(META, Scope.REGION, ec2.images, run)
