"""Console sign-in without MFA is monitored (CIS AWS Foundations v3.0.0 4.2).

Every sample CloudTrail event of the control must be counted by a metric filter whose alarm notifies a
confirmed SNS subscriber; see :mod:`keyaki.checks.cloudwatch._monitoring`.
https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudwatch-alarms-for-cloudtrail.html
"""

from keyaki.checks.cloudwatch._events import USER, console_login
from keyaki.checks.cloudwatch._monitoring import DOC, NEEDS, monitoring_check, remediation
from keyaki.checks.registry import Meta
from keyaki.findings.model import Severity

# The filter pattern the CIS benchmark's remediation gives for 4.2.
REFERENCE = (
    '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity'
    '.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }'
)

EVENTS = (("signin:ConsoleLogin by an IAM user without MFA", console_login(identity=USER, success=True, mfa="No")),)

CHECK = monitoring_check(
    Meta(
        id="cloudwatch_console_login_without_mfa_monitored",
        title="Console sign-in without MFA is monitored",
        severity=Severity.LOW,
        service="cloudwatch",
        resource_type="AWS::::Account",
        rationale="A password-only console sign-in is the one a phished password allows.",
        remediation=remediation("ConsoleSigninWithoutMFA", REFERENCE),
        doc=DOC,
        needs=NEEDS,
    ),
    EVENTS,
)
