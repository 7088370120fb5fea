import { Duration } from "aws-cdk-lib";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import type * as iam from "aws-cdk-lib/aws-iam";
import * as rds from "aws-cdk-lib/aws-rds";
import { Construct } from "constructs";
import type { Database } from "./database";
import type { Network } from "./network";

export interface DatabaseProxyProps {
  readonly network: Network;
  readonly database: Database;
}

/**
 * RDS Proxy in front of the cluster: the functions' thousands of
 * short-lived connections become a small, reused pool of database ones.
 * Clients must use TLS and an IAM token; the proxy logs in to the database
 * with the registered secrets.
 */
export class BookstoreDatabaseProxy extends Construct implements ec2.IConnectable {
  readonly proxy: rds.DatabaseProxy;
  readonly securityGroup: ec2.SecurityGroup;
  /** Who may reach the proxy: `proxy.connections.allowDefaultPortFrom(fn)` opens both ends. */
  readonly connections: ec2.Connections;

  constructor(scope: Construct, id: string, props: DatabaseProxyProps) {
    super(scope, id);
    const { vpc } = props.network;
    this.securityGroup = new ec2.SecurityGroup(this, "ProxySecurityGroup", {
      vpc,
      description: "RDS Proxy: reachable from the API functions and the schema migrator only",
      allowAllOutbound: false,
    });

    this.proxy = new rds.DatabaseProxy(this, "Proxy", {
      proxyTarget: rds.ProxyTarget.fromCluster(props.database.cluster),
      secrets: [props.database.ownerSecret, props.database.appSecret],
      vpc,
      vpcSubnets: props.network.databaseSubnets,
      securityGroups: [this.securityGroup],
      requireTLS: true,
      iamAuth: true,
      // Wait at most 2 s for a database connection when all are busy: less
      // than the functions' 3 s connect timeout (DB_CONNECT_TIMEOUT_MS) and
      // their 6 s query limit, so a client sees the proxy's clear error
      // rather than its own timeout, and a burst fails fast instead of
      // piling up until API Gateway's integration timeout.
      borrowTimeout: Duration.seconds(2),
      // A little above the functions' own 5-minute idle replacement: the
      // proxy frees the slots of containers Lambda has retired without
      // closing connections that a warm container is about to reuse.
      idleClientTimeout: Duration.minutes(6),
      // Leave a tenth of max_connections for the database team's sessions,
      // the rotation functions and failover.
      maxConnectionsPercent: 90,
      // Keep few idle connections: Serverless v2 capacity (and cost)
      // follows connections, and reopening one through the proxy is cheap.
      maxIdleConnectionsPercent: 10,
    });

    // The proxy construct opens the cluster's port to the proxy itself.
    this.connections = new ec2.Connections({ securityGroups: [this.securityGroup], defaultPort: ec2.Port.tcp(5432) });
  }


  /** Lets `grantee` connect through the proxy as the database user `dbUser` (IAM). */
  grantConnect(grantee: iam.IGrantable, dbUser: string): iam.Grant {
    return this.proxy.grantConnect(grantee, dbUser);
  }
}
