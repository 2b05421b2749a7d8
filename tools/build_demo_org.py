"""The demo's AWS Organizations responses: accounts, OUs, SCPs and RCPs with their targets."""

from __future__ import annotations

import json
from typing import Any

from build_demo_common import (
    ACCOUNTS,
    DEV,
    EMAILS,
    MGMT,
    ORG_ID,
    PROD,
    ROOT_ID,
    SANDBOX,
    SECURITY,
    Writer,
    at,
    doc,
    iso_ms,
)

ORG_ARN = f"arn:aws:organizations::{MGMT}:organization/{ORG_ID}"
ROOT_ARN = f"arn:aws:organizations::{MGMT}:root/{ORG_ID}/{ROOT_ID}"

# OU name -> (id, parent id)
OUS: dict[str, tuple[str, str]] = {
    "Security": ("ou-a1b2-5ecur1ty", ROOT_ID),
    "Workloads": ("ou-a1b2-w0rk10ad", ROOT_ID),
    "Sandbox": ("ou-a1b2-5andb0x1", ROOT_ID),
    "Prod": ("ou-a1b2-pr0dw0rk", "ou-a1b2-w0rk10ad"),
    "Dev": ("ou-a1b2-devw0rk1", "ou-a1b2-w0rk10ad"),
}
OU_OF_ACCOUNT = {MGMT: None, SECURITY: "Security", PROD: "Prod", DEV: "Dev", SANDBOX: "Sandbox"}
OU_PATH = {None: None, "Security": "Security", "Prod": "Workloads/Prod", "Dev": "Workloads/Dev", "Sandbox": "Sandbox"}
JOINED = {
    MGMT: (at("2020-06-01T09:00:00"), "CREATED", 101),
    SECURITY: (at("2020-06-01T09:42:17"), "CREATED", 287),
    PROD: (at("2020-06-02T14:05:51"), "CREATED", 412),
    DEV: (at("2020-06-02T14:11:03"), "CREATED", 655),
    SANDBOX: (at("2022-04-19T08:30:26"), "INVITED", 903),
}

SCP_DENY_ACCESS_KEYS = "p-9z1k3xq7"
SCP_PROTECT_BASELINE = "p-6h2m8tq4"
SCP_SANDBOX_REGIONS = "p-3r7w5ya2"
RCP_SECURE_TRANSPORT = "p-7c4n1vb8"


def ou_arn(ou_id: str) -> str:
    return f"arn:aws:organizations::{MGMT}:ou/{ORG_ID}/{ou_id}"


def account_org_arn(account: str) -> str:
    return f"arn:aws:organizations::{MGMT}:account/{ORG_ID}/{account}"


def policy_arn(policy_id: str, kind: str) -> str:
    if policy_id in ("p-FullAWSAccess", "p-RCPFullAWSAccess"):
        return f"arn:aws:organizations::aws:policy/{kind.lower()}/{policy_id}"
    return f"arn:aws:organizations::{MGMT}:policy/{ORG_ID}/{kind.lower()}/{policy_id}"


def account_entry(account: str) -> dict[str, Any]:
    joined, method, ms = JOINED[account]
    return {
        "Id": account,
        "Arn": account_org_arn(account),
        "Email": EMAILS[account],
        "Name": ACCOUNTS[account],
        "Status": "ACTIVE",
        "State": "ACTIVE",
        "JoinedMethod": method,
        "JoinedTimestamp": iso_ms(joined, ms),
    }


