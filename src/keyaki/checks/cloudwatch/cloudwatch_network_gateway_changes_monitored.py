"""Network gateway changes are monitored (CIS AWS Foundations v3.0.0 4.12).

Every sample CloudTrail event of the control must be counted by a metric filter whose alarm notifies a
confirmed SNS subscriber; see :mod:`keyaki.checks.cloudwatch._monitoring`.
https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudwatch-alarms-for-cloudtrail.html
"""

from keyaki.checks.cloudwatch._events import calls
from keyaki.checks.cloudwatch._monitoring import DOC, NEEDS, monitoring_check, remediation
from keyaki.checks.registry import Meta
from keyaki.findings.model import Severity

# The filter pattern the CIS benchmark's remediation gives for 4.12.
REFERENCE = (
    "{ ($.eventName = CreateCustomerGateway) || ($.eventName = DeleteCustomerGateway) || ($.eventNam"
    "e = AttachInternetGateway) || ($.eventName = CreateInternetGateway) || ($.eventName = DeleteInt"
    "ernetGateway) || ($.eventName = DetachInternetGateway) }"
)

EVENTS = calls(
    "ec2.amazonaws.com",
    "CreateCustomerGateway",
    "DeleteCustomerGateway",
    "AttachInternetGateway",
    "CreateInternetGateway",
    "DeleteInternetGateway",
    "DetachInternetGateway",
)

CHECK = monitoring_check(
    Meta(
        id="cloudwatch_network_gateway_changes_monitored",
        title="Network gateway changes are monitored",
        severity=Severity.LOW,
        service="cloudwatch",
        resource_type="AWS::::Account",
        rationale="A new or moved gateway opens a path into or out of a VPC.",
        remediation=remediation("NetworkGatewayChanges", REFERENCE),
        doc=DOC,
        needs=NEEDS,
    ),
    EVENTS,
)
