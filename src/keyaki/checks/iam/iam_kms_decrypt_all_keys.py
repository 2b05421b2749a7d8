"""No IAM policy allows decrypting with every KMS key (Security Hub KMS.1 managed, KMS.2 inline).

Decided by the evaluator: ``kms:Decrypt`` and ``kms:ReEncryptFrom`` are asked on a key ARN in an account
and region no policy can name; an allow there is an allow on all keys.
https://docs.aws.amazon.com/kms/latest/developerguide/iam-policies-best-practices.html
"""

from __future__ import annotations

from collections.abc import Iterator

from keyaki.checks.iam._gaad import gaad
from keyaki.checks.policy import ask, compile_document, time_context
from keyaki.checks.registry import Check, Meta, Result, Scope, Where
from keyaki.findings.model import Severity
from keyaki.snapshot.views.iam import IamAccount

ANY_KEY = "arn:aws:kms:xx-probe-1:000000000000:key/keyaki-probe"

META = Meta(
    id="iam_kms_decrypt_all_keys",
    title="No IAM policy allows decryption with all KMS keys",
    severity=Severity.MEDIUM,
    service="iam",
    resource_type="AWS::IAM::Policy",
    rationale="kms:Decrypt on * lets the principal read every KMS-encrypted secret, bucket and volume it can reach.",
    remediation="Restrict `Resource` to the key ARNs the workload uses: `aws iam create-policy-version "
    "--policy-arn ARN "
    "--policy-document file://scoped.json --set-as-default` (or `aws iam put-user-policy` / `put-role-policy`)",
    doc="https://docs.aws.amazon.com/kms/latest/developerguide/iam-policies-best-practices.html",
    needs=("iam get-account-authorization-details",),
)


def run(where: Where, view: IamAccount) -> Iterator[Result]:
    docs = [(p.arn, p.name, p.document) for p in view.policies.values() if not p.aws_managed]
    for principal in (*view.users, *view.roles, *view.groups):
        docs += [(principal.arn, f"{principal.name}/{d.name}", d.document) for d in principal.inline]
    for arn, name, document in docs:
        policy = compile_document(document)
        if isinstance(policy, str):
            yield where.not_evaluated(arn, f"policy `{name}` does not parse: {policy}")
            continue
        answers = {
            a: ask(policy, f"arn:aws:iam::{where.account}:role/keyaki-probe", a, ANY_KEY, time_context(where.now))
            for a in ("kms:Decrypt", "kms:ReEncryptFrom")
        }
        allowed = [a for a, ans in answers.items() if ans.allowed]
        missing = sorted({k for ans in answers.values() for k in ans.missing})
        if not allowed and missing:
            yield where.not_evaluated(arn, f"policy `{name}` may allow it under conditions on {missing}")
            continue
        summary = f"policy `{name}` allows {allowed} on all keys" if allowed else f"policy `{name}` is scoped"
        yield where.result(not allowed, arn, summary, allowed_actions=allowed)


CHECK = Check(META, Scope.ACCOUNT, gaad, run)
