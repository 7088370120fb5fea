import { CfnOutput, Stack, type StackProps } from "aws-cdk-lib";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as rds from "aws-cdk-lib/aws-rds";
import type * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import type { Construct } from "constructs";
import { grantDataApi } from "./data-api-access";
import { APP_USERNAME, Database, ENGINE_VERSION } from "./database";
import { BookstoreDatabaseProxy } from "./database-proxy";
import { DsqlCluster } from "./dsql-cluster";
import { retainLogsOfEveryFunction } from "./function-log-retention";
import { Monitoring } from "./monitoring";
import { Network } from "./network";
import type { Profile } from "./profiles";
import type { ReleaseParameter } from "./release-parameters";
import type { SchemaMigratorProps } from "./schema-migrator";

export type DatabaseTarget = "postgres" | "data-api" | "dsql";

export interface DataStackProps extends StackProps {
  /** `postgres` (RDS Proxy → Aurora), `data-api` (Aurora over the Data API) or `dsql` (Aurora DSQL). */
  readonly target: DatabaseTarget;
  readonly profile: Profile;
  readonly deletionProtection: boolean;
  /** Each API function's reserved concurrency, to size the proxy's client alarm. @default - none reserved */
  readonly apiReservedConcurrency?: number;
  /** @default - no subscription */
  readonly alarmEmail?: string;
}

/**
 * The database team's data: the network, the Aurora cluster or the DSQL
 * cluster, RDS Proxy, the secrets, the database's alarms, and the role the
 * API functions run as, with the database access the team grants them (so
 * a release of the API never edits this stack, and this stack never waits
 * for the API's).
 */
export class BookstoreDataStack extends Stack {
  readonly target: DatabaseTarget;
  readonly monitoring: Monitoring;
  /** The API functions' execution role: what they may reach of the database. */
  readonly apiRole: iam.Role;
  /** How the migrator reaches the database. */
  readonly migratorAccess: SchemaMigratorProps["access"];
  /** What the API stack needs of this stack, published by the schema stack. */
  readonly release: Partial<Record<ReleaseParameter, string>>;
  readonly cluster?: rds.DatabaseCluster;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    this.target = props.target;
    this.apiRole = new iam.Role(this, "ApiFunctionRole", {
      assumedBy: new iam.ServicePrincipal("lambda.amazonaws.com"),
      description: "The Bookstore API functions: logs, traces and the database access granted here",
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName("service-role/AWSLambdaBasicExecutionRole")],
    });

    let rotatedSecrets: secretsmanager.ISecret[] = [];
    let proxy: BookstoreDatabaseProxy | undefined;
    if (props.target === "dsql") {
      const dsql = new DsqlCluster(this, "Dsql", { deletionProtection: props.deletionProtection, removalPolicy: props.profile.clusterRemovalPolicy });
      dsql.grantConnect(this.apiRole);
      this.migratorAccess = { via: "dsql", cluster: dsql.cluster, appRoleArns: [this.apiRole.roleArn] };
      this.release = { dsqlEndpoint: dsql.cluster.attrEndpoint };
      new CfnOutput(this, "DsqlEndpoint", { value: dsql.cluster.attrEndpoint, description: "The Aurora DSQL cluster's endpoint (IAM only)" });
    } else {
      const overDataApi = props.target === "data-api";
      const network = new Network(this, "Network", { logRetention: props.profile.logRetention });
      const database = new Database(this, "Database", {
        network,
        minCapacity: props.profile.minCapacity,
        maxCapacity: props.profile.maxCapacity,
        readers: props.profile.readers,
        backupRetention: props.profile.backupRetention,
        deletionProtection: props.deletionProtection,
        removalPolicy: props.profile.clusterRemovalPolicy,
        secretRemovalPolicy: props.profile.secretRemovalPolicy,
        logRetention: props.profile.logRetention,
        enableDataApi: overDataApi,
      });
      this.cluster = database.cluster;
      rotatedSecrets = [database.ownerSecret, database.appSecret];
      new CfnOutput(this, "OwnerSecretArn", { value: database.ownerSecret.secretArn, description: "Schema owner credentials (database team)" });
      if (overDataApi) {
        grantDataApi(this.apiRole, database.cluster, database.appSecret);
        this.migratorAccess = { via: "data-api", database };
        this.release = { clusterArn: database.cluster.clusterArn, appSecretArn: database.appSecret.secretArn };
        new CfnOutput(this, "AppSecretArn", { value: database.appSecret.secretArn, description: "Application role credentials (used by the functions over the Data API)" });
        new CfnOutput(this, "ClusterArn", { value: database.cluster.clusterArn, description: "The cluster the Data API runs statements on" });
      } else {
        proxy = new BookstoreDatabaseProxy(this, "DatabaseProxy", { network, database });
        // The API functions' network identity: what may reach the proxy.
        const apiSecurityGroup = new ec2.SecurityGroup(this, "ApiFunctionsSecurityGroup", {
          vpc: network.vpc,
          description: "The Bookstore API functions: may reach the RDS Proxy only",
          allowAllOutbound: false,
        });
        proxy.connections.allowDefaultPortFrom(apiSecurityGroup, "API functions to RDS Proxy");
        proxy.grantConnect(this.apiRole, APP_USERNAME);
        this.apiRole.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName("service-role/AWSLambdaVPCAccessExecutionRole"));
        const migratorSecurityGroup = new ec2.SecurityGroup(this, "MigratorSecurityGroup", {
          vpc: network.vpc,
          description: "The schema migrator: may reach the RDS Proxy and Secrets Manager only",
          allowAllOutbound: false,
        });
        proxy.connections.allowDefaultPortFrom(migratorSecurityGroup, "schema migrator to RDS Proxy");
        network.secretsManager.allowDefaultPortFrom(migratorSecurityGroup, "schema migrator to Secrets Manager");
        this.migratorAccess = { via: "proxy", database, network, proxy, securityGroup: migratorSecurityGroup };
        this.release = {
          proxyEndpoint: proxy.proxy.endpoint,
          serverVersion: ENGINE_VERSION.auroraPostgresFullVersion,
          apiSecurityGroupId: apiSecurityGroup.securityGroupId,
          apiSubnetIds: network.vpc.selectSubnets(network.functionSubnets).subnetIds.join(","),
        };
        new CfnOutput(this, "AppSecretArn", { value: database.appSecret.secretArn, description: "Application role credentials (used by the proxy)" });
        new CfnOutput(this, "ProxyEndpoint", { value: proxy.proxy.endpoint, description: "RDS Proxy endpoint (TLS and IAM only)" });
      }
    }

    this.monitoring = new Monitoring(this, "Monitoring", {
      proxy: proxy?.proxy,
      cluster: this.cluster,
      maxCapacity: props.profile.maxCapacity,
      apiReservedConcurrency: props.apiReservedConcurrency,
      rotatedSecrets,
      alarmEmail: props.alarmEmail,
    });
    this.release = { ...this.release, apiRoleArn: this.apiRole.roleArn, alarmTopicArn: this.monitoring.topic.topicArn };
    retainLogsOfEveryFunction(this, props.profile.logRetention);
    new CfnOutput(this, "AlarmTopicArn", { value: this.monitoring.topic.topicArn, description: "Alarms are published here" });
  }
}
