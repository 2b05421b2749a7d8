"""`keyaki check guardrails-deny --snapshot --target`: SCP guarantees proven from a snapshot's organisation.

The demo plants an SCP denying `iam:CreateAccessKey` on OU Prod (docs/demo.md, #9): proven there, and
refuted (with a replayed witness) on OU Dev, which has no such SCP.
"""

from __future__ import annotations

import json

from keyaki.cli.scan import demo_path
from keyaki.snapshot import open_snapshot
from keyaki.snapshot.views.organizations import load_organization

PROD_OU, DEV_OU = "ou-a1b2-pr0dw0rk", "ou-a1b2-devw0rk1"


def test_target_paths_for_accounts_ous_and_roots():
    org = load_organization(open_snapshot(demo_path()))
    assert org.target_path(PROD_OU) == ["r-a1b2", "ou-a1b2-w0rk10ad", PROD_OU]
    assert org.target_path("333333333333") == ["r-a1b2", "ou-a1b2-w0rk10ad", PROD_OU, "333333333333"]
    assert org.target_path("r-a1b2") == ["r-a1b2"]
    assert org.target_path("ou-a1b2-unknown0") == []


def test_prod_ou_cannot_create_access_keys(cli):
    code, out, err = cli(
        "check",
        "guardrails-deny",
        "--snapshot",
        str(demo_path()),
        "--target",
        PROD_OU,
        "--actions",
        "iam:CreateAccessKey",
        "--format",
        "json",
    )
    assert code == 0, err
    assert json.loads(out)["result"] == "PASS"


def test_dev_ou_can_and_the_witness_replays(cli):
    code, out, err = cli(
        "check",
        "guardrails-deny",
        "--snapshot",
        str(demo_path()),
        "--target",
        DEV_OU,
        "--actions",
        "iam:CreateAccessKey",
        "--format",
        "json",
    )
    assert code == 1, err
    report = json.loads(out)
    assert report["result"] == "FAIL"
    assert report["witness"]["request"]["action"].lower() == "iam:createaccesskey"


def test_bad_target_and_missing_pair_are_usage_errors(cli):
    code, _, err = cli(
        "check",
        "guardrails-deny",
        "--snapshot",
        str(demo_path()),
        "--target",
        "ou-nope",
        "--actions",
        "iam:CreateAccessKey",
    )
    assert code == 2 and "`--target ou-nope`" in err
    code, _, err = cli("check", "guardrails-deny", "--target", PROD_OU, "--actions", "iam:CreateAccessKey")
    assert code == 2 and "go together" in err
