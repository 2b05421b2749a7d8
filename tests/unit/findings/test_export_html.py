"""HTML: one self-contained page (no external resource), everything escaped, filters, scores, evidence."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from keyaki.findings.export import EXPORTERS
from keyaki.scan import ScanResult


class Page(HTMLParser):
    """Every element (tag, attributes, text inside) of the page, and the scripts' text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[dict[str, Any]] = []
        self.open: list[dict[str, Any]] = []
        self.scripts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        el = {"tag": tag, "attrs": dict(attrs), "text": ""}
        self.elements.append(el)
        if tag not in ("meta", "input", "br", "img", "link"):
            self.open.append(el)

    def handle_endtag(self, tag: str) -> None:
        while self.open:
            if self.open.pop()["tag"] == tag:
                break

    def handle_data(self, data: str) -> None:
        for el in self.open:
            el["text"] += data
        if self.open and self.open[-1]["tag"] == "script":
            self.scripts.append(data)

    def find(self, tag: str, **attrs: str) -> list[dict[str, Any]]:
        return [e for e in self.elements if e["tag"] == tag and all(e["attrs"].get(k) == v for k, v in attrs.items())]

    def by_id(self, id_: str) -> dict[str, Any]:
        (el,) = [e for e in self.elements if e["attrs"].get("id") == id_]
        return el


def parse(text: str) -> Page:
    page = Page()
    page.feed(text)
    page.close()
    return page


def test_self_contained_and_escaped(result: ScanResult) -> None:
    text = EXPORTERS["html"](result)
    page = parse(text)
    assert text.startswith("<!DOCTYPE html>")
    assert len(page.find("script")) == 1 and "src" not in page.find("script")[0]["attrs"]
    assert text.count("<script") == 1  # the title's <script> is text, not markup
    assert not page.find("img") and not page.find("link") and not page.find("iframe")
    for el in page.elements:
        for name, value in el["attrs"].items():
            assert not (name in ("src", "href", "action") and value and "://" in value), (el["tag"], name, value)
    assert "://" not in re.sub(r"(?i)hyperlink\(&quot;http://evil", "", text)  # no URL but the hostile data
    hostile = next(e for e in page.find("span") if e["attrs"].get("class") == "title" and "alert" in e["text"])
    assert hostile["text"] == 'Role <script>alert("x")</script> trusts 999999999999 & "friends"'
    assert "</pre><img src=x onerror=alert(1)>" in text.replace("&lt;", "<").replace("&gt;", ">")


def test_every_finding_with_its_evidence(result: ScanResult) -> None:
    page = parse(EXPORTERS["html"](result))
    rows = [e for e in page.find("details") if "finding" in e["attrs"].get("class", "")]
    assert [r["attrs"]["data-severity"] for r in rows] == [f.severity.value for f in result.findings]
    assert [r["attrs"]["data-type"] for r in rows] == [f.type for f in result.findings]
    root = rows[0]
    assert root["attrs"]["data-account"] == "111122223333" and root["attrs"]["data-suppressed"] == "0"
    assert "the credential report shows access_key_1_active=true" in root["text"]
    assert "accounts/111122223333/global/iam/get-credential-report.json" in root["text"]
    assert "Delete the root user's access keys" in root["text"]
    pre = next(p for p in page.find("pre") if "access_key_1_last_rotated" in p["text"])
    assert json.loads(pre["text"])["access_key_1_last_rotated"] == "2019-03-04T10:11:12+00:00"


def test_filters_scores_and_gaps(result: ScanResult) -> None:
    page = parse(EXPORTERS["html"](result))
    for id_ in ("f-severity", "f-type", "f-account", "f-text", "f-suppressed"):
        page.by_id(id_)
    type_options = [
        o["attrs"]["value"] for o in page.find("option") if o["attrs"]["value"] in {f.type for f in result.findings}
    ]
    assert sorted(type_options) == sorted({f.type for f in result.findings})
    scores = page.by_id("scores")["text"]
    assert "cis-aws-foundations-benchmark/v3.0.0" in scores and "86%" in scores and "83%" in scores
    assert "111122223333" in scores and "aws-foundational-security-best-practices/v1.0.0" in scores
    gaps = page.by_id("gaps")["text"]
    assert "accounts/777788889999/eu-west-1/kms/list-keys.json" in gaps and "AccessDenied" in gaps
    assert "analysis network failed: KeyError: 'VpcId'" in gaps


