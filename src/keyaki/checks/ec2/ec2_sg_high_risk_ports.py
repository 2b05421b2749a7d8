"""No security group admits high-risk ports from the world (Security Hub EC2.19).

The port list is EC2.19's: https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-19
"""

from keyaki.checks.ec2._sg import NEEDS, sg_port_check
from keyaki.checks.registry import Meta
from keyaki.findings.model import Severity

HIGH_RISK = (
    20,
    21,
    22,
    23,
    25,
    110,
    135,
    143,
    445,
    1433,
    1434,
    3000,
    3306,
    3389,
    4333,
    5000,
    5432,
    5500,
    5601,
    8080,
    8088,
    8888,
    9200,
    9300,
)

CHECK = sg_port_check(
    Meta(
        id="ec2_sg_high_risk_ports",
        title="No security group admits high-risk ports from the internet",
        severity=Severity.CRITICAL,
        service="ec2",
        resource_type="AWS::EC2::SecurityGroup",
        rationale="Databases, file shares and admin consoles reachable from anywhere are the commonest breach path.",
        remediation="`aws ec2 revoke-security-group-ingress --group-id SG --protocol tcp --port PORT --cidr 0.0.0.0/0`",
        doc="https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html",
        needs=NEEDS,
    ),
    HIGH_RISK,
    ipv6=None,
)
