"""Report formats on a large scan: seconds and size per format, as ratios to the JSON report.

Run: ``.venv/bin/python bench/reports.py [N]`` (default 20,000 findings over 200 accounts). The JSON
report is the baseline, run in the same process; each format prints its time and its ratio to it.
"""

from __future__ import annotations

import sys
import time
from datetime import UTC, datetime

from keyaki.findings.export import EXPORTERS
from keyaki.findings.model import Evidence, Finding, Severity, StandardRef
from keyaki.scan import ScanResult

SEVERITIES = list(Severity)


def finding(i: int) -> Finding:
    account = f"{100000000000 + i % 200:012d}"
    region = ("us-east-1", "eu-west-1", "ap-southeast-2")[i % 3]
    sg = f"sg-{i:017x}"
    return Finding.make(
        type=("network/internet-exposure", "ec2/ec2_sg_admin_ports_ipv4", "iam/access-key-rotated")[i % 3],
        severity=SEVERITIES[i % 5],
        title=f"port 22 of {sg} is open to 0.0.0.0/0",
        resource=f"arn:aws:ec2:{region}:{account}:security-group/{sg}",
        resource_type="AWS::EC2::SecurityGroup",
        account=account,
        region=region,
        discriminator=str(i),
        evidence=Evidence(
            summary=f"IpPermissions of {sg} allow tcp/22 from 0.0.0.0/0",
            details={
                "rule": {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]},
                "tags": [{"Key": "team", "Value": f"t{i % 7}"}],
            },
            sources=[f"accounts/{account}/{region}/ec2/describe-security-groups.json"],
        ),
        remediation=f"aws ec2 revoke-security-group-ingress --group-id {sg} --protocol tcp --port 22 --cidr 0.0.0.0/0",
        standards=[StandardRef(standard="cis-aws-foundations-benchmark/v3.0.0", control="5.2")],
    )


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    result = ScanResult("bench", [finding(i) for i in range(n)], [], now=datetime(2026, 11, 1, tzinfo=UTC))
    timings: dict[str, float] = {}
    for name in ["json", *[k for k in EXPORTERS if k != "json"]]:
        start = time.perf_counter()
        text = EXPORTERS[name](result)
        timings[name] = time.perf_counter() - start
        print(
            f"{name:6} {timings[name]:7.2f} s  {timings[name] / timings['json']:5.2f}x json  "
            f"{len(text) / 1e6:7.1f} MB  {n / timings[name]:9.0f} findings/s"
        )


if __name__ == "__main__":
    main()
