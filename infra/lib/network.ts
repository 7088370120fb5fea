import { RemovalPolicy } from "aws-cdk-lib";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import * as logs from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";

/**
 * A VPC over two AZs with no internet path at all: isolated subnets for the
 * database and the proxy, isolated subnets for the functions, and interface
 * endpoints for the AWS APIs the functions call, so no NAT gateway is needed.
 */
export class Network extends Construct {
  readonly vpc: ec2.Vpc;
  /** The Secrets Manager endpoint: `network.secretsManager.allowDefaultPortFrom(fn)` lets `fn` call it. */
  readonly secretsManager: ec2.Connections;
  readonly databaseSubnets: ec2.SubnetSelection = { subnetGroupName: "database" };
  readonly functionSubnets: ec2.SubnetSelection = { subnetGroupName: "functions" };

  constructor(scope: Construct, id: string, props: { readonly logRetention?: logs.RetentionDays } = {}) {
    super(scope, id);
    this.vpc = new ec2.Vpc(this, "Vpc", {
      // Two AZs without context lookups: `cdk synth` needs no AWS account.
      maxAzs: 2,
      natGateways: 0,
      subnetConfiguration: [
        { name: "functions", subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 22 },
        { name: "database", subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
      ],
    });

    const flowLogs = new logs.LogGroup(this, "FlowLogs", {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.vpc.addFlowLog("FlowLog", { destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogs) });

    // Secrets Manager: the migrator reads the application secret, the
    // rotation functions rotate both. IAM auth tokens are signed locally and
    // Lambda ships logs itself, so nothing else needs an endpoint.
    const endpointGroup = new ec2.SecurityGroup(this, "SecretsManagerEndpointSecurityGroup", {
      vpc: this.vpc,
      description: "Secrets Manager endpoint: reachable from the functions that read or rotate secrets",
      allowAllOutbound: false,
    });
    this.vpc.addInterfaceEndpoint("SecretsManager", {
      service: ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER,
      subnets: this.functionSubnets,
      securityGroups: [endpointGroup],
      open: false,
    });
    this.secretsManager = new ec2.Connections({ securityGroups: [endpointGroup], defaultPort: ec2.Port.tcp(443) });
  }
}
