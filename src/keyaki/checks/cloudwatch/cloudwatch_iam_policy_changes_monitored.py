"""IAM policy changes are monitored (CIS AWS Foundations v3.0.0 4.4).

Every sample CloudTrail event of the control must be counted by a metric filter whose alarm notifies a
confirmed SNS subscriber; see :mod:`keyaki.checks.cloudwatch._monitoring`.
https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudwatch-alarms-for-cloudtrail.html
"""

from keyaki.checks.cloudwatch._events import calls
from keyaki.checks.cloudwatch._monitoring import DOC, NEEDS, monitoring_check, remediation
from keyaki.checks.registry import Meta
from keyaki.findings.model import Severity

# The filter pattern the CIS benchmark's remediation gives for 4.4.
REFERENCE = (
    "{($.eventName=DeleteGroupPolicy)||($.eventName=DeleteRolePolicy)||($.eventName=DeleteUserPolicy"
    ")||($.eventName=PutGroupPolicy)||($.eventName=PutRolePolicy)||($.eventName=PutUserPolicy)||($.e"
    "ventName=CreatePolicy)||($.eventName=DeletePolicy)||($.eventName=CreatePolicyVersion)||($.event"
    "Name=DeletePolicyVersion)||($.eventName=AttachRolePolicy)||($.eventName=DetachRolePolicy)||($.e"
    "ventName=AttachUserPolicy)||($.eventName=DetachUserPolicy)||($.eventName=AttachGroupPolicy)||($"
    ".eventName=DetachGroupPolicy)}"
)

EVENTS = calls(
    "iam.amazonaws.com",
    "DeleteGroupPolicy",
    "DeleteRolePolicy",
    "DeleteUserPolicy",
    "PutGroupPolicy",
    "PutRolePolicy",
    "PutUserPolicy",
    "CreatePolicy",
    "DeletePolicy",
    "CreatePolicyVersion",
    "DeletePolicyVersion",
    "AttachRolePolicy",
    "DetachRolePolicy",
    "AttachUserPolicy",
    "DetachUserPolicy",
    "AttachGroupPolicy",
    "DetachGroupPolicy",
)

CHECK = monitoring_check(
    Meta(
        id="cloudwatch_iam_policy_changes_monitored",
        title="IAM policy changes are monitored",
        severity=Severity.LOW,
        service="cloudwatch",
        resource_type="AWS::::Account",
        rationale="A changed policy can grant any permission; it should not change unseen.",
        remediation=remediation("IAMPolicyChanges", REFERENCE),
        doc=DOC,
        needs=NEEDS,
    ),
    EVENTS,
)
