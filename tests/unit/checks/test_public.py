"""The outsider search of :mod:`keyaki.checks.public` on real-shaped policies: a witness when public,
a proof on equality operators, NOT_EVALUATED (never PASS) when the answer depends on unknown context."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from keyaki.checks.public import outsider_ip, verdict

NOW = datetime(2026, 11, 1, 12, tzinfo=UTC)
QUEUE = "arn:aws:sqs:us-east-1:111122223333:orders"
SEND = ("sqs:SendMessage", "sqs:ReceiveMessage")


def policy(*statements: dict[str, Any]) -> dict[str, Any]:
    return {"Version": "2012-10-17", "Statement": list(statements)}


def allow(principal: Any = "*", condition: dict[str, Any] | None = None, effect: str = "Allow") -> dict[str, Any]:
    st: dict[str, Any] = {"Effect": effect, "Principal": principal, "Action": "sqs:SendMessage", "Resource": QUEUE}
    if condition:
        st["Condition"] = condition
    return st


def test_unconditional_star_is_public_with_the_allowed_request_as_witness() -> None:
    v = verdict(policy(allow()), [QUEUE], SEND, NOW)
    assert v.outcome == "public"
    assert v.request is not None and v.request["principal"] == "anonymous" and v.request["action"] == "sqs:SendMessage"


def test_named_account_is_not_public() -> None:
    v = verdict(policy(allow({"AWS": "arn:aws:iam::111122223333:root"})), [QUEUE], SEND, NOW)
    assert v.outcome == "not_public"


def test_source_arn_and_org_id_restrict_outsiders() -> None:
    for cond in (
        {"ArnEquals": {"aws:SourceArn": "arn:aws:sns:us-east-1:111122223333:t"}},
        {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}},
        {"StringEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}},
    ):
        assert verdict(policy(allow(condition=cond)), [QUEUE], SEND, NOW).outcome == "not_public", cond


def test_negated_org_condition_admits_outsiders() -> None:
    v = verdict(
        policy(allow(condition={"StringNotEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}})), [QUEUE], SEND, NOW
    )
    assert v.outcome == "public"


def test_a_header_value_the_outsider_chooses_is_found() -> None:
    v = verdict(policy(allow(condition={"StringEquals": {"aws:UserAgent": "internal-client/1.0"}})), [QUEUE], SEND, NOW)
    assert v.outcome == "public" and v.request is not None
    assert v.request["context"]["aws:UserAgent"] == "internal-client/1.0"


def test_like_operator_on_unknown_key_is_not_evaluated_never_pass() -> None:
    v = verdict(
        policy(
            allow(condition={"StringNotLike": {"aws:UserAgent": "*curl*"}}),
            allow(condition={"StringLike": {"aws:Referer": "https://*.example.com/*"}}),
        ),
        [QUEUE],
        SEND,
        NOW,
    )
    assert v.outcome in ("public", "unknown")
    lambda_url = policy(
        {
            "Effect": "Allow",
            "Principal": "*",
            "Action": "lambda:InvokeFunctionUrl",
            "Resource": "arn:aws:lambda:us-east-1:111122223333:function:f",
            "Condition": {"NumericLessThan": {"lambda:FunctionUrlAuthType": "3"}},
        }
    )
    v = verdict(lambda_url, ["arn:aws:lambda:us-east-1:111122223333:function:f"], ("lambda:InvokeFunctionUrl",), NOW)
    assert v.outcome == "unknown" and v.missing == ("lambda:FunctionUrlAuthType",)


def test_an_outsider_may_use_plain_http_or_tls() -> None:
    http_only = policy(allow(condition={"Bool": {"aws:SecureTransport": "false"}}))
    assert verdict(http_only, [QUEUE], SEND, NOW).outcome == "public"
    deny_http = policy(allow(), allow(condition={"Bool": {"aws:SecureTransport": "false"}}, effect="Deny"))
    assert verdict(deny_http, [QUEUE], SEND, NOW).outcome == "public"


def test_ip_allow_list_restricts_and_the_outsider_ip_is_outside_it() -> None:
    office = policy(allow(condition={"IpAddress": {"aws:SourceIp": ["198.51.100.0/24", "203.0.113.0/24"]}}))
    assert outsider_ip(office["Statement"]) not in ("198.51.100.77", "203.0.113.77")
    assert verdict(office, [QUEUE], SEND, NOW).outcome == "not_public"
    not_office = policy(allow(condition={"NotIpAddress": {"aws:SourceIp": "10.0.0.0/8"}}))
    assert verdict(not_office, [QUEUE], SEND, NOW).outcome == "public"


def test_invalid_policy_is_reported_not_judged() -> None:
    v = verdict({"Version": "2012-10-17", "Statement": [{"Effect": "Allow"}]}, [QUEUE], SEND, NOW)
    assert v.outcome == "invalid" and v.error
