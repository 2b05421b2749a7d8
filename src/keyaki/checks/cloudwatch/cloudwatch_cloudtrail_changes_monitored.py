"""CloudTrail configuration changes are monitored (CIS AWS Foundations v3.0.0 4.5).

Every sample CloudTrail event of the control must be counted by a metric filter whose alarm notifies a
confirmed SNS subscriber; see :mod:`keyaki.checks.cloudwatch._monitoring`.
https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudwatch-alarms-for-cloudtrail.html
"""

from keyaki.checks.cloudwatch._events import calls
from keyaki.checks.cloudwatch._monitoring import DOC, NEEDS, monitoring_check, remediation
from keyaki.checks.registry import Meta
from keyaki.findings.model import Severity

# The filter pattern the CIS benchmark's remediation gives for 4.5.
REFERENCE = (
    "{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || "
    "($.eventName = StartLogging) || ($.eventName = StopLogging) }"
)

EVENTS = calls("cloudtrail.amazonaws.com", "CreateTrail", "UpdateTrail", "DeleteTrail", "StartLogging", "StopLogging")

CHECK = monitoring_check(
    Meta(
        id="cloudwatch_cloudtrail_changes_monitored",
        title="CloudTrail configuration changes are monitored",
        severity=Severity.LOW,
        service="cloudwatch",
        resource_type="AWS::::Account",
        rationale="Stopping or changing a trail is how an intruder hides what follows.",
        remediation=remediation("CloudTrailChanges", REFERENCE),
        doc=DOC,
        needs=NEEDS,
    ),
    EVENTS,
)
