"""Route table changes are monitored (CIS AWS Foundations v3.0.0 4.13).

Every sample CloudTrail event of the control must be counted by a metric filter whose alarm notifies a
confirmed SNS subscriber; see :mod:`keyaki.checks.cloudwatch._monitoring`.
https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudwatch-alarms-for-cloudtrail.html
"""

from keyaki.checks.cloudwatch._events import calls
from keyaki.checks.cloudwatch._monitoring import DOC, NEEDS, monitoring_check, remediation
from keyaki.checks.registry import Meta
from keyaki.findings.model import Severity

# The filter pattern the CIS benchmark's remediation gives for 4.13.
REFERENCE = (
    "{($.eventSource = ec2.amazonaws.com) && ($.eventName = CreateRoute) || ($.eventName = CreateRou"
    "teTable) || ($.eventName = ReplaceRoute) || ($.eventName = ReplaceRouteTableAssociation) || ($."
    "eventName = DeleteRouteTable) || ($.eventName = DeleteRoute) || ($.eventName = DisassociateRout"
    "eTable) }"
)

EVENTS = calls(
    "ec2.amazonaws.com",
    "CreateRoute",
    "CreateRouteTable",
    "ReplaceRoute",
    "ReplaceRouteTableAssociation",
    "DeleteRouteTable",
    "DeleteRoute",
    "DisassociateRouteTable",
)

CHECK = monitoring_check(
    Meta(
        id="cloudwatch_route_table_changes_monitored",
        title="Route table changes are monitored",
        severity=Severity.LOW,
        service="cloudwatch",
        resource_type="AWS::::Account",
        rationale="A changed route can send traffic through a path nobody reviewed.",
        remediation=remediation("RouteTableChanges", REFERENCE),
        doc=DOC,
        needs=NEEDS,
    ),
    EVENTS,
)
