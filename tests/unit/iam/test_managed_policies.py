"""Robustness: every AWS managed policy in ``$KEYAKI_CORPORA/aws-managed-policies`` parses,
prints back to an equal AST, and compiles (run with ``make corpus``)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from keyaki.iam import compile_policy, parse_policy, print_policy

pytestmark = pytest.mark.corpus


def _folder() -> Path | None:
    root = os.environ.get("KEYAKI_CORPORA")
    folder = Path(root) / "aws-managed-policies" if root else None
    return folder if folder is not None and folder.is_dir() else None


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
