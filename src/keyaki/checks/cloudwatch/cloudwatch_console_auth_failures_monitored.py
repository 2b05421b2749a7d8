"""Console authentication failures are monitored (CIS AWS Foundations v3.0.0 4.6).

Every sample CloudTrail event of the control must be counted by a metric filter whose alarm notifies a
confirmed SNS subscriber; see :mod:`keyaki.checks.cloudwatch._monitoring`.
https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudwatch-alarms-for-cloudtrail.html
"""

from keyaki.checks.cloudwatch._events import USER, console_login
from keyaki.checks.cloudwatch._monitoring import DOC, NEEDS, monitoring_check, remediation
from keyaki.checks.registry import Meta
from keyaki.findings.model import Severity

# The filter pattern the CIS benchmark's remediation gives for 4.6.
REFERENCE = '{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }'

EVENTS = (("signin:ConsoleLogin failed", console_login(identity=USER, success=False, mfa="No")),)

CHECK = monitoring_check(
    Meta(
        id="cloudwatch_console_auth_failures_monitored",
        title="Console authentication failures are monitored",
        severity=Severity.LOW,
        service="cloudwatch",
        resource_type="AWS::::Account",
        rationale="Repeated failed console sign-ins are a brute-force attempt.",
        remediation=remediation("ConsoleSigninFailures", REFERENCE),
        doc=DOC,
        needs=NEEDS,
    ),
    EVENTS,
)
