"""Policy checks on the baseline with one change: resource-fixed context, conditional grants."""

from __future__ import annotations

from keyaki.checks.catalog import checks
from keyaki.checks.registry import Context, Outcome

from .checks_snapshot import OPTIONS, REGION, SEC, baseline, doc, p, snapshot, stmt

FN = f"arn:aws:lambda:{REGION}:{SEC}:function:api"


def _lambda_outcomes(auth_type: str | None) -> set[Outcome]:
    files = baseline()
    files[p(SEC, "lambda", "get-policy", "api")] = {
        "Policy": doc(
            stmt("Allow", "*", "lambda:InvokeFunctionUrl", FN, {"StringEquals": {"lambda:FunctionUrlAuthType": "NONE"}})
        )
    }
    if auth_type is not None:
        files[p(SEC, "lambda", "get-function-url-config", "api")] = {
            "FunctionUrl": "https://abc.lambda-url.us-east-1.on.aws/",
            "FunctionArn": FN,
            "AuthType": auth_type,
        }
    results = Context(snapshot(files), OPTIONS).run(checks()["lambda_function_public"])
    return {r.outcome for r in results if r.resource == FN}


def test_function_url_auth_type_is_the_resource_value() -> None:
    assert _lambda_outcomes("NONE") == {Outcome.FAIL}
    assert _lambda_outcomes("AWS_IAM") == {Outcome.PASS}
    assert _lambda_outcomes(None) == {Outcome.FAIL}  # unknown URL config: an outsider-friendly value exists


def _admin_outcome(condition: dict[str, object]) -> tuple[Outcome, str]:
    files = baseline()
    gaad = files[f"accounts/{SEC}/global/iam/get-account-authorization-details.json"]
    document = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
    document["Statement"][0]["Condition"] = condition
    gaad["Policies"][0]["PolicyVersionList"][0]["Document"] = document
    results = Context(snapshot(files), OPTIONS).run(checks()["iam_no_admin_policies"])
    (app_read,) = [r for r in results if r.account == SEC and r.resource.endswith("policy/app-read")]
    return app_read.outcome, app_read.summary


def test_time_conditions_are_read_at_the_snapshot_time() -> None:
    assert _admin_outcome({"DateGreaterThan": {"aws:CurrentTime": "2020-01-01T00:00:00Z"}})[0] is Outcome.FAIL
    assert _admin_outcome({"DateGreaterThan": {"aws:CurrentTime": "2030-01-01T00:00:00Z"}})[0] is Outcome.PASS


def test_conditional_admin_grant_is_not_evaluated_never_pass() -> None:
    outcome, summary = _admin_outcome({"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}})
    assert outcome is Outcome.NOT_EVALUATED and "aws:SourceIp" in summary
