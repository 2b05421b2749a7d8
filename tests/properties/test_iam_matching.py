"""Fast paths agree with trivially correct models (STYLE.md habit 1).

- the linear wildcard matcher ≡ a regex built from the pattern (safe here: tiny inputs);
- the ARN matcher ≡ per-segment regex matching;
- the service-indexed compiled policy ≡ evaluating every statement one by one.
"""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from keyaki.iam.evaluate import CompiledPolicy, Request, compile_statement
from keyaki.iam.parse import parse_policy
from keyaki.iam.wildcard import arn_match, glob

_pat = st.text(alphabet="ab*?", max_size=8)
_val = st.text(alphabet="ab", max_size=10)


def model(pattern: str, value: str) -> bool:
    rx = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    return re.fullmatch(rx, value, re.DOTALL) is not None


@settings(max_examples=500, deadline=None)
@given(_pat, _val)
@example("*a*a*b", "aab")
@example("a*?*b", "ab")
def test_glob_matches_the_regex_model(pattern: str, value: str) -> None:
    assert glob(pattern, value) is model(pattern, value)


_seg_pat = st.text(alphabet="ab*?/", max_size=4)
_seg_val = st.text(alphabet="ab/", max_size=4)


@settings(max_examples=300, deadline=None)
@given(st.lists(_seg_pat, min_size=3, max_size=3), st.lists(_seg_val, min_size=3, max_size=3), _seg_val)
def test_arn_match_is_per_segment(pats: list[str], vals: list[str], tail: str) -> None:
    pattern = f"arn:aws:{pats[0]}:{pats[1]}:{pats[2]}:res/*"
    arn = f"arn:aws:{vals[0]}:{vals[1]}:{vals[2]}:res/{tail}"
    expected = all(model(p, v) for p, v in zip(pats, vals, strict=True))
    assert arn_match(pattern, arn) is expected


_actions = st.sampled_from(["s3:GetObject", "s3:PutObject", "ec2:RunInstances", "iam:PassRole", "kms:Decrypt"])
_action_pats = st.sampled_from(["s3:*", "s3:Get*", "*", "ec2:Run?nstances", "*:PassRole", "IAM:pass*", "kms:Decrypt"])


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["Allow", "Deny"]), st.booleans(), st.lists(_action_pats, min_size=1, max_size=3)),
        min_size=1,
        max_size=5,
    ),
    _actions,
)
def test_service_index_agrees_with_every_statement(stmts: list[tuple[str, bool, list[str]]], action: str) -> None:
    doc = {
        "Statement": [
            {"Effect": effect, ("NotAction" if negate else "Action"): pats, "Resource": "*"}
            for effect, negate, pats in stmts
        ]
    }
    policy = parse_policy(doc)
    req = Request.make("arn:aws:iam::111122223333:user/alice", action, "arn:aws:s3:::b/k")
    indexed = [m.index for m in CompiledPolicy(policy).evaluate(req, req.new_context())]
    one_by_one = [
        s.index
        for s in policy.statements
        if compile_statement(s, False).applies(req, action.lower(), req.new_context())
    ]
    assert indexed == one_by_one
