"""Damaged ``describe-*`` JSON never crashes the analysis: a wrong type or a bad CIDR is ignored or warned."""

from __future__ import annotations

import contextlib
import json
import shutil
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from keyaki.errors import KeyakiError
from keyaki.network.convert import convert
from keyaki.network.exposure import analyze
from keyaki.network.query import reach
from keyaki.snapshot import open_snapshot

CORPUS = Path(__file__).parents[2] / "corpus" / "network"
SOURCE = CORPUS / "alb-443-to-instances"
FILES = sorted(str(p.relative_to(SOURCE)) for p in SOURCE.rglob("*.json") if p.name not in (
    "expected.json", "manifest.json"))
VALUES = st.sampled_from([None, "", "x", 123, -1, [], {}, [1], {"a": 1}, "999.1.1.1/33", True])


def _paths(doc: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix] if prefix else []
    if isinstance(doc, dict):
        for k, v in doc.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            out += _paths(v, (*prefix, i))
    return out


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(FILES), st.integers(0, 10_000), VALUES)
def test_one_damaged_value_never_crashes(tmp_path_factory: Any, rel: str, pick: int, value: Any) -> None:
    root = tmp_path_factory.mktemp("s") / "s"
    shutil.copytree(SOURCE, root)
    doc = json.loads((root / rel).read_text())
    paths = _paths(doc)
    path = paths[pick % len(paths)]
    target = doc
    for k in path[:-1]:
        target = target[k]
    target[path[-1]] = value
    (root / rel).write_text(json.dumps(doc))
    net = convert(open_snapshot(root))
    analyze(net).to_json()
    with contextlib.suppress(KeyakiError):  # a damaged id is bad input, said in one line
        reach(net, "internet", "i-0f0000000000f0001", "tcp", 443)


def test_a_bad_cidr_is_warned_and_its_rule_ignored(tmp_path: Path) -> None:
    shutil.copytree(CORPUS / "public-subnet-ssh-open", tmp_path / "s")
    f = tmp_path / "s" / "us-east-1" / "describe-security-groups.json"
    doc = json.loads(f.read_text())
    doc["SecurityGroups"][0]["IpPermissions"][0]["IpRanges"][0]["CidrIp"] = "0.0.0.0/33"
    f.write_text(json.dumps(doc))
    net = convert(open_snapshot(tmp_path / "s"))
    assert [(w.component, w.id) for w in net.warnings] == [("security-group", "sg-0e000000000000001")]
    assert analyze(net).exposures == []
