"""Unauthorized API calls are monitored (CIS AWS Foundations v3.0.0 4.1).

Every sample CloudTrail event of the control must be counted by a metric filter whose alarm notifies a
confirmed SNS subscriber; see :mod:`keyaki.checks.cloudwatch._monitoring`.
https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudwatch-alarms-for-cloudtrail.html
"""

from keyaki.checks.cloudwatch._events import api
from keyaki.checks.cloudwatch._monitoring import DOC, NEEDS, monitoring_check, remediation
from keyaki.checks.registry import Meta
from keyaki.findings.model import Severity

# The filter pattern the CIS benchmark's remediation gives for 4.1.
REFERENCE = (
    '{($.errorCode ="*UnauthorizedOperation") || ($.errorCode ="AccessDenied*") && ($.sourceIPAddres'
    's!="delivery.logs.amazonaws.com") && ($.eventName!="HeadBucket") }'
)

EVENTS = (
    api(
        "ec2.amazonaws.com",
        "RunInstances",
        errorCode="Client.UnauthorizedOperation",
        errorMessage="You are not authorized to perform this operation.",
    ),
    api(
        "iam.amazonaws.com",
        "ListUsers",
        errorCode="AccessDenied",
        errorMessage="User: arn:aws:iam::123456789012:user/Alice is not authorized to perform: iam:ListUsers",
    ),
)

CHECK = monitoring_check(
    Meta(
        id="cloudwatch_unauthorized_api_calls_monitored",
        title="Unauthorized API calls are monitored",
        severity=Severity.LOW,
        service="cloudwatch",
        resource_type="AWS::::Account",
        rationale="Repeated AccessDenied and UnauthorizedOperation errors are how a stolen credential's probing shows.",
        remediation=remediation("UnauthorizedAPICalls", REFERENCE),
        doc=DOC,
        needs=NEEDS,
    ),
    EVENTS,
)
