"""Use of the root user is monitored (CIS AWS Foundations v3.0.0 4.3).

Every sample CloudTrail event of the control must be counted by a metric filter whose alarm notifies a
confirmed SNS subscriber; see :mod:`keyaki.checks.cloudwatch._monitoring`.
https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudwatch-alarms-for-cloudtrail.html
"""

from keyaki.checks.cloudwatch._events import ROOT, api, console_login
from keyaki.checks.cloudwatch._monitoring import DOC, NEEDS, monitoring_check, remediation
from keyaki.checks.registry import Meta
from keyaki.findings.model import Severity

# The filter pattern the CIS benchmark's remediation gives for 4.3.
REFERENCE = (
    '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }'
)

EVENTS = (
    ("signin:ConsoleLogin by the root user", console_login(identity=ROOT, success=True, mfa="Yes")),
    api("iam.amazonaws.com", "CreateAccessKey", identity=ROOT),
)

CHECK = monitoring_check(
    Meta(
        id="cloudwatch_root_usage_monitored",
        title="Use of the root user is monitored",
        severity=Severity.LOW,
        service="cloudwatch",
        resource_type="AWS::::Account",
        rationale="The root user cannot be limited by IAM or SCPs; every use of it should be seen.",
        remediation=remediation("RootAccountUsage", REFERENCE),
        doc=DOC,
        needs=NEEDS,
    ),
    EVENTS,
)
