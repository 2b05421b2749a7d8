"""The organisation trail records S3 data events (object reads and writes) for all buckets.

https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html
"""

from keyaki.checks.organizations._trail import NEEDS, org_trail_check
from keyaki.checks.registry import Meta
from keyaki.findings.model import Severity

CHECK = org_trail_check(
    Meta(
        id="org_trail_s3_data_events",
        title="The organisation trail records S3 data events",
        severity=Severity.MEDIUM,
        service="organizations",
        resource_type="AWS::CloudTrail::Trail",
        rationale="Without data events, nobody can say which objects were read during an incident.",
        remediation="`aws cloudtrail put-event-selectors --trail-name org-trail --event-selectors "
        '\'[{"ReadWriteType":"All","IncludeManagementEvents":true,"DataResources":'
        '[{"Type":"AWS::S3::Object","Values":["arn:aws:s3"]}]}]\'`',
        doc="https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html",
        needs=NEEDS,
    ),
    lambda t: (t.logs_s3_objects(read=True) and t.logs_s3_objects(read=False)) if t.selectors is not None else None,
    lambda t: f"logs S3 object reads={t.logs_s3_objects(read=True)} writes={t.logs_s3_objects(read=False)}",
)
