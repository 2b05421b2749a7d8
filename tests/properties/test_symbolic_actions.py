"""The finite action domain is exact: every action name shares its region (the set of the query's
patterns it matches) with one of the representatives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from keyaki.iam.wildcard import glob
from keyaki.symbolic.actions import UNLISTED, ActionDomain

NAMES = st.text(alphabet="abcg", min_size=1, max_size=5)
PATTERNS = st.lists(
    st.tuples(st.sampled_from(["s3", "ec2"]), NAMES, st.booleans()).map(
        lambda t: f"{t[0]}:{t[1]}{'*' if t[2] else ''}"
    ),
    max_size=6,
)


@settings(max_examples=300, deadline=None)
@given(PATTERNS, st.sampled_from(["s3", "ec2", "iam"]), NAMES, st.booleans())
def test_every_action_has_a_representative(patterns: list[str], svc: str, name: str, restrict: bool) -> None:
    services = frozenset({"s3", "ec2", "iam"}) if restrict else None
    domain = ActionDomain.build([*patterns, "s3:*"], services)
    assert domain is not None
    action = f"{svc}:{name}"
    region = tuple(glob(p, action) for p in patterns)
    reps = [n for n in domain.names if not n.startswith(UNLISTED)]
    assert any(tuple(glob(p, r) for p in patterns) == region and r.split(":")[0] == svc for r in reps) or (
        services is None and all(not glob(p, action) for p in patterns)
    )
