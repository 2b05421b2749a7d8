"""AWS Config uses its service-linked role (Security Hub Config.1).

The recorder's role must be ``aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig``.
https://docs.aws.amazon.com/config/latest/developerguide/using-service-linked-roles.html
"""

from __future__ import annotations

from collections.abc import Iterator

from keyaki.checks.registry import Check, Meta, Result, Scope, Where
from keyaki.findings.model import Severity
from keyaki.snapshot.views import configservice
from keyaki.snapshot.views.configservice import ConfigService

SLR = "/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig"

META = Meta(
    id="config_service_linked_role",
    title="AWS Config records with its service-linked role",
    severity=Severity.LOW,
    service="config",
    resource_type="AWS::Config::ConfigurationRecorder",
    rationale="The service-linked role has exactly the read permissions Config needs, maintained by AWS.",
    remediation="`aws configservice put-configuration-recorder --configuration-recorder "
    "name=default,roleARN=arn:aws:iam::ACCOUNT:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`",
    doc="https://docs.aws.amazon.com/config/latest/developerguide/using-service-linked-roles.html",
    needs=(
        "configservice describe-configuration-recorders",
        "configservice describe-configuration-recorder-status",
        "configservice describe-delivery-channels",
    ),
)


def run(where: Where, cfg: ConfigService) -> Iterator[Result]:
    for r in cfg.recorders:
        arn = f"arn:aws:config:{where.region}:{where.account}:config-recorder/{r.name}"
        yield where.result(r.role_arn.endswith(SLR), arn, f"recorder `{r.name}` uses role `{r.role_arn}`")


CHECK = Check(META, Scope.REGION, configservice.load, run)
