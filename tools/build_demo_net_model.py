"""The demo's networks as plain data: VPCs, subnets, route tables, NACLs, security groups, instances.

Planted (see docs/demo.md): prod-bastion (#10, SSH open, public subnet, public IP: reachable),
prod-worker-1 (#11, SSH open, private subnet: not reachable), prod-windows-jump (#12, RDP open in
its SG but denied by the subnet NACL: not reachable), prod-web-alb (#13, internet-facing ALB
forwarding 443 to prod-app-1/2 in private subnets: reachable through the ALB).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from build_demo_common import DEV, PROD, SANDBOX, SECURITY

ANY4 = "0.0.0.0/0"
ANY6 = "::/0"
OFFICE = "192.0.2.0/24"  # the company's office egress range (TEST-NET-1)


@dataclass
class Subnet:
    name: str
    cidr: str
    az: str
    route_table: str | None = None  # None: the main route table
    nacl: str | None = None  # None: the default NACL
    map_public_ip: bool = False
    ipv6: str | None = None
    default_for_az: bool = False


@dataclass
class Rule:
    """One security group permission: protocol, ports, and one source (cidr, ipv6, sg:<name>, pl-...)."""

    proto: str
    from_port: int | None
    to_port: int | None
    source: str
    description: str | None = None


@dataclass
class SecurityGroup:
    name: str
    description: str
    ingress: list[Rule] = field(default_factory=list)
    egress: list[Rule] = field(default_factory=lambda: [Rule("-1", None, None, ANY4)])


@dataclass
class NaclEntry:
    number: int
    action: str
    egress: bool
    proto: str = "-1"
    ports: tuple[int, int] | None = None
    cidr: str = ANY4


@dataclass
class Instance:
    name: str
    subnet: str
    groups: list[str]
    private_ip: str
    public_ip: str | None = None
    profile: str | None = None
    platform: str | None = None  # "windows"
    itype: str = "t3.micro"
    imdsv2: bool = True
    launched: str = "2026-10-01T08:00:00"
    encrypted: bool = True
    key_name: str | None = None


@dataclass
class LoadBalancer:
    name: str
    subnets: list[str]
    groups: list[str]
    target_group: str
    targets: list[str]  # instance names
    target_port: int
    certificate_domain: str


@dataclass
class Network:
    account: str
    region: str
    name: str
    cidr: str
    subnets: list[Subnet]
    route_tables: dict[str, list[tuple[str, str]]]  # name -> [(destination, target)]; target igw/nat/eigw/pcx/vpce-s3
    groups: list[SecurityGroup] = field(default_factory=list)
    nacls: dict[str, list[NaclEntry]] = field(default_factory=dict)
    instances: list[Instance] = field(default_factory=list)
    igw: bool = False
    nat_subnet: str | None = None
    nat_ip: str | None = None
    eigw: bool = False
    s3_endpoint: bool = False
    load_balancers: list[LoadBalancer] = field(default_factory=list)
    ipv6: str | None = None
    is_default: bool = False
    flow_logs: bool = False
    created: str = "2021-03-01T09:30:00"


def default_vpc(account: str, region: str) -> Network:
    a, b = (f"{region}a", f"{region}b")
    return Network(
        account,
        region,
        "default",
        "172.31.0.0/16",
        [
            Subnet("default-a", "172.31.0.0/20", a, map_public_ip=True, default_for_az=True),
            Subnet("default-b", "172.31.16.0/20", b, map_public_ip=True, default_for_az=True),
        ],
        {"main": [(ANY4, "igw")]},
        igw=True,
        is_default=True,
        created="2022-04-19T08:30:40" if account == SANDBOX else "2020-06-02T14:11:30",
    )


def _prod_groups() -> list[SecurityGroup]:
    return [
        SecurityGroup("prod-bastion-sg", "SSH bastion", [Rule("tcp", 22, 22, ANY4, "ssh from anywhere (temporary)")]),
        SecurityGroup("prod-rdp-sg", "Windows jump host", [Rule("tcp", 3389, 3389, ANY4, "rdp")]),
        SecurityGroup(
            "prod-alb-sg",
            "Public web load balancer",
            [
                Rule("tcp", 443, 443, ANY4, "https"),
                Rule("tcp", 443, 443, ANY6, "https"),
                Rule("tcp", 80, 80, ANY4, "redirect to https"),
            ],
        ),
        SecurityGroup(
            "prod-app-sg",
            "Web application instances",
            [
                Rule("tcp", 8080, 8080, "sg:prod-alb-sg", "from the load balancer"),
                Rule("tcp", 22, 22, "sg:prod-bastion-sg", "ssh from bastion"),
            ],
        ),
        SecurityGroup("prod-worker-sg", "Batch workers", [Rule("tcp", 22, 22, ANY4, "ssh")]),
    ]


def prod_us() -> Network:
    return Network(
        PROD,
        "us-east-1",
        "prod-vpc",
        "10.10.0.0/16",
        [
            Subnet("prod-public-a", "10.10.0.0/24", "us-east-1a", "prod-public-rt", map_public_ip=True),
            Subnet("prod-public-b", "10.10.1.0/24", "us-east-1b", "prod-public-rt", map_public_ip=True),
            Subnet(
                "prod-mgmt-public", "10.10.2.0/24", "us-east-1a", "prod-public-rt", "prod-mgmt-nacl", map_public_ip=True
            ),
            Subnet("prod-private-a", "10.10.10.0/24", "us-east-1a", "prod-private-rt"),
            Subnet("prod-private-b", "10.10.11.0/24", "us-east-1b", "prod-private-rt"),
        ],
        {
            "main": [],
            "prod-public-rt": [(ANY4, "igw")],
            "prod-private-rt": [(ANY4, "nat"), ("10.0.0.0/16", "pcx"), ("pl-63a5400a", "vpce-s3")],
        },
        groups=_prod_groups(),
        nacls={
            "prod-mgmt-nacl": [
                NaclEntry(90, "deny", False, "6", (3389, 3389)),
                NaclEntry(100, "allow", False),
                NaclEntry(100, "allow", True),
            ]
        },
        instances=[
            Instance(
                "prod-bastion",
                "prod-public-a",
                ["prod-bastion-sg"],
                "10.10.0.10",
                "198.51.100.10",
                imdsv2=False,
                key_name="ops-2021",
            ),
            Instance(
                "prod-windows-jump",
                "prod-mgmt-public",
                ["prod-rdp-sg"],
                "10.10.2.20",
                "198.51.100.20",
                platform="windows",
                itype="t3.medium",
            ),
            Instance(
                "prod-app-1",
                "prod-private-a",
                ["prod-app-sg"],
                "10.10.10.11",
                profile="web-app-instance-role",
                itype="m6i.large",
            ),
            Instance(
                "prod-app-2",
                "prod-private-b",
                ["prod-app-sg"],
                "10.10.11.12",
                profile="web-app-instance-role",
                itype="m6i.large",
            ),
            Instance(
                "prod-worker-1",
                "prod-private-b",
                ["prod-worker-sg"],
                "10.10.11.30",
                itype="c6i.large",
                key_name="ops-2021",
            ),
        ],
        igw=True,
        nat_subnet="prod-public-a",
        nat_ip="198.51.100.5",
        s3_endpoint=True,
        flow_logs=True,
        load_balancers=[
            LoadBalancer(
                "prod-web-alb",
                ["prod-public-a", "prod-public-b"],
                ["prod-alb-sg"],
                "prod-web-tg",
                ["prod-app-1", "prod-app-2"],
                8080,
                "shop.acme.example",
            )
        ],
    )


def prod_eu() -> Network:
    return Network(
        PROD,
        "eu-west-1",
        "prod-eu-vpc",
        "10.20.0.0/16",
        [
            Subnet("prod-eu-private-a", "10.20.10.0/24", "eu-west-1a"),
            Subnet("prod-eu-private-b", "10.20.11.0/24", "eu-west-1b"),
        ],
        {"main": []},
        created="2022-09-06T07:05:00",
    )


def security_us() -> Network:
    return Network(
        SECURITY,
        "us-east-1",
        "security-tools-vpc",
        "10.0.0.0/16",
        [Subnet("security-private-a", "10.0.1.0/24", "us-east-1a", "security-private-rt")],
        {"main": [], "security-private-rt": [("10.10.0.0/16", "pcx")]},
        groups=[SecurityGroup("security-scanner-sg", "Internal vulnerability scanner")],
        instances=[
            Instance("security-scanner", "security-private-a", ["security-scanner-sg"], "10.0.1.15", itype="t3.small")
        ],
        created="2020-06-05T10:00:00",
        flow_logs=True,
    )


def dev_us() -> Network:
    v6 = "2600:1f18:4a3:6a00::/56"
    return Network(
        DEV,
        "us-east-1",
        "dev-vpc",
        "10.30.0.0/16",
        [
            Subnet(
                "dev-public-a",
                "10.30.0.0/24",
                "us-east-1a",
                "dev-public-rt",
                map_public_ip=True,
                ipv6="2600:1f18:4a3:6a00::/64",
            ),
            Subnet("dev-private-a", "10.30.10.0/24", "us-east-1a", "dev-private-rt", ipv6="2600:1f18:4a3:6a0a::/64"),
        ],
        {"main": [], "dev-public-rt": [(ANY4, "igw"), (ANY6, "igw")], "dev-private-rt": [(ANY6, "eigw")]},
        groups=[
            SecurityGroup("dev-build-sg", "Build agents", [Rule("tcp", 22, 22, "10.30.0.0/16", "ssh from the vpc")])
        ],
        instances=[
            Instance(
                "dev-build-1",
                "dev-private-a",
                ["dev-build-sg"],
                "10.30.10.21",
                profile="dev-build-instance-role",
                itype="c6i.xlarge",
                encrypted=False,
            ),
        ],
        igw=True,
        eigw=True,
        ipv6=v6,
        created="2022-05-05T10:40:00",
    )


def sandbox_us() -> Network:
    n = default_vpc(SANDBOX, "us-east-1")
    n.groups = [
        SecurityGroup(
            "launch-wizard-1", "launch-wizard-1 created 2026-09-30T10:12:44.918Z", [Rule("tcp", 22, 22, OFFICE)]
        )
    ]
    n.instances = [
        Instance(
            "sandbox-test",
            "default-a",
            ["launch-wizard-1"],
            "172.31.5.40",
            "203.0.113.40",
            key_name="sandbox",
            launched="2026-09-30T10:13:02",
        )
    ]
    return n


def networks() -> list[Network]:
    return [
        prod_us(),
        prod_eu(),
        security_us(),
        dev_us(),
        default_vpc(DEV, "eu-west-1"),
        sandbox_us(),
        default_vpc(SANDBOX, "eu-west-1"),
    ]


PEERING = ((PROD, "us-east-1", "prod-vpc"), (SECURITY, "us-east-1", "security-tools-vpc"))
