"""No principal of a member account can leave the organisation (proven on the SCPs with the authorizer).

See :mod:`keyaki.checks.organizations._scp`.
https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_examples_general.html
"""

from keyaki.checks.organizations._scp import scp_check
from keyaki.checks.registry import Meta
from keyaki.findings.model import Severity

CHECK = scp_check(
    Meta(
        id="org_scp_deny_leave_organization",
        title="SCPs prevent member accounts from leaving the organisation",
        severity=Severity.HIGH,
        service="organizations",
        resource_type="AWS::::Account",
        rationale="An account that leaves takes its data out of every organisation guardrail and trail.",
        remediation='Attach to the root an SCP `{"Effect":"Deny","Action":"organizations:LeaveOrganization",'
        '"Resource":"*"}`: `aws organizations create-policy --type SERVICE_CONTROL_POLICY --name deny-leave '
        "--content file://deny-leave.json` then `aws organizations attach-policy --policy-id ID --target-id ROOT_ID`",
        doc="https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_examples_general.html",
        needs=(
            "organizations describe-organization",
            "organizations list-policies",
            "organizations describe-policy",
            "organizations list-targets-for-policy",
            "iam get-account-authorization-details",
        ),
    ),
    ("organizations:LeaveOrganization",),
)
