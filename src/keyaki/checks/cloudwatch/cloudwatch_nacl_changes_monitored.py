"""Network ACL changes are monitored (CIS AWS Foundations v3.0.0 4.11).

Every sample CloudTrail event of the control must be counted by a metric filter whose alarm notifies a
confirmed SNS subscriber; see :mod:`keyaki.checks.cloudwatch._monitoring`.
https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudwatch-alarms-for-cloudtrail.html
"""

from keyaki.checks.cloudwatch._events import calls
from keyaki.checks.cloudwatch._monitoring import DOC, NEEDS, monitoring_check, remediation
from keyaki.checks.registry import Meta
from keyaki.findings.model import Severity

# The filter pattern the CIS benchmark's remediation gives for 4.11.
REFERENCE = (
    "{ ($.eventName = CreateNetworkAcl) || ($.eventName = CreateNetworkAclEntry) || ($.eventName = D"
    "eleteNetworkAcl) || ($.eventName = DeleteNetworkAclEntry) || ($.eventName = ReplaceNetworkAclEn"
    "try) || ($.eventName = ReplaceNetworkAclAssociation) }"
)

EVENTS = calls(
    "ec2.amazonaws.com",
    "CreateNetworkAcl",
    "CreateNetworkAclEntry",
    "DeleteNetworkAcl",
    "DeleteNetworkAclEntry",
    "ReplaceNetworkAclEntry",
    "ReplaceNetworkAclAssociation",
)

CHECK = monitoring_check(
    Meta(
        id="cloudwatch_nacl_changes_monitored",
        title="Network ACL changes are monitored",
        severity=Severity.LOW,
        service="cloudwatch",
        resource_type="AWS::::Account",
        rationale="A network ACL change can open a subnet to the internet.",
        remediation=remediation("NACLChanges", REFERENCE),
        doc=DOC,
        needs=NEEDS,
    ),
    EVENTS,
)
