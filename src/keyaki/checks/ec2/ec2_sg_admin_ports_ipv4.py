"""No security group admits SSH (22) or RDP (3389) from 0.0.0.0/0 (CIS 5.2, Security Hub EC2.53).

https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-53
"""

from keyaki.checks.ec2._sg import NEEDS, sg_port_check
from keyaki.checks.registry import Meta
from keyaki.findings.model import Severity

CHECK = sg_port_check(
    Meta(
        id="ec2_sg_admin_ports_ipv4",
        title="No security group admits SSH or RDP from 0.0.0.0/0",
        severity=Severity.HIGH,
        service="ec2",
        resource_type="AWS::EC2::SecurityGroup",
        rationale="Administration ports open to the internet are scanned and brute-forced within minutes.",
        remediation="`aws ec2 revoke-security-group-ingress --group-id SG --protocol tcp --port 22 --cidr 0.0.0.0/0` "
        "(same for 3389); reach instances through Session Manager instead",
        doc="https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html",
        needs=NEEDS,
    ),
    (22, 3389),
    ipv6=False,
)
