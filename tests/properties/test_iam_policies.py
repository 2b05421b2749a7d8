"""Hypothesis properties of the IAM parser: parse → print → parse round trips, and mutated
policies give an AST or a located PolicyError, never another exception (whatever parses also
compiles and evaluates)."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st

from keyaki.errors import PolicyError
from keyaki.iam import compile_policy, parse_policy
from keyaki.iam.ast import CONDITION_OPERATORS, VERSIONS
from keyaki.iam.evaluate import Request
from keyaki.iam.printer import print_policy, to_json

# --- strategies: valid policy documents, in every form IAM accepts ---------------------------

_word = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABC0123456789-_", min_size=1, max_size=8)
_pattern = st.text(alphabet="abcXYZ019-_/*?${}:.", min_size=0, max_size=12)
services = st.sampled_from(["s3", "ec2", "iam", "kms", "sts", "sqs"])
actions = st.builds(lambda s, a: f"{s}:{a}", services, st.one_of(st.just("*"), _word, _pattern)) | st.just("*")
resources = st.one_of(
    st.just("*"),
    st.builds(lambda s, r: f"arn:aws:{s}:::{r}", services, _pattern),
    st.builds(lambda s, a, r: f"arn:aws:{s}:us-east-1:{a}:{r}", services, st.just("111122223333"), _pattern),
)


def one_or_many(items: st.SearchStrategy[str]) -> st.SearchStrategy[Any]:
    return st.one_of(items, st.lists(items, min_size=1, max_size=3))


principals = st.one_of(
    st.just("*"),
    st.dictionaries(
        st.sampled_from(["AWS", "Service", "Federated", "CanonicalUser"]),
        one_or_many(st.one_of(st.just("111122223333"), st.just("arn:aws:iam::111122223333:role/r"), _word)),
        min_size=1,
        max_size=3,
    ),
)
_operator = st.builds(
    lambda prefix, base, suffix: f"{prefix}{base}{suffix if base != 'Null' else ''}",
    st.sampled_from(["", "ForAllValues:", "ForAnyValue:"]),
    st.sampled_from(sorted(CONDITION_OPERATORS - {"Null"})),
    st.sampled_from(["", "IfExists"]),
) | st.just("Null")
_cond_value = st.one_of(_pattern, st.integers(-5, 5), st.booleans())
conditions = st.dictionaries(
    _operator,
    st.dictionaries(
        st.builds(lambda s, k: f"{s}:{k}", st.sampled_from(["aws", "s3", "ec2"]), _word),
        st.one_of(_cond_value, st.lists(_cond_value, min_size=1, max_size=3)),
        min_size=1,
        max_size=2,
    ),
    min_size=1,
    max_size=2,
)


@st.composite
def statements(draw: st.DrawFn) -> dict[str, Any]:
    s: dict[str, Any] = {}
    if draw(st.booleans()):
        s["Sid"] = draw(_word)
    s["Effect"] = draw(st.sampled_from(["Allow", "Deny"]))
    if draw(st.integers(0, 3)) == 0:
        s[draw(st.sampled_from(["Principal", "NotPrincipal"]))] = draw(principals)
    s[draw(st.sampled_from(["Action", "NotAction"]))] = draw(one_or_many(actions))
    if draw(st.integers(0, 4)):
        s[draw(st.sampled_from(["Resource", "NotResource"]))] = draw(one_or_many(resources))
    if draw(st.booleans()):
        s["Condition"] = draw(conditions)
    return s


@st.composite
def policies(draw: st.DrawFn) -> dict[str, Any]:
    doc: dict[str, Any] = {}
    if draw(st.integers(0, 4)):
        doc["Version"] = draw(st.sampled_from(VERSIONS))
    if draw(st.integers(0, 4)) == 0:
        doc["Id"] = draw(_word)
    doc["Statement"] = draw(st.one_of(statements(), st.lists(statements(), max_size=4)))
    return doc


# --- round trip --------------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(policies())
def test_parse_print_parse(doc: dict[str, Any]) -> None:
    policy = parse_policy(doc)
    assert to_json(policy) == doc
    assert parse_policy(print_policy(policy)) == policy
    assert parse_policy(json.dumps(doc)) == policy


# --- fuzz ----------------------------------------------------------------------------------------

_junk = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=5), st.floats(allow_nan=False)),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=5), inner, max_size=3)),
    max_leaves=6,
)
REQUEST = Request.make(
    "arn:aws:iam::111122223333:user/alice",
    "s3:GetObject",
    "arn:aws:s3:::b/k",
    context={"aws:username": "alice"},
)


def _paths(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [path]
    if isinstance(node, dict):
        for k, v in node.items():
            out += _paths(v, (*path, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += _paths(v, (*path, i))
    return out


def _replace(doc: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    copy = json.loads(json.dumps(doc))
    node = copy
    for p in path[:-1]:
        node = node[p]
    node[path[-1]] = value
    return copy


def _check(source: Any) -> None:
    try:
        policy = parse_policy(source)
    except PolicyError as err:
        assert err.location or "line" in err.message, err
        return
    compile_policy(policy).evaluate(REQUEST, REQUEST.new_context())


@settings(max_examples=300, deadline=None)
@given(policies(), st.data())
def test_structural_mutations(doc: dict[str, Any], data: st.DataObject) -> None:
    path = data.draw(st.sampled_from(_paths(doc)))
    _check(_replace(doc, path, data.draw(_junk)))


@settings(max_examples=300, deadline=None)
@given(policies(), st.data())
@example({"Statement": []}, None)
def test_text_mutations(doc: dict[str, Any], data: st.DataObject | None) -> None:
    text = json.dumps(doc)
    if data is not None:
        pos = data.draw(st.integers(0, len(text)))
        cut = data.draw(st.integers(0, 3))
        text = text[:pos] + data.draw(st.text(alphabet='{}[]",:*\\ ax0', max_size=3)) + text[pos + cut :]
    _check(text)


def test_deep_nesting_is_an_error_not_a_crash() -> None:
    _check("[" * 5000 + "]" * 5000)
    _check('{"Statement": ' + "[" * 5000 + "]" * 5000 + "}")
