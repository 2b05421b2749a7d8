"""The CloudWatch Logs JSON filter-pattern evaluator: syntax, three-valued answers, errors with columns,
and the CIS benchmark's own patterns against the sample events of their controls."""

from __future__ import annotations

from importlib import import_module
from typing import Any

import pytest

from keyaki.checks.catalog import CHECK_MODULES
from keyaki.checks.cloudwatch._events import ROOT, USER, api, console_login
from keyaki.checks.cloudwatch._pattern import FilterPatternError, parse

EVENT: dict[str, Any] = {
    "eventName": "ConsoleLogin",
    "errorCode": "Client.UnauthorizedOperation",
    "sourceIPAddress": "198.51.100.7",
    "bytes": 80,
    "readOnly": False,
    "managementEvent": True,
    "responseElements": None,
    "resources": [{"ARN": "arn:aws:s3:::bucket"}, {"ARN": "arn:aws:kms:us-east-1:123456789012:key/k"}],
    "userIdentity": {"type": "IAMUser", "userName": "Alice"},
}


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ('{ $.eventName = "ConsoleLogin" }', True),
        ("{ $.eventName = ConsoleLogin }", True),
        ('{ $.eventName = "consolelogin" }', False),  # case-sensitive
        ('{ $.eventName != "ConsoleLogin" }', False),
        ('{ $.errorCode = "*UnauthorizedOperation" }', True),
        ('{ $.errorCode = "Client.*" }', True),
        ('{ $.errorCode = "*Unauthorized*" }', True),
        ('{ $.errorCode = "AccessDenied*" }', False),
        ("{ $.sourceIPAddress != 123.123.* }", True),
        ("{ $.sourceIPAddress = 198.51.* }", True),
        ("{ $.bytes > 75 }", True),
        ("{ $.bytes <= 79.5 }", False),
        ("{ $.bytes = 80 }", True),
        ("{ $.bytes != 80 }", False),
        ("{ $.readOnly IS FALSE }", True),
        ("{ $.managementEvent IS TRUE }", True),
        ("{ $.readOnly IS TRUE }", False),
        ("{ $.responseElements IS NULL }", True),
        ("{ $.userIdentity.invokedBy NOT EXISTS }", True),
        ("{ $.userIdentity.type NOT EXISTS }", False),
        ('{ $.resources[1].ARN = "arn:aws:kms:*" }', True),
        ('{ $.resources[2].ARN = "*" }', False),
        ('{ $.userIdentity.type = "IAMUser" && $.bytes > 100 }', False),
        ('{ $.userIdentity.type = "Root" || $.bytes > 10 }', True),
        ('{ ($.eventName = "X") || (($.bytes = 80) && ($.readOnly IS FALSE)) }', True),
        ("{$.eventName=ConsoleLogin&&$.bytes>1}", True),
        ("", True),  # the empty pattern matches every event
        ('{ $.missing = "x" }', False),
        ('{ $.missing != "x" }', None),  # a field the event lacks: undecided, never a guess
        ('{ $.bytes = "80" }', None),  # a string compared with a number
        ("{ $.bytes = 80 || $.missing != x }", True),  # Kleene OR: decided by its true operand
        ("{ $.bytes = 81 && $.missing != x }", False),
    ],
)
def test_matches(pattern: str, expected: bool | None) -> None:
    assert parse(pattern).matches(EVENT) is expected


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        # && and || mixed without parentheses: read with && binding tighter and left to right.
        ('{ $.bytes = 80 || $.bytes = 1 && $.eventName = "X" }', None),  # True vs False: undecided
        ('{ $.bytes = 1 || $.bytes = 80 && $.eventName = "ConsoleLogin" }', True),  # both readings agree
        ('{ $.bytes = 1 || $.bytes = 2 && $.eventName = "ConsoleLogin" }', False),
    ],
)
def test_mixed_operators_without_parentheses(pattern: str, expected: bool | None) -> None:
    assert parse(pattern).matches(EVENT) is expected


@pytest.mark.parametrize(
    ("pattern", "location", "fragment"),
    [
        ("ERROR", "column 1", "only JSON filter patterns"),
        ('"Failed authentication"', "column 1", "only JSON filter patterns"),
        ("{ $.eventName = }", "column 17", "expected a value"),
        ("{ $.eventName = %Console.*% }", "column 17", "regular expressions"),
        ("{ ($.eventName = X }", "column 20", "expected `)`"),
        ("{ $.eventName = X", "column 18", "expected `}`"),
        ("{ eventName = X }", "column 3", "expected a selector"),
        ("{ $.eventName ~ X }", "column 15", "expected a comparison operator"),
        ('{ $.eventName = "open }', "column 17", "cannot read"),
        ("{ $.bytes > abc }", "column 13", "compares numbers"),
        ("{ $.x IS MAYBE }", "column 10", "TRUE, FALSE or NULL"),
        ("{ $.x NOT THERE }", "column 11", "EXISTS"),
        ("{ $.* = X }", "column 4", "cannot read the selector"),
        ("{ $.a = X } extra", "column 13", "after the closing"),
    ],
)
def test_unreadable_patterns_say_where(pattern: str, location: str, fragment: str) -> None:
    with pytest.raises(FilterPatternError) as err:
        parse(pattern)
    assert err.value.location == location
    assert fragment in err.value.message


MONITORING = [import_module(f"keyaki.checks.{m}") for m in CHECK_MODULES if m.startswith("cloudwatch.")]


@pytest.mark.parametrize("module", MONITORING, ids=lambda m: m.CHECK.id)
def test_the_benchmark_pattern_counts_every_sample_event_of_its_control(module: Any) -> None:
    pattern = parse(module.REFERENCE)
    assert module.EVENTS
    assert [(label, pattern.matches(e)) for label, e in module.EVENTS] == [(label, True) for label, _ in module.EVENTS]


def test_the_patterns_tell_events_apart() -> None:
    by_id = {m.CHECK.id: parse(m.REFERENCE) for m in MONITORING}
    mfa = by_id["cloudwatch_console_login_without_mfa_monitored"]
    assert mfa.matches(console_login(identity=USER, success=True, mfa="Yes")) is False
    assert mfa.matches(console_login(identity=USER, success=False, mfa="No")) is False
    root = by_id["cloudwatch_root_usage_monitored"]
    assert root.matches(api("iam.amazonaws.com", "ListUsers")[1]) is False
    by_service = api("s3.amazonaws.com", "PutObject", identity=ROOT | {"invokedBy": "cloudtrail.amazonaws.com"})
    assert root.matches(by_service[1]) is False
    unauthorized = by_id["cloudwatch_unauthorized_api_calls_monitored"]
    head = api("s3.amazonaws.com", "HeadBucket", errorCode="AccessDenied")[1]
    assert unauthorized.matches(head) is False
    assert (
        by_id["cloudwatch_cmk_disable_or_deletion_monitored"].matches(api("kms.amazonaws.com", "EnableKey")[1]) is False
    )
