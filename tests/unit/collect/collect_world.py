"""A realistic AWS account built through boto3 (in a moto server): IAM, S3, KMS, Secrets Manager, a VPC,
instances, an ALB, SQS, SNS, Lambda, GuardDuty."""

from __future__ import annotations

import io
import json
import socket
import zipfile
from typing import Any

import boto3

from keyaki.collect.session import strip_account_host

REGION = "us-east-1"
ACCOUNT = "123456789012"  # moto's default account
SECRET_VALUE = "s3cr3t-never-collected"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _policy(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def _zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("index.py", "def handler(event, context):\n    return 1\n")
    return buf.getvalue()


def build_iam(c: Any) -> dict[str, Any]:
    trust_ec2 = _policy({"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"})
    trust_lambda = _policy(
        {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}
    )
    read_s3 = c.create_policy(
        PolicyName="read-data", PolicyDocument=_policy({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"})
    )["Policy"]["Arn"]
    c.create_group(GroupName="admins")
    c.put_group_policy(
        GroupName="admins",
        PolicyName="all",
        PolicyDocument=_policy({"Effect": "Allow", "Action": "*", "Resource": "*"}),
    )
    for user in ("alice", "bob"):
        c.create_user(UserName=user)
        c.create_access_key(UserName=user)
    c.add_user_to_group(GroupName="admins", UserName="alice")
    c.create_login_profile(UserName="alice", Password="Correct-Horse-1")
    c.attach_user_policy(UserName="bob", PolicyArn=read_s3)
    mfa = c.create_virtual_mfa_device(VirtualMFADeviceName="alice")["VirtualMFADevice"]["SerialNumber"]
    c.enable_mfa_device(UserName="alice", SerialNumber=mfa, AuthenticationCode1="123456", AuthenticationCode2="654321")
    c.create_role(RoleName="app-role", AssumeRolePolicyDocument=trust_ec2)
    c.attach_role_policy(RoleName="app-role", PolicyArn=read_s3)
    c.put_role_policy(
        RoleName="app-role",
        PolicyName="queue",
        PolicyDocument=_policy({"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "*"}),
    )
    c.create_instance_profile(InstanceProfileName="app-profile")
    c.add_role_to_instance_profile(InstanceProfileName="app-profile", RoleName="app-role")
    fn_role = c.create_role(RoleName="fn-role", AssumeRolePolicyDocument=trust_lambda)["Role"]["Arn"]
    return {"fn_role": fn_role}


def build_data(s: boto3.Session) -> dict[str, Any]:
    s3 = s.client("s3")
    s3.create_bucket(Bucket="keyaki-public-site")
    s3.put_bucket_policy(
        Bucket="keyaki-public-site",
        Policy=_policy(
            {
                "Effect": "Allow",
                "Principal": "*",
                "Action": "s3:GetObject",
                "Resource": "arn:aws:s3:::keyaki-public-site/*",
            }
        ),
    )
    s3.create_bucket(Bucket="keyaki-private-data")
    s3.put_public_access_block(
        Bucket="keyaki-private-data",
        PublicAccessBlockConfiguration={
            k: True for k in ("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets")
        },
    )
    s3.put_object(Bucket="keyaki-private-data", Key="customers.csv", Body=b"never-read-by-keyaki")
    # an access point (S3 Control: no ``ACCOUNT.`` host prefix on a custom endpoint)
    s3c = s.client("s3control")
    s3c.meta.events.register("before-sign.s3-control", strip_account_host)
    s3c.create_access_point(AccountId=ACCOUNT, Name="keyaki-private-ap", Bucket="keyaki-private-data")
    s3c.put_access_point_policy(
        AccountId=ACCOUNT,
        Name="keyaki-private-ap",
        Policy=_policy(
            {
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:user/bob"},
                "Action": "s3:GetObject",
                "Resource": f"arn:aws:s3:{REGION}:{ACCOUNT}:accesspoint/keyaki-private-ap/object/*",
            }
        ),
    )
    s3c.create_access_point(AccountId=ACCOUNT, Name="keyaki-no-policy-ap", Bucket="keyaki-private-data")
    kms = s.client("kms")
    key_policy = _policy(
        {
            "Sid": "root",
            "Effect": "Allow",
            "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
            "Action": "kms:*",
            "Resource": "*",
        }
    )
    key_id = kms.create_key(Policy=key_policy, Description="data key")["KeyMetadata"]["KeyId"]
    kms.create_alias(AliasName="alias/data", TargetKeyId=key_id)
    sm = s.client("secretsmanager")
    sm.create_secret(Name="prod/db/password", SecretString=SECRET_VALUE, KmsKeyId=key_id)
    sm.put_resource_policy(
        SecretId="prod/db/password",
        ResourcePolicy=_policy(
            {
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:role/app-role"},
                "Action": "secretsmanager:GetSecretValue",
                "Resource": "*",
            }
        ),
    )
    return {"key_id": key_id}


def build_network(s: boto3.Session) -> dict[str, Any]:
    ec2 = s.client("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    pub_a = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.1.0/24", AvailabilityZone="us-east-1a")["Subnet"]["SubnetId"]
    pub_b = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.3.0/24", AvailabilityZone="us-east-1b")["Subnet"]["SubnetId"]
    private = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.2.0/24", AvailabilityZone="us-east-1a")["Subnet"]["SubnetId"]
    igw = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
    ec2.attach_internet_gateway(InternetGatewayId=igw, VpcId=vpc)
    rt = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
    ec2.create_route(RouteTableId=rt, DestinationCidrBlock="0.0.0.0/0", GatewayId=igw)
    for subnet in (pub_a, pub_b):
        ec2.associate_route_table(RouteTableId=rt, SubnetId=subnet)
    acl = ec2.create_network_acl(VpcId=vpc)["NetworkAcl"]["NetworkAclId"]
    ec2.create_network_acl_entry(
        NetworkAclId=acl,
        RuleNumber=100,
        Protocol="6",
        RuleAction="allow",
        Egress=False,
        CidrBlock="0.0.0.0/0",
        PortRange={"From": 443, "To": 443},
    )
    web = ec2.create_security_group(GroupName="web", Description="web", VpcId=vpc)["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=web, IpProtocol="tcp", FromPort=443, ToPort=443, CidrIp="0.0.0.0/0")
    db = ec2.create_security_group(GroupName="db", Description="db", VpcId=vpc)["GroupId"]
    ec2.authorize_security_group_ingress(
        GroupId=db,
        IpPermissions=[{"IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432, "UserIdGroupPairs": [{"GroupId": web}]}],
    )
    ami = ec2.describe_images(Owners=["amazon"])["Images"][0]["ImageId"]
    web_i = ec2.run_instances(ImageId=ami, MinCount=1, MaxCount=1, SubnetId=pub_a, SecurityGroupIds=[web])
    ec2.run_instances(ImageId=ami, MinCount=1, MaxCount=1, SubnetId=private, SecurityGroupIds=[db])
    return {
        "vpc": vpc,
        "subnets": [pub_a, pub_b, private],
        "web_sg": web,
        "web_instance": web_i["Instances"][0]["InstanceId"],
    }


def build_services(s: boto3.Session, net: dict[str, Any], fn_role: str) -> None:
    elb = s.client("elbv2")
    lb = elb.create_load_balancer(Name="web-alb", Subnets=net["subnets"][:2], SecurityGroups=[net["web_sg"]])
    tg = elb.create_target_group(Name="web-tg", Protocol="HTTP", Port=80, VpcId=net["vpc"], TargetType="instance")
    tg_arn = tg["TargetGroups"][0]["TargetGroupArn"]
    elb.register_targets(TargetGroupArn=tg_arn, Targets=[{"Id": net["web_instance"]}])
    elb.create_listener(
        LoadBalancerArn=lb["LoadBalancers"][0]["LoadBalancerArn"],
        Protocol="HTTP",
        Port=80,
        DefaultActions=[{"Type": "forward", "TargetGroupArn": tg_arn}],
    )
    queue_policy = _policy({"Effect": "Allow", "Principal": "*", "Action": "sqs:SendMessage", "Resource": "*"})
    s.client("sqs").create_queue(QueueName="orders", Attributes={"Policy": queue_policy})
    topic = s.client("sns").create_topic(Name="alerts")["TopicArn"]
    s.client("sns").set_topic_attributes(
        TopicArn=topic,
        AttributeName="Policy",
        AttributeValue=_policy({"Effect": "Allow", "Principal": "*", "Action": "sns:Publish", "Resource": topic}),
    )
    lam = s.client("lambda")
    lam.create_function(
        FunctionName="resize", Runtime="python3.12", Role=fn_role, Handler="index.handler", Code={"ZipFile": _zip()}
    )
    lam.add_permission(
        FunctionName="resize", StatementId="s3", Action="lambda:InvokeFunction", Principal="s3.amazonaws.com"
    )
    s.client("guardduty").create_detector(Enable=True)
    build_monitoring(s, topic)


ROOT_PATTERN = (
    '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }'
)


def build_monitoring(s: boto3.Session, topic: str) -> None:
    """CIS 4.3: a metric filter on the trail's log group, an alarm on its metric, a subscribed topic."""
    s.client("logs").create_log_group(logGroupName="org-trail")
    s.client("logs").put_metric_filter(
        logGroupName="org-trail",
        filterName="root-usage",
        filterPattern=ROOT_PATTERN,
        metricTransformations=[{"metricName": "RootUsage", "metricNamespace": "CISBenchmark", "metricValue": "1"}],
    )
    s.client("cloudwatch").put_metric_alarm(
        AlarmName="root-usage",
        MetricName="RootUsage",
        Namespace="CISBenchmark",
        Statistic="Sum",
        Period=300,
        EvaluationPeriods=1,
        Threshold=1,
        ComparisonOperator="GreaterThanOrEqualToThreshold",
        AlarmActions=[topic],
    )
    s.client("sns").subscribe(TopicArn=topic, Protocol="sqs", Endpoint=f"arn:aws:sqs:{REGION}:{ACCOUNT}:orders")


EXTERNAL = "999988887777"
PARTNER_ROLE = f"arn:aws:iam::{EXTERNAL}:role/partner-decrypt"


def build_sharing(s: boto3.Session, key_id: str) -> dict[str, Any]:
    """Sharing that is not a policy: a public EBS snapshot, RDS snapshots shared by attribute, a KMS grant."""
    ec2 = s.client("ec2")
    vol = ec2.create_volume(AvailabilityZone=f"{REGION}a", Size=8)["VolumeId"]
    snap = ec2.create_snapshot(VolumeId=vol, Description="nightly")["SnapshotId"]
    ec2.modify_snapshot_attribute(
        SnapshotId=snap, Attribute="createVolumePermission", OperationType="add", GroupNames=["all"]
    )
    rds = s.client("rds")
    rds.create_db_instance(
        DBInstanceIdentifier="orders-db",
        DBInstanceClass="db.t3.micro",
        Engine="postgres",
        MasterUsername="orders",
        MasterUserPassword="Correct-Horse-2",
        AllocatedStorage=20,
    )
    rds.create_db_snapshot(DBSnapshotIdentifier="orders-manual", DBInstanceIdentifier="orders-db")
    rds.modify_db_snapshot_attribute(
        DBSnapshotIdentifier="orders-manual", AttributeName="restore", ValuesToAdd=[EXTERNAL]
    )
    rds.create_db_cluster(
        DBClusterIdentifier="ledger",
        Engine="aurora-postgresql",
        MasterUsername="ledger",
        MasterUserPassword="Correct-Horse-3",
    )
    rds.create_db_cluster_snapshot(DBClusterSnapshotIdentifier="ledger-manual", DBClusterIdentifier="ledger")
    rds.modify_db_cluster_snapshot_attribute(
        DBClusterSnapshotIdentifier="ledger-manual", AttributeName="restore", ValuesToAdd=["all"]
    )
    grant = s.client("kms").create_grant(
        KeyId=key_id,
        GranteePrincipal=PARTNER_ROLE,
        Operations=["Decrypt", "DescribeKey"],
        Constraints={"EncryptionContextSubset": {"partner": "acme"}},
    )
    return {"ebs_snapshot": snap, "grant_id": grant["GrantId"]}


def build_policy_types(s: boto3.Session) -> dict[str, Any]:
    """An EFS file system shared with another account, a DynamoDB table with a stream and a policy, and a
    Lambda layer whose version 2 is public (version 1 has no permission)."""
    efs = s.client("efs")
    fs = efs.create_file_system(CreationToken="shared-files", Tags=[{"Key": "Name", "Value": "shared-files"}])
    fs_id, fs_arn = fs["FileSystemId"], fs["FileSystemArn"]
    efs.put_file_system_policy(
        FileSystemId=fs_id,
        Policy=_policy(
            {
                "Effect": "Allow",
                "Principal": {"AWS": "arn:aws:iam::999988887777:root"},
                "Action": ["elasticfilesystem:ClientMount"],
                "Resource": fs_arn,
            }
        ),
    )
    private = efs.create_file_system(CreationToken="private-files")["FileSystemId"]
    ddb = s.client("dynamodb")
    table = ddb.create_table(
        TableName="ledger",
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"},
    )["TableDescription"]
    ddb.put_resource_policy(
        ResourceArn=table["TableArn"],
        Policy=_policy(
            {
                "Effect": "Allow",
                "Principal": {"AWS": "arn:aws:iam::999988887777:root"},
                "Action": "dynamodb:GetItem",
                "Resource": table["TableArn"],
            }
        ),
    )
    lam = s.client("lambda")
    for _ in range(2):
        lam.publish_layer_version(LayerName="common", Content={"ZipFile": _zip()}, CompatibleRuntimes=["python3.12"])
    lam.add_layer_version_permission(
        LayerName="common", VersionNumber=2, StatementId="public", Action="lambda:GetLayerVersion", Principal="*"
    )
    return {
        "fs_id": fs_id,
        "fs_id_private": private,
        "fs_arn": fs_arn,
        "table_arn": table["TableArn"],
        "stream_arn": table["LatestStreamArn"],
    }
