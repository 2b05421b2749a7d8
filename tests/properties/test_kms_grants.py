"""KMS grants read as policy statements (``keyaki.access.grants``) ≡ the grant semantics AWS documents.

The model below is written straight from "GrantConstraints"
(https://docs.aws.amazon.com/kms/latest/APIReference/API_GrantConstraints.html): a grant allows one of its
operations; ``EncryptionContextSubset`` needs every pair in the request's context, ``EncryptionContextEquals``
needs the context to be exactly its pairs; keys compare without case, values with case; both apply only to
the operations that take an encryption context; ``SourceArn`` must equal the request's ``aws:SourceArn``.
The statements are evaluated by ``keyaki iam simulate`` (the reference evaluator); the two must agree on
every grant, operation and request Hypothesis generates.
"""

from __future__ import annotations

from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st

from keyaki.access.grants import CONTEXT_OPERATIONS, statements
from keyaki.iam.case import simulate
from keyaki.snapshot.views.kms_grants import Grant

KEY = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
GRANTEE = "arn:aws:iam::111122223333:role/app"
OPS = ("Decrypt", "Encrypt", "GenerateDataKey", "DescribeKey", "RetireGrant", "CreateGrant")
_key = st.sampled_from(["Dept", "dept", "Purpose", "a:b"])
_val = st.sampled_from(["IT", "it", "x"])
_pairs = st.dictionaries(_key, _val, max_size=2).map(lambda d: tuple(sorted(d.items())))
_arn = st.sampled_from(["arn:aws:s3:::b1", "arn:aws:s3:::b2"])


def _fold(pairs: Any) -> dict[str, str] | None:
    """Keys without case; None when two keys differ only by case (AWS: do not do that; not generated)."""
    out = {k.lower(): v for k, v in pairs}
    return out if len(out) == len(pairs) else None


def model(g: Grant, op: str, ctx: dict[str, str], source_arn: str | None) -> bool:
    if op not in g.operations:
        return False
    if g.source_arn is not None and source_arn != g.source_arn:
        return False
    if op not in CONTEXT_OPERATIONS:
        return True
    have = _fold(tuple(ctx.items())) or {}
    subset = _fold(g.context_subset or ()) or {}
    if any(have.get(k) != v for k, v in subset.items()):
        return False
    if g.context_equals is not None:
        return have == _fold(g.context_equals)
    return True


def evaluated(g: Grant, op: str, ctx: dict[str, str], source_arn: str | None) -> bool:
    context: dict[str, Any] = {f"kms:EncryptionContext:{k}": v for k, v in ctx.items()}
    if ctx:
        context["kms:EncryptionContextKeys"] = sorted(ctx)
    if source_arn is not None:
        context["aws:SourceArn"] = source_arn
    case = {
        "request": {"principal": GRANTEE, "action": f"kms:{op}", "resource": KEY, "context": context},
        "resource_policy": {"Version": "2012-10-17", "Statement": statements(g) or [{"Effect": "Deny",
                            "Principal": "*", "Action": "*", "Resource": "*"}]},
    }  # fmt: skip
    return simulate(case).allowed


@st.composite
def grants(draw: st.DrawFn) -> Grant:
    ops = tuple(draw(st.lists(st.sampled_from(OPS), min_size=1, max_size=3, unique=True)))
    equals = draw(st.none() | _pairs)
    subset = draw(st.none() | _pairs)
    return Grant("g1", None, GRANTEE, None, None, None, ops, equals, subset, draw(st.none() | _arn), None, "/Grants/0")


@settings(max_examples=300, deadline=None)
@given(grants(), st.sampled_from(OPS), st.dictionaries(_key, _val, max_size=3), st.none() | _arn)
@example(Grant("g", None, GRANTEE, None, None, None, ("Decrypt",), (), None, None, None, ""), "Decrypt", {}, None)
@example(
    Grant("g", None, GRANTEE, None, None, None, ("Decrypt",), (("Dept", "IT"),), None, None, None, ""),
    "Decrypt",
    {"dept": "IT"},
    None,
)
@example(  # shrunk bug: an empty EncryptionContextEquals with a subset pair was read as the subset alone
    Grant("g", None, GRANTEE, None, None, None, ("Decrypt",), (), (("Dept", "it"),), None, None, ""),
    "Decrypt",
    {"Dept": "it"},
    None,
)
def test_statements_agree_with_the_grant_model(g: Grant, op: str, ctx: dict[str, str], source_arn: str | None):
    if (
        _fold(tuple(ctx.items())) is None
        or _fold(g.context_equals or ()) is None
        or _fold(g.context_subset or ()) is None
    ):
        return  # keys that differ only by case: AWS advises against them and leaves the outcome unspecified
    assert evaluated(g, op, ctx, source_arn) == model(g, op, ctx, source_arn)
