"""AWS Organizations changes are monitored (CIS AWS Foundations v3.0.0 4.15).

Every sample CloudTrail event of the control must be counted by a metric filter whose alarm notifies a
confirmed SNS subscriber; see :mod:`keyaki.checks.cloudwatch._monitoring`.
https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudwatch-alarms-for-cloudtrail.html
"""

from keyaki.checks.cloudwatch._events import calls
from keyaki.checks.cloudwatch._monitoring import DOC, NEEDS, monitoring_check, remediation
from keyaki.checks.registry import Meta
from keyaki.findings.model import Severity

# The filter pattern the CIS benchmark's remediation gives for 4.15.
REFERENCE = (
    '{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = "AcceptHandshake") || ($.eve'
    'ntName = "AttachPolicy") || ($.eventName = "CreateAccount") || ($.eventName = "CreateOrganizati'
    'onalUnit") || ($.eventName = "CreatePolicy") || ($.eventName = "DeclineHandshake") || ($.eventN'
    'ame = "DeleteOrganization") || ($.eventName = "DeleteOrganizationalUnit") || ($.eventName = "De'
    'letePolicy") || ($.eventName = "DetachPolicy") || ($.eventName = "DisablePolicyType") || ($.eve'
    'ntName = "EnablePolicyType") || ($.eventName = "InviteAccountToOrganization") || ($.eventName ='
    ' "LeaveOrganization") || ($.eventName = "MoveAccount") || ($.eventName = "RemoveAccountFromOrga'
    'nization") || ($.eventName = "UpdatePolicy") || ($.eventName = "UpdateOrganizationalUnit")) }'
)

EVENTS = calls(
    "organizations.amazonaws.com",
    "AcceptHandshake",
    "AttachPolicy",
    "CreateAccount",
    "CreateOrganizationalUnit",
    "CreatePolicy",
    "DeclineHandshake",
    "DeleteOrganization",
    "DeleteOrganizationalUnit",
    "DeletePolicy",
    "DetachPolicy",
    "DisablePolicyType",
    "EnablePolicyType",
    "InviteAccountToOrganization",
    "LeaveOrganization",
    "MoveAccount",
    "RemoveAccountFromOrganization",
    "UpdatePolicy",
    "UpdateOrganizationalUnit",
)

CHECK = monitoring_check(
    Meta(
        id="cloudwatch_organizations_changes_monitored",
        title="AWS Organizations changes are monitored",
        severity=Severity.LOW,
        service="cloudwatch",
        resource_type="AWS::::Account",
        rationale="An account leaving the organisation or a detached SCP removes guardrails everywhere at once.",
        remediation=remediation("OrganizationsChanges", REFERENCE),
        doc=DOC,
        needs=NEEDS,
    ),
    EVENTS,
)
