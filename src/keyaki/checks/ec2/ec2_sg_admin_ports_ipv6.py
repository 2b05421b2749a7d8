"""No security group admits SSH (22) or RDP (3389) from ::/0 (CIS 5.3, Security Hub EC2.54).

https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-54
"""

from keyaki.checks.ec2._sg import NEEDS, sg_port_check
from keyaki.checks.registry import Meta
from keyaki.findings.model import Severity

CHECK = sg_port_check(
    Meta(
        id="ec2_sg_admin_ports_ipv6",
        title="No security group admits SSH or RDP from ::/0",
        severity=Severity.HIGH,
        service="ec2",
        resource_type="AWS::EC2::SecurityGroup",
        rationale="Administration ports open to the IPv6 internet are as exposed as on IPv4.",
        remediation="`aws ec2 revoke-security-group-ingress --group-id SG --ip-permissions "
        "'IpProtocol=tcp,FromPort=22,ToPort=22,Ipv6Ranges=[{CidrIpv6=::/0}]'` (same for 3389)",
        doc="https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html",
        needs=NEEDS,
    ),
    (22, 3389),
    ipv6=True,
)
