import { Duration } from "aws-cdk-lib";
import type * as dsql from "aws-cdk-lib/aws-dsql";
import * as iam from "aws-cdk-lib/aws-iam";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as triggers from "aws-cdk-lib/triggers";
import { Construct } from "constructs";
import { BookstoreFunction } from "./bookstore-function";
import { APP_USERNAME, DATABASE_NAME, OWNER_USERNAME, type Database } from "./database";
import type { BookstoreDatabaseProxy } from "./database-proxy";
import type { Network } from "./network";
import { grantDataApi } from "./data-api-access";
import { projectPaths } from "./project-paths";

export interface SchemaMigratorProps {
  readonly layer: lambda.ILayerVersion;
  /**
   * How the migrator reaches the database: through the proxy from the VPC
   * (IAM as the owner), over the Data API from outside any VPC (the owner's
   * secret), or to Aurora DSQL as `admin` (IAM), mapping the application
   * role to the API functions' IAM roles.
   */
  readonly access:
    | { readonly via: "proxy"; readonly database: Database; readonly network: Network; readonly proxy: BookstoreDatabaseProxy }
    | { readonly via: "data-api"; readonly database: Database }
    | { readonly via: "dsql"; readonly cluster: dsql.CfnCluster; readonly appRoleArns: readonly string[] };
}

/**
 * The database team's migrator: connects as the schema owner, applies
 * migrations and the application role's grants, sets that role's password
 * from the application secret (Aurora) or maps it to IAM roles (DSQL). It
 * runs on every deploy that changes it (the migrations are in its bundle)
 * and fails the deploy when a migration fails; it can also be invoked by
 * name.
 */
export class SchemaMigrator extends Construct {
  readonly function: lambda.Function;
  /** Runs the migrations on deploy; other resources may be ordered after it. */
  readonly trigger: triggers.Trigger;

  constructor(scope: Construct, id: string, props: SchemaMigratorProps) {
    super(scope, id);
    const { access } = props;
    const migration = { MIGRATION_STATEMENT_TIMEOUT_MS: String(9 * 60_000) };
    const environment: Record<string, string> =
      access.via === "proxy"
        ? { ...migration, DB_AUTH: "iam", DB_PROXY_ENDPOINT: access.proxy.proxy.endpoint, DB_USER: OWNER_USERNAME, DB_NAME: DATABASE_NAME, DB_CONNECT_TIMEOUT_MS: "30000", DB_APP_SECRET_ARN: access.database.appSecret.secretArn }
        : access.via === "data-api"
          ? { ...migration, DB_TRANSPORT: "data-api", DB_CLUSTER_ARN: access.database.cluster.clusterArn, DB_SECRET_ARN: access.database.ownerSecret.secretArn, DB_NAME: DATABASE_NAME, DB_APP_SECRET_ARN: access.database.appSecret.secretArn }
          : { ...migration, DB_AUTH: "dsql", DSQL_ENDPOINT: access.cluster.attrEndpoint, DB_USER: "admin", DB_APP_ROLE: APP_USERNAME, DB_APP_IAM_ROLE_ARN: access.appRoleArns.join(",") };
    const migrator = new BookstoreFunction(this, "Migrator", {
      entry: projectPaths.migratorHandler,
      description: "Schema migrations: {\"action\": \"status\" | \"up\" | \"down\"}",
      network: access.via === "proxy" ? access.network : undefined,
      layer: props.layer,
      timeout: Duration.minutes(10),
      environment,
    });
    this.function = migrator.function;

    // The migrator's whole path to the database must exist before it runs.
    const path: Construct[] = [];
    if (access.via === "proxy") {
      access.database.appSecret.grantRead(this.function);
      access.proxy.connections.allowDefaultPortFrom(migrator, "schema migrator to RDS Proxy");
      access.proxy.grantConnect(this.function, OWNER_USERNAME);
      access.network.secretsManager.allowDefaultPortFrom(migrator, "schema migrator to Secrets Manager");
      path.push(access.database.cluster, access.proxy.proxy, access.proxy.securityGroup, migrator.securityGroup as Construct, access.network);
    } else if (access.via === "data-api") {
      access.database.appSecret.grantRead(this.function);
      grantDataApi(this.function, access.database.cluster, access.database.ownerSecret);
      path.push(access.database.cluster);
    } else {
      this.function.addToRolePolicy(new iam.PolicyStatement({ actions: ["dsql:DbConnectAdmin"], resources: [access.cluster.attrResourceArn] }));
      path.push(access.cluster);
    }

    this.trigger = new triggers.Trigger(this, "MigrateOnDeploy", {
      handler: this.function,
      executeAfter: path,
      executeOnHandlerChange: true,
      invocationType: triggers.InvocationType.REQUEST_RESPONSE,
      timeout: Duration.minutes(10),
    });
  }
}