def _policies() -> list[dict[str, Any]]:
    """Every SCP and RCP: summary, content, targets."""
    every_target = [("ROOT", ROOT_ID)] + [("ORGANIZATIONAL_UNIT", ou) for ou, _ in OUS.values()]
    every_target += [("ACCOUNT", a) for a in ACCOUNTS]
    return [
        {
            "Id": "p-FullAWSAccess",
            "Type": "SERVICE_CONTROL_POLICY",
            "Name": "FullAWSAccess",
            "Description": "Allows access to every operation",
            "AwsManaged": True,
            "Content": doc({"Effect": "Allow", "Action": "*", "Resource": "*"}),
            "Targets": every_target,
        },
        {
            "Id": SCP_PROTECT_BASELINE,
            "Type": "SERVICE_CONTROL_POLICY",
            "Name": "ProtectSecurityBaseline",
            "Description": "Members cannot leave the organization or stop CloudTrail, Config and GuardDuty",
            "AwsManaged": False,
            "Content": _protect_baseline(),
            "Targets": [("ROOT", ROOT_ID)],
        },
        {
            "Id": SCP_DENY_ACCESS_KEYS,
            "Type": "SERVICE_CONTROL_POLICY",
            "Name": "DenyIamAccessKeyCreation",
            "Description": "No long-lived IAM user access keys in production",
            "AwsManaged": False,
            "Content": doc(
                {
                    "Sid": "DenyCreateAccessKey",
                    "Effect": "Deny",
                    "Action": "iam:CreateAccessKey",
                    "Resource": "*",
                }
            ),
            "Targets": [("ORGANIZATIONAL_UNIT", OUS["Prod"][0])],
        },
        {
            "Id": SCP_SANDBOX_REGIONS,
            "Type": "SERVICE_CONTROL_POLICY",
            "Name": "SandboxApprovedRegions",
            "Description": "Sandbox accounts may only use us-east-1 and eu-west-1",
            "AwsManaged": False,
            "Content": doc(
                {
                    "Sid": "DenyOutsideApprovedRegions",
                    "Effect": "Deny",
                    "NotAction": [
                        "iam:*",
                        "organizations:*",
                        "sts:*",
                        "support:*",
                        "budgets:*",
                        "cloudfront:*",
                        "route53:*",
                    ],
                    "Resource": "*",
                    "Condition": {"StringNotEquals": {"aws:RequestedRegion": ["us-east-1", "eu-west-1"]}},
                }
            ),
            "Targets": [("ORGANIZATIONAL_UNIT", OUS["Sandbox"][0])],
        },
        {
            "Id": "p-RCPFullAWSAccess",
            "Type": "RESOURCE_CONTROL_POLICY",
            "Name": "RCPFullAWSAccess",
            "Description": "Allows access to every operation",
            "AwsManaged": True,
            "Content": doc({"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}),
            "Targets": every_target,
        },
        {
            "Id": RCP_SECURE_TRANSPORT,
            "Type": "RESOURCE_CONTROL_POLICY",
            "Name": "EnforceSecureTransport",
            "Description": "Deny requests to security data that do not use TLS",
            "AwsManaged": False,
            "Content": doc(
                {
                    "Sid": "EnforceSecureTransport",
                    "Effect": "Deny",
                    "Principal": "*",
                    "Action": ["s3:*", "sqs:*", "kms:*", "secretsmanager:*", "sts:*"],
                    "Resource": "*",
                    "Condition": {"BoolIfExists": {"aws:SecureTransport": "false"}},
                }
            ),
            "Targets": [("ORGANIZATIONAL_UNIT", OUS["Security"][0])],
        },
    ]


def _protect_baseline() -> dict[str, Any]:
    return doc(
        {
            "Sid": "DenyLeaveOrganization",
            "Effect": "Deny",
            "Action": "organizations:LeaveOrganization",
            "Resource": "*",
        },
        {
            "Sid": "ProtectSecurityServices",
            "Effect": "Deny",
            "Action": [
                "cloudtrail:StopLogging",
                "cloudtrail:DeleteTrail",
                "config:StopConfigurationRecorder",
                "config:DeleteConfigurationRecorder",
                "guardduty:DeleteDetector",
                "guardduty:DisassociateFromMasterAccount",
                "securityhub:DisableSecurityHub",
            ],
            "Resource": "*",
            "Condition": {"ArnNotLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/OrganizationAccountAccessRole"}},
        },
    )


def _target_entry(kind: str, target: str) -> dict[str, Any]:
    if kind == "ROOT":
        return {"TargetId": target, "Arn": ROOT_ARN, "Name": "Root", "Type": kind}
    if kind == "ACCOUNT":
        return {"TargetId": target, "Arn": account_org_arn(target), "Name": ACCOUNTS[target], "Type": kind}
    name = next(n for n, (i, _) in OUS.items() if i == target)
    return {"TargetId": target, "Arn": ou_arn(target), "Name": name, "Type": kind}


def _summary(p: dict[str, Any]) -> dict[str, Any]:
    return {
        "Id": p["Id"],
        "Arn": policy_arn(p["Id"], p["Type"]),
        "Name": p["Name"],
        "Description": p["Description"],
        "Type": p["Type"],
        "AwsManaged": p["AwsManaged"],
    }


def build(w: Writer) -> None:
    """Write every Organizations response (read from the management account)."""
    w.org(
        "describe-organization",
        {
            "Organization": {
                "Id": ORG_ID,
                "Arn": ORG_ARN,
                "FeatureSet": "ALL",
                "MasterAccountArn": account_org_arn(MGMT),
                "MasterAccountId": MGMT,
                "MasterAccountEmail": EMAILS[MGMT],
                "AvailablePolicyTypes": [{"Type": "SERVICE_CONTROL_POLICY", "Status": "ENABLED"}],
            }
        },
    )
    policy_types = [
        {"Type": "SERVICE_CONTROL_POLICY", "Status": "ENABLED"},
        {"Type": "RESOURCE_CONTROL_POLICY", "Status": "ENABLED"},
    ]
    w.org("list-roots", {"Roots": [{"Id": ROOT_ID, "Arn": ROOT_ARN, "Name": "Root", "PolicyTypes": policy_types}]})
    w.org("list-accounts", {"Accounts": [account_entry(a) for a in ACCOUNTS]})
    _tree(w)
    _write_policies(w)
    _delegated(w)


def _tree(w: Writer) -> None:
    parents = [ROOT_ID] + [i for i, _ in OUS.values()]
    for parent in parents:
        children = [{"Id": i, "Arn": ou_arn(i), "Name": n} for n, (i, p) in OUS.items() if p == parent]
        w.org("list-organizational-units-for-parent", {"OrganizationalUnits": children}, key=parent)
        accounts = [
            account_entry(a)
            for a, ou in OU_OF_ACCOUNT.items()
            if (ou is None and parent == ROOT_ID) or (ou is not None and OUS[ou][0] == parent)
        ]
        w.org("list-accounts-for-parent", {"Accounts": accounts}, key=parent)


def _write_policies(w: Writer) -> None:
    policies = _policies()
    for kind in ("SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY"):
        w.org("list-policies", {"Policies": [_summary(p) for p in policies if p["Type"] == kind]}, key=kind)
    for p in policies:
        content = json.dumps(p["Content"], indent=4) if not p["AwsManaged"] else json.dumps(p["Content"])
        w.org("describe-policy", {"Policy": {"PolicySummary": _summary(p), "Content": content}}, key=p["Id"])
        w.org(
            "list-targets-for-policy",
            {"Targets": [_target_entry(kind, t) for kind, t in p["Targets"]]},
            key=p["Id"],
        )


DELEGATED_SERVICES = [
    ("access-analyzer.amazonaws.com", at("2020-06-03T10:15:00"), 122),
    ("config.amazonaws.com", at("2020-06-03T10:17:42"), 845),
    ("guardduty.amazonaws.com", at("2020-06-03T10:20:09"), 311),
    ("securityhub.amazonaws.com", at("2020-06-03T10:22:51"), 578),
]


def _delegated(w: Writer) -> None:
    entry = account_entry(SECURITY)
    entry["DelegationEnabledDate"] = iso_ms(DELEGATED_SERVICES[0][1], DELEGATED_SERVICES[0][2])
    w.org("list-delegated-administrators", {"DelegatedAdministrators": [entry]})
    services = [{"ServicePrincipal": s, "DelegationEnabledDate": iso_ms(d, ms)} for s, d, ms in DELEGATED_SERVICES]
    w.org("list-delegated-services-for-account", {"DelegatedServices": services}, key=SECURITY)


__all__ = ["DEV", "OUS", "OU_OF_ACCOUNT", "OU_PATH", "PROD", "build"]