def test_without_scores_or_findings(build: Any) -> None:
    page = parse(EXPORTERS["html"](build([], scores=False)))
    assert "no posture scores" in page.by_id("scores")["text"]
    assert "no findings" in page.by_id("list")["text"]


def test_suppressed_is_shown_as_suppressed(suppressed_result: ScanResult) -> None:
    page = parse(EXPORTERS["html"](suppressed_result))
    rows = [e for e in page.find("details") if "finding" in e["attrs"].get("class", "")]
    assert len(rows) == len(suppressed_result.findings)
    (bucket,) = [r for r in rows if r["attrs"]["data-suppressed"] == "1"]
    assert "suppressed" in bucket["text"] and "public website, approved in SEC-1234" in bucket["text"]
    assert "show suppressed (1)" in page.by_id("filters")["text"]


def test_suppression_report_is_shown(suppressed_result: ScanResult) -> None:
    suppressed_result.sections["suppressions"] = {
        "file": "accepted-risks.yaml",
        "rules": 3,
        "suppressed": 1,
        "applied": [{"rule": 0, "reason": "public website", "findings": 1}],
        "expired": [{"rule": 1, "reason": "old <b>exception</b>", "expires": "2026-01-01"}],
        "unused": [{"rule": 2, "reason": "nothing matches"}],
    }
    text = EXPORTERS["html"](suppressed_result)
    section = parse(text).by_id("suppressions")["text"]
    assert "1 findings suppressed by 3 rules from accepted-risks.yaml" in section
    assert "rule 1: old <b>exception</b> (expires 2026-01-01)" in section  # escaped: text, not markup
    assert "rule 2: nothing matches" in section
    assert "<b>exception" not in text


CHROMIUM = shutil.which("chromium")


def dump_dom(url: str, tmp_path: Path) -> Page:
    """The page's DOM after its script ran, from headless Chromium."""
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}",
    ]
    assert CHROMIUM is not None
    out = subprocess.run(
        [CHROMIUM, *flags, "--dump-dom", url], capture_output=True, text=True, timeout=60, check=True
    ).stdout
    return parse(out)


@pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium not installed (apt-get install chromium)")
def test_filters_run_in_headless_chromium(suppressed_result: ScanResult, tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    page.write_text(EXPORTERS["html"](suppressed_result), encoding="utf-8")
    dom = dump_dom(page.as_uri(), tmp_path)
    total = len(suppressed_result.findings)
    assert dom.by_id("f-count")["text"] == f"{total - 1} of {total} shown"  # the script ran: suppressed hidden
    (hidden,) = [e for e in dom.find("details") if "hidden" in e["attrs"]]
    assert hidden["attrs"]["data-suppressed"] == "1"


@pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium not installed (apt-get install chromium)")
@pytest.mark.parametrize(
    ("fragment", "shown"),
    [
        ("severity=HIGH", {"network/internet-exposure"}),  # the HIGH public bucket is suppressed: hidden
        ("severity=HIGH&suppressed=1", {"network/internet-exposure", "access/public-resource"}),
        ("text=payments-nothing", set()),
        ("text=KMS%20KEY", {"kms/key-rotation-disabled"}),  # case-insensitive, in the title
        ("account=777788889999", {"keyaki/coverage-gap"}),
        ("type=iam/root-access-key", {"iam/root-access-key"}),
    ],
)
def test_filters_from_the_link(fragment: str, shown: set[str], suppressed_result: ScanResult, tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    page.write_text(EXPORTERS["html"](suppressed_result), encoding="utf-8")
    dom = dump_dom(f"{page.as_uri()}#{fragment}", tmp_path)
    rows = [e for e in dom.find("details") if "finding" in e["attrs"].get("class", "")]
    assert {e["attrs"]["data-type"] for e in rows if "hidden" not in e["attrs"]} == shown
    assert dom.by_id("f-count")["text"] == f"{len(shown)} of {len(rows)} shown"
