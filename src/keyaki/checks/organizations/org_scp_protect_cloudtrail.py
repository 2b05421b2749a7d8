"""No principal of a member account can stop logging or delete a CloudTrail trail (SCP guarantee).

See :mod:`keyaki.checks.organizations._scp`; asked on a trail ARN in each region of the account.
https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_examples_cloudtrail.html
"""

from keyaki.checks.organizations._scp import scp_check
from keyaki.checks.registry import Meta
from keyaki.findings.model import Severity

CHECK = scp_check(
    Meta(
        id="org_scp_protect_cloudtrail",
        title="SCPs prevent member accounts from stopping or deleting CloudTrail trails",
        severity=Severity.HIGH,
        service="organizations",
        resource_type="AWS::::Account",
        rationale="An attacker's first move is to stop the trail; an SCP makes that impossible in member accounts.",
        remediation="Attach an SCP denying cloudtrail:StopLogging and cloudtrail:DeleteTrail: "
        "`aws organizations create-policy --type SERVICE_CONTROL_POLICY --name protect-cloudtrail --content "
        "file://protect-cloudtrail.json` then `aws organizations attach-policy --policy-id ID --target-id ROOT_ID`",
        doc="https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_examples_cloudtrail.html",
        needs=(
            "organizations describe-organization",
            "organizations list-policies",
            "organizations describe-policy",
            "organizations list-targets-for-policy",
            "iam get-account-authorization-details",
        ),
    ),
    ("cloudtrail:StopLogging", "cloudtrail:DeleteTrail"),
    "arn:aws:cloudtrail:{region}:{account}:trail/keyaki-probe",
)
