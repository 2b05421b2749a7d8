"""Robustness: every AWS managed policy in ``$KEYAKI_CORPORA/aws-managed-policies`` and every
policy document of the real GAAD export in ``$KEYAKI_CORPORA/gaad`` parses, prints back to an equal
AST, and compiles (run with ``make corpus``)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from keyaki.iam import compile_policy, parse_policy, print_policy

pytestmark = pytest.mark.corpus


def _folder(name: str = "aws-managed-policies") -> Path | None:
    root = os.environ.get("KEYAKI_CORPORA")
    folder = Path(root) / name if root else None
    return folder if folder is not None and folder.exists() else None


def _documents(node: Any) -> list[Any]:
    """Every policy document in a get-account-authorization-details export."""
    if isinstance(node, dict):
        out = []
        for key, value in node.items():
            if key in ("Document", "PolicyDocument", "AssumeRolePolicyDocument"):
                out.append(value)
            else:
                out += _documents(value)
        return out
    if isinstance(node, list):
        return [d for item in node for d in _documents(item)]
    return []


def test_every_gaad_policy_parses() -> None:
    folder = _folder("gaad")
    if folder is None:
        pytest.skip("KEYAKI_CORPORA unset or gaad absent")
    docs = [d for path in sorted(folder.glob("*.json")) for d in _documents(json.loads(path.read_text()))]
    assert len(docs) >= 100
    for doc in docs:
        policy = parse_policy(doc)
        assert parse_policy(print_policy(policy)) == policy
        compile_policy(policy)


def test_every_managed_policy_parses() -> None:
    folder = _folder()
    if folder is None:
        pytest.skip("KEYAKI_CORPORA unset or aws-managed-policies absent")
    files = sorted(p for p in folder.iterdir() if p.is_file())
    assert len(files) >= 1500
    parsed = 0
    for path in files:
        text = path.read_text(encoding="utf-8")
        if not text.strip():  # the collection keeps a few deprecated policies as empty files
            continue
        policy = parse_policy(text, file=path.name)
        assert parse_policy(print_policy(policy)) == policy, path.name
        compile_policy(policy)
        parsed += 1
    assert parsed >= 1500
