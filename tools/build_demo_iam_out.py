"""Render the demo's IAM model as the AWS CLI prints it.

GAAD (``aws iam get-account-authorization-details``), the credential report (base64 CSV), the
password policy, the account summary, virtual MFA devices and identity providers.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from build_demo_common import NOW, Writer, at, b64, cred_time, iso, upper_id
from build_demo_iam_model import AWS_MANAGED, AccountIam, CustomerPolicy, Group, Key, Role, User, managed_arn

GLOBAL = "global"
REPORT_HEADER = [
    "user",
    "arn",
    "user_creation_time",
    "password_enabled",
    "password_last_used",
    "password_last_changed",
    "password_next_rotation",
    "mfa_active",
    "access_key_1_active",
    "access_key_1_last_rotated",
    "access_key_1_last_used_date",
    "access_key_1_last_used_region",
    "access_key_1_last_used_service",
    "access_key_2_active",
    "access_key_2_last_rotated",
    "access_key_2_last_used_date",
    "access_key_2_last_used_region",
    "access_key_2_last_used_service",
    "cert_1_active",
    "cert_1_last_rotated",
    "cert_2_active",
    "cert_2_last_rotated",
]


def _policy_arn(acct: AccountIam, name: str) -> str:
    if name in AWS_MANAGED:
        return managed_arn(name)
    return f"arn:aws:iam::{acct.account}:policy/{name}"


def _attached(acct: AccountIam, names: list[str]) -> list[dict[str, str]]:
    return [{"PolicyName": n, "PolicyArn": _policy_arn(acct, n)} for n in names]


def _inline(docs: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"PolicyName": n, "PolicyDocument": d} for n, d in docs.items()]


def _tags(tags: dict[str, str]) -> list[dict[str, str]]:
    return [{"Key": k, "Value": v} for k, v in tags.items()]


def user_arn(acct: AccountIam, u: User) -> str:
    return f"arn:aws:iam::{acct.account}:user{u.path}{u.name}"


def _user(acct: AccountIam, u: User) -> dict[str, Any]:
    out: dict[str, Any] = {
        "Path": u.path,
        "UserName": u.name,
        "UserId": upper_id("AIDA", acct.account, u.name),
        "Arn": user_arn(acct, u),
        "CreateDate": iso(u.created),
        "UserPolicyList": _inline(u.inline),
        "GroupList": list(u.groups),
        "AttachedManagedPolicies": _attached(acct, u.managed),
        "Tags": _tags(u.tags),
    }
    if not u.inline:
        del out["UserPolicyList"]  # GAAD omits an empty UserPolicyList
    return out


def _group(acct: AccountIam, g: Any) -> dict[str, Any]:
    return {
        "Path": "/",
        "GroupName": g.name,
        "GroupId": upper_id("AGPA", acct.account, g.name),
        "Arn": f"arn:aws:iam::{acct.account}:group/{g.name}",
        "CreateDate": iso(g.created),
        "GroupPolicyList": _inline(g.inline),
        "AttachedManagedPolicies": _attached(acct, g.managed),
    }


def role_arn(acct: AccountIam, r: Role) -> str:
    return f"arn:aws:iam::{acct.account}:role{r.path}{r.name}"


def _role(acct: AccountIam, r: Role) -> dict[str, Any]:
    arn = role_arn(acct, r)
    profiles = []
    if r.instance_profile:
        profiles.append(
            {
                "Path": "/",
                "InstanceProfileName": r.name,
                "InstanceProfileId": upper_id("AIPA", acct.account, r.name),
                "Arn": f"arn:aws:iam::{acct.account}:instance-profile/{r.name}",
                "CreateDate": iso(r.created),
                "Roles": [_role_core(acct, r, arn)],
            }
        )
    out = _role_core(acct, r, arn)
    del out["MaxSessionDuration"]  # RoleDetail (GAAD) has neither; the Role of an instance profile has both
    out.pop("Description", None)
    out.update(
        {
            "InstanceProfileList": profiles,
            "RolePolicyList": _inline(r.inline),
            "AttachedManagedPolicies": _attached(acct, r.managed),
            "Tags": _tags(r.tags),
            "RoleLastUsed": {"LastUsedDate": iso(r.last_used[0]), "Region": r.last_used[1]} if r.last_used else {},
        }
    )
    return out


def _role_core(acct: AccountIam, r: Role, arn: str) -> dict[str, Any]:
    core: dict[str, Any] = {
        "Path": r.path,
        "RoleName": r.name,
        "RoleId": upper_id("AROA", acct.account, r.name),
        "Arn": arn,
        "CreateDate": iso(r.created),
        "AssumeRolePolicyDocument": r.trust,
    }
    if r.description:
        core["Description"] = r.description
    core["MaxSessionDuration"] = r.max_session
    return core


def _count_attachments(acct: AccountIam, name: str) -> int:
    holders: list[User | Group | Role] = [*acct.users, *acct.groups, *acct.roles]
    return sum(1 for h in holders if name in h.managed)


def _customer_policy(acct: AccountIam, p: CustomerPolicy) -> dict[str, Any]:
    n = len(p.versions)
    versions = [
        {"Document": d, "VersionId": f"v{i + 1}", "IsDefaultVersion": i == n - 1, "CreateDate": iso(when)}
        for i, (when, d) in reversed(list(enumerate(p.versions)))
    ]
    return {
        "PolicyName": p.name,
        "PolicyId": upper_id("ANPA", acct.account, p.name),
        "Arn": _policy_arn(acct, p.name),
        "Path": "/",
        "DefaultVersionId": f"v{n}",
        "AttachmentCount": _count_attachments(acct, p.name),
        "PermissionsBoundaryUsageCount": 0,
        "IsAttachable": True,
        "CreateDate": iso(p.versions[0][0]),
        "UpdateDate": iso(p.versions[-1][0]),
        "PolicyVersionList": versions,
    }


def _aws_policy(acct: AccountIam, name: str) -> dict[str, Any]:
    path, version, created, updated, document = AWS_MANAGED[name]
    return {
        "PolicyName": name,
        "PolicyId": upper_id("ANPA", "aws", name),
        "Arn": managed_arn(name),
        "Path": path,
        "DefaultVersionId": version,
        "AttachmentCount": _count_attachments(acct, name),
        "PermissionsBoundaryUsageCount": 0,
        "IsAttachable": True,
        "CreateDate": iso(at(created)),
        "UpdateDate": iso(at(updated)),
        "PolicyVersionList": [
            {"Document": document, "VersionId": version, "IsDefaultVersion": True, "CreateDate": iso(at(updated))}
        ],
    }


def gaad(acct: AccountIam) -> dict[str, Any]:
    holders: list[User | Group | Role] = [*acct.users, *acct.groups, *acct.roles]
    used = [n for h in holders for n in h.managed]
    aws_names = sorted({n for n in used if n in AWS_MANAGED})
    return {
        "UserDetailList": [_user(acct, u) for u in acct.users],
        "GroupDetailList": [_group(acct, g) for g in acct.groups],
        "RoleDetailList": [_role(acct, r) for r in acct.roles],
        "Policies": [_customer_policy(acct, p) for p in acct.policies] + [_aws_policy(acct, n) for n in aws_names],
    }


# ---- credential report ----------------------------------------------------------------------------
def _key_cells(key: Key | None) -> list[str]:
    if key is None:
        return ["false", "N/A", "N/A", "N/A", "N/A"]
    if key.last_used is None:
        return ["true" if key.active else "false", cred_time(key.rotated), "N/A", "N/A", "N/A"]
    return [
        "true" if key.active else "false",
        cred_time(key.rotated),
        cred_time(key.last_used),
        key.region,
        key.service,
    ]


def _user_row(acct: AccountIam, u: User) -> list[str]:
    keys: list[Key | None] = [*u.keys, None, None]
    if u.password:
        pw = [
            "true",
            cred_time(u.password_used) if u.password_used else "no_information",
            cred_time(u.password_changed) if u.password_changed else "N/A",
            "N/A",
        ]
    else:
        pw = ["false", "N/A", "N/A", "N/A"]
    return [
        u.name,
        user_arn(acct, u),
        cred_time(u.created),
        *pw,
        "true" if u.mfa else "false",
        *_key_cells(keys[0]),
        *_key_cells(keys[1]),
        "false",
        "N/A",
        "false",
        "N/A",
    ]


def _root_row(acct: AccountIam) -> list[str]:
    r = acct.root
    used = cred_time(r.password_used) if r.password_used else "no_information"
    return [
        "<root_account>",
        f"arn:aws:iam::{acct.account}:root",
        cred_time(r.created),
        "not_supported",
        used,
        "not_supported",
        "not_supported",
        "true" if r.mfa else "false",
        *_key_cells(r.key),
        *_key_cells(None),
        "false",
        "N/A",
        "false",
        "N/A",
    ]


def credential_report(acct: AccountIam) -> dict[str, Any]:
    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\n")
    out.writerow(REPORT_HEADER)
    out.writerow(_root_row(acct))
    for u in acct.users:
        out.writerow(_user_row(acct, u))
    text = buf.getvalue().rstrip("\n")
    return {"Content": b64(text), "ReportFormat": "text/csv", "GeneratedTime": iso(NOW.replace(minute=0, second=0))}


# ---- the rest ---------------------------------------------------------------------------------------
def _mfa_user(acct: AccountIam, u: User) -> dict[str, str]:
    user = {
        "Path": u.path,
        "UserName": u.name,
        "UserId": upper_id("AIDA", acct.account, u.name),
        "Arn": user_arn(acct, u),
        "CreateDate": iso(u.created),
    }
    if u.password_used:
        user["PasswordLastUsed"] = iso(u.password_used)
    return user


def _mfa_devices(acct: AccountIam) -> dict[str, Any]:
    devices = []
    if acct.root.virtual_mfa:
        devices.append(
            {
                "SerialNumber": f"arn:aws:iam::{acct.account}:mfa/root-account-mfa-device",
                "User": {
                    "UserId": acct.account,
                    "Arn": f"arn:aws:iam::{acct.account}:root",
                    "CreateDate": iso(acct.root.created),
                },
                "EnableDate": iso(acct.root.created.replace(hour=9, minute=5)),
            }
        )
    for u in acct.users:
        if u.mfa:
            devices.append(
                {
                    "SerialNumber": f"arn:aws:iam::{acct.account}:mfa/{u.name}",
                    "User": _mfa_user(acct, u),
                    "EnableDate": iso(u.created.replace(minute=(u.created.minute + 7) % 60)),
                }
            )
    return {"VirtualMFADevices": devices}


def _summary(acct: AccountIam, gaad_doc: dict[str, Any], mfa: dict[str, Any]) -> dict[str, Any]:
    in_use = len(acct.policies) + len({n for p in gaad_doc["Policies"] for n in [p["PolicyName"]] if n in AWS_MANAGED})
    hardware_root = 1 if (acct.root.mfa and not acct.root.virtual_mfa) else 0
    return {
        "SummaryMap": {
            "GroupPolicySizeQuota": 5120,
            "InstanceProfilesQuota": 1000,
            "Policies": len(acct.policies),
            "GroupsPerUserQuota": 10,
            "InstanceProfiles": sum(1 for r in acct.roles if r.instance_profile),
            "AttachedPoliciesPerUserQuota": 10,
            "Users": len(acct.users),
            "PoliciesQuota": 1500,
            "Providers": len(acct.oidc_providers),
            "AccountMFAEnabled": 1 if acct.root.mfa else 0,
            "AccessKeysPerUserQuota": 2,
            "AssumeRolePolicySizeQuota": 2048,
            "PolicyVersionsInUseQuota": 10000,
            "GlobalEndpointTokenVersion": 1,
            "VersionsPerPolicyQuota": 5,
            "AttachedPoliciesPerGroupQuota": 10,
            "PolicySizeQuota": 6144,
            "Groups": len(acct.groups),
            "AccountSigningCertificatesPresent": 0,
            "UsersQuota": 5000,
            "ServerCertificatesQuota": 20,
            "MFADevices": len(mfa["VirtualMFADevices"]) + hardware_root,
            "UserPolicySizeQuota": 2048,
            "PolicyVersionsInUse": in_use,
            "ServerCertificates": 0,
            "Roles": len(acct.roles),
            "RolesQuota": 1000,
            "SigningCertificatesPerUserQuota": 2,
            "MFADevicesInUse": len(mfa["VirtualMFADevices"]) + hardware_root,
            "RolePolicySizeQuota": 10240,
            "AttachedPoliciesPerRoleQuota": 10,
            "AccountAccessKeysPresent": 1 if acct.root.key and acct.root.key.active else 0,
            "AccountPasswordPresent": 1,
            "GroupsQuota": 300,
        }
    }


def write(w: Writer, acct: AccountIam) -> None:
    a = acct.account
    g = gaad(acct)
    mfa = _mfa_devices(acct)
    w.call(a, GLOBAL, "iam", "get-account-authorization-details", g)
    w.call(a, GLOBAL, "iam", "get-credential-report", credential_report(acct))
    if acct.password_policy is None:
        msg = f"The Password Policy with domain name {a} cannot be found."
        w.error(a, GLOBAL, "iam", "get-account-password-policy", "NoSuchEntity", msg)
    else:
        w.call(a, GLOBAL, "iam", "get-account-password-policy", {"PasswordPolicy": acct.password_policy})
    w.call(a, GLOBAL, "iam", "get-account-summary", _summary(acct, g, mfa))
    w.call(a, GLOBAL, "iam", "list-virtual-mfa-devices", mfa)
    w.call(a, GLOBAL, "iam", "list-saml-providers", {"SAMLProviderList": []})
    providers = [{"Arn": f"arn:aws:iam::{a}:oidc-provider/{p}"} for p in acct.oidc_providers]
    w.call(a, GLOBAL, "iam", "list-open-id-connect-providers", {"OpenIDConnectProviderList": providers})
    w.call(a, GLOBAL, "iam", "list-server-certificates", {"ServerCertificateMetadataList": []})
