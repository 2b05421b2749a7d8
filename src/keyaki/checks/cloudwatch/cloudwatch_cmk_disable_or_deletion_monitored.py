"""Disabling or scheduled deletion of customer managed keys is monitored (CIS AWS Foundations v3.0.0 4.7).

Every sample CloudTrail event of the control must be counted by a metric filter whose alarm notifies a
confirmed SNS subscriber; see :mod:`keyaki.checks.cloudwatch._monitoring`.
https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudwatch-alarms-for-cloudtrail.html
"""

from keyaki.checks.cloudwatch._events import calls
from keyaki.checks.cloudwatch._monitoring import DOC, NEEDS, monitoring_check, remediation
from keyaki.checks.registry import Meta
from keyaki.findings.model import Severity

# The filter pattern the CIS benchmark's remediation gives for 4.7.
REFERENCE = "{($.eventSource = kms.amazonaws.com) && (($.eventName=DisableKey)||($.eventName=ScheduleKeyDeletion)) }"

EVENTS = calls("kms.amazonaws.com", "DisableKey", "ScheduleKeyDeletion")

CHECK = monitoring_check(
    Meta(
        id="cloudwatch_cmk_disable_or_deletion_monitored",
        title="Disabling or scheduled deletion of customer managed keys is monitored",
        severity=Severity.LOW,
        service="cloudwatch",
        resource_type="AWS::::Account",
        rationale="Data encrypted under a disabled or deleted key becomes unreadable.",
        remediation=remediation("DisableOrDeleteCMK", REFERENCE),
        doc=DOC,
        needs=NEEDS,
    ),
    EVENTS,
)
