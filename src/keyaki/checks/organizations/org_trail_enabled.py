"""An organisation trail logs every account, in every region.

https://docs.aws.amazon.com/awscloudtrail/latest/userguide/creating-trail-organization.html
"""

from keyaki.checks.organizations._trail import NEEDS, org_trail_check
from keyaki.checks.registry import Meta
from keyaki.findings.model import Severity

CHECK = org_trail_check(
    Meta(
        id="org_trail_enabled",
        title="A multi-region organisation trail is logging",
        severity=Severity.HIGH,
        service="organizations",
        resource_type="AWS::CloudTrail::Trail",
        rationale="An organisation trail records every member account, and members cannot turn it off.",
        remediation="From the management account: `aws cloudtrail create-trail --name org-trail --s3-bucket-name "
        "BUCKET --is-organization-trail --is-multi-region-trail --enable-log-file-validation` and "
        "`aws cloudtrail start-logging --name org-trail`",
        doc="https://docs.aws.amazon.com/awscloudtrail/latest/userguide/creating-trail-organization.html",
        needs=NEEDS,
    ),
    lambda t: t.multi_region and t.logging if t.logging is not None else None,
    lambda t: f"multi-region={t.multi_region} logging={t.logging}",
)
