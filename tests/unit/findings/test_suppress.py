"""Suppression rules: matching, expiry, reports, and one-line errors with the YAML location."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from keyaki.errors import BadInput
from keyaki.findings.model import Finding, Status
from keyaki.findings.suppress import apply_rules, finding_tags, load_rules, parse_rules
from keyaki.scan import ScanResult

TODAY = date(2026, 11, 1)

RULES = """\
version: 1
suppressions:
  - reason: public website, approved in SEC-1234
    resource: "arn:aws:s3:::acme-public-*"
    expires: 2027-01-31
  - reason: sandbox accounts are throwaway
    account: "777788889999"
    type: ["keyaki/*"]
  - reason: payments keys rotate through re-encryption
    tags: {team: pay*}
  - reason: old exception
    type: network/internet-exposure
    expires: 2026-10-31
  - reason: nothing matches this
    region: ap-southeast-7
"""


def suppressed(findings: list[Finding]) -> dict[str, str | None]:
    return {f.type: f.suppression for f in findings if f.status is Status.SUPPRESSED}


def test_rules_mark_findings_and_drop_none(result: ScanResult) -> None:
    out, report = apply_rules(result.findings, parse_rules(RULES, "rules.yaml"), TODAY)
    assert [f.id for f in out] == [f.id for f in result.findings]  # same findings, same order
    assert suppressed(out) == {
        "access/public-resource": "public website, approved in SEC-1234",
        "keyaki/coverage-gap": "sandbox accounts are throwaway",
        "kms/key-rotation-disabled": "payments keys rotate through re-encryption",
    }
    assert report["suppressed"] == 3
    assert report["applied"] == [
        {"rule": 0, "reason": "public website, approved in SEC-1234", "expires": "2027-01-31", "findings": 1},
        {"rule": 1, "reason": "sandbox accounts are throwaway", "findings": 1},
        {"rule": 2, "reason": "payments keys rotate through re-encryption", "findings": 1},
    ]
    # the expired rule is reported and not applied: SSH stays active
    assert report["expired"] == [{"rule": 3, "reason": "old exception", "expires": "2026-10-31"}]
    assert report["unused"] == [{"rule": 4, "reason": "nothing matches this"}]
    ssh = next(f for f in out if f.type == "network/internet-exposure")
    assert ssh.status is Status.ACTIVE and ssh.suppression is None


def test_expiry_is_inclusive(result: ScanResult) -> None:
    rules = parse_rules(RULES, "rules.yaml")
    _, on_the_day = apply_rules(result.findings, rules, date(2026, 10, 31))
    assert on_the_day["expired"] == [] and on_the_day["suppressed"] == 4
    _, later = apply_rules(result.findings, rules, date(2027, 2, 1))
    assert [r["rule"] for r in later["expired"]] == [0, 3]


def test_all_criteria_must_match(result: ScanResult) -> None:
    rules = parse_rules("suppressions:\n  - reason: r\n    account: '111122223333'\n    type: kms/*\n", "rules.yaml")
    out, report = apply_rules(result.findings, rules, TODAY)
    assert suppressed(out) == {} and report["unused"] == [{"rule": 0, "reason": "r"}]


def test_first_matching_rule_wins_and_ids_match(result: ScanResult) -> None:
    root = result.findings[0]
    rules = parse_rules(
        f"suppressions:\n  - reason: by id\n    id: {root.id}\n  - reason: by type\n    type: iam/root-access-key\n",
        "r.yaml",
    )
    out, report = apply_rules(result.findings, rules, TODAY)
    assert out[0].suppression == "by id" and report["unused"] == [{"rule": 1, "reason": "by type"}]


def test_tags_in_every_aws_shape(result: ScanResult) -> None:
    by_type = {f.type: f for f in result.findings}
    assert finding_tags(by_type["access/public-resource"]) == {"Environment": "sandbox", "Owner": "web"}
    assert finding_tags(by_type["kms/key-rotation-disabled"]) == {"team": "payments"}
    lam = by_type["iam/root-access-key"].model_copy(
        update={
            "evidence": by_type["iam/root-access-key"].evidence.model_copy(update={"details": {"tags": {"a": "b"}}})
        }
    )
    assert finding_tags(lam) == {"a": "b"}
    assert finding_tags(by_type["network/internet-exposure"]) == {}


def test_account_ids_are_never_read_as_numbers() -> None:
    rules = parse_rules("suppressions:\n  - reason: r\n    account: 012345670123\n", "r.yaml")
    assert rules.suppressions[0].account == ["012345670123"]  # YAML 1.1 would read an octal number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "suppressions:\n  - reason: r\n    acount: '1'\n",
            "r.yaml: /suppressions/0/acount (line 3, column 13): extra inputs are not permitted",
        ),
        ("suppressions:\n  - account: '1'\n", "r.yaml: /suppressions/0/reason (line 2, column 5): field required"),
        (
            "suppressions:\n  - reason: r\n    expires: next week\n",
            "r.yaml: /suppressions/0/expires (line 3, column 14): input should be a valid date or datetime, "
            "input is too short",
        ),
        (
            "suppressions:\n  - reason: everything\n",
            "r.yaml: /suppressions/0 (line 2, column 5): a rule needs at least one of id, type, resource, account, "
            "region, tags (it would suppress everything)",
        ),
        (
            "suppressions:\n  - reason: '  '\n    type: x\n",
            "r.yaml: /suppressions/0/reason (line 2, column 13): reason must not be empty",
        ),
        (
            "version: 2\nsuppressions: []\n",
            "r.yaml: /version (line 1, column 10): unknown suppressions file version `2` (this keyaki reads version 1)",
        ),
        (
            "suppressions:\n  - reason: r\n    type: [a, b\n",
            "r.yaml: line 4, column 1: not valid YAML: expected ',' or ']', but got '<stream end>'",
        ),
        ("- reason: r\n", "r.yaml: line 1: expected a mapping with a `suppressions` list"),
        ("", "r.yaml: line 1: expected a mapping with a `suppressions` list"),
    ],
)
def test_bad_files_are_one_line_errors(text: str, expected: str) -> None:
    with pytest.raises(BadInput) as err:
        parse_rules(text, "r.yaml")
    assert err.value.render() == expected
    assert "\n" not in err.value.render()


def test_load_from_disk(tmp_path: Path) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text(RULES, encoding="utf-8")
    assert len(load_rules(path).suppressions) == 5
    with pytest.raises(BadInput, match=r"missing.yaml: cannot read the suppressions file: no such file"):
        load_rules(tmp_path / "missing.yaml")
