"""CloudTrail trails deliver to CloudWatch Logs (Security Hub CloudTrail.5).

https://docs.aws.amazon.com/awscloudtrail/latest/userguide/send-cloudtrail-events-to-cloudwatch-logs.html
"""

from keyaki.checks.cloudtrail._trail import NEEDS, trail_check
from keyaki.checks.registry import Meta
from keyaki.findings.model import Severity

CHECK = trail_check(
    Meta(
        id="cloudtrail_cloudwatch_logs",
        title="CloudTrail trails are integrated with CloudWatch Logs",
        severity=Severity.LOW,
        service="cloudtrail",
        resource_type="AWS::CloudTrail::Trail",
        rationale="Metric filters and alarms on API activity need the trail in CloudWatch Logs.",
        remediation="`aws cloudtrail update-trail --name TRAIL --cloud-watch-logs-log-group-arn LOG_GROUP_ARN "
        "--cloud-watch-logs-role-arn ROLE_ARN`",
        doc="https://docs.aws.amazon.com/awscloudtrail/latest/userguide/send-cloudtrail-events-to-cloudwatch-logs.html",
        needs=NEEDS,
    ),
    lambda t: bool(t.cloudwatch_logs),
    lambda t: f"has CloudWatchLogsLogGroupArn={t.cloudwatch_logs}",
)
