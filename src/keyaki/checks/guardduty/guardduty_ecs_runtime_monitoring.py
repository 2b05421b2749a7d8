"""GuardDuty ECS Fargate Runtime Monitoring is enabled (Security Hub GuardDuty.12).

https://docs.aws.amazon.com/securityhub/latest/userguide/guardduty-controls.html
"""

from keyaki.checks.guardduty._feature import feature_check

CHECK = feature_check(
    "guardduty_ecs_runtime_monitoring",
    "ECS Fargate Runtime Monitoring",
    "RUNTIME_MONITORING",
    "ECS_FARGATE_AGENT_MANAGEMENT",
)
