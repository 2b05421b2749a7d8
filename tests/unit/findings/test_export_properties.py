"""Any finding, whatever its strings, gives a valid report in every format (Hypothesis)."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from typing import Any

import botocore.session
from botocore.validate import validate_parameters
from hypothesis import given, settings
from hypothesis import strategies as st
from test_export_html import parse
from test_export_ocsf import validate_event
from test_export_sarif import validate_sarif

from keyaki.findings.export import EXPORTERS
from keyaki.findings.model import Evidence, Finding, Severity, StandardRef, Status
from keyaki.scan import ScanResult

text = st.text(min_size=0, max_size=60)
nonblank = text.filter(lambda s: s.strip() != "")
account = st.from_regex(r"\A[0-9]{12}\Z")
arn = st.one_of(
    st.builds(lambda a, r: f"arn:aws:s3:::{r}", account, st.from_regex(r"\A[a-z0-9.-]{3,20}\Z")),
    st.builds(lambda a, r: f"arn:aws:iam::{a}:role/{r}", account, text),
    st.builds(lambda a: f"arn:aws:::{a}", account),
    text,  # not even an ARN
)
findings = st.builds(
    Finding.make,
    type=st.sampled_from(["iam/x", "network/internet-exposure", "keyaki/coverage-gap", "s3.bucket_public"]),
    severity=st.sampled_from(list(Severity)),
    title=text,
    resource=arn,
    account=st.one_of(st.none(), account),
    region=st.sampled_from([None, "global", "us-east-1", "eu-west-1"]),
    discriminator=text,
    evidence=st.builds(
        Evidence,
        summary=nonblank,
        details=st.dictionaries(text, st.one_of(text, st.integers(), st.booleans(), st.lists(text, max_size=3))),
        sources=st.lists(text.filter(bool), max_size=3),
    ),
    remediation=text,
    resource_type=st.sampled_from([None, "AWS::S3::Bucket", "AWS::IAM::Role", "AWS::Made::Up"]),
    standards=st.lists(
        st.builds(
            StandardRef,
            standard=st.sampled_from(
                ["cis-aws-foundations-benchmark/v3.0.0", "aws-foundational-security-best-practices/v1.0.0", "x"]
            ),
            control=nonblank,
        ),
        max_size=3,
    ),
)


def with_status(f: Finding, suppressed: str | None) -> Finding:
    return f.model_copy(update={"status": Status.SUPPRESSED, "suppression": suppressed}) if suppressed else f


SHAPE: Any = None


def input_shape() -> Any:
    global SHAPE
    if SHAPE is None:
        model = botocore.session.get_session().get_service_model("securityhub")
        SHAPE = model.operation_model("BatchImportFindings").input_shape
    return SHAPE


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(findings, st.one_of(st.none(), nonblank)), min_size=1, max_size=4))
def test_every_format_stays_valid(items: list[tuple[Finding, str | None]]) -> None:
    result = ScanResult("s", [with_status(f, s) for f, s in items], [], now=datetime(2026, 11, 1, tzinfo=UTC))
    n = len(result.findings)
    validate_sarif(json.loads(EXPORTERS["sarif"](result)))
    asff = json.loads(EXPORTERS["asff"](result))
    validate_parameters({"Findings": asff}, input_shape())
    assert all(len(f["Title"]) <= 256 and len(f["Description"]) <= 1024 for f in asff)
    for event in json.loads(EXPORTERS["ocsf"](result)):
        validate_event(event)
    rows = list(csv.DictReader(io.StringIO(EXPORTERS["csv"](result), newline="")))
    assert [r["id"] for r in rows] == [f.id for f in result.findings]
    html = EXPORTERS["html"](result)
    page = parse(html)
    assert len(page.find("script")) == 1 and html.count("<script") == 1
    assert len([e for e in page.find("details") if "finding" in e["attrs"].get("class", "")]) == n
    titles = [e["text"] for e in page.find("span") if e["attrs"].get("class") == "title"]
    assert titles == [f.title for f in result.findings]
