import { Duration } from "aws-cdk-lib";
import type * as dsql from "aws-cdk-lib/aws-dsql";
import type * as ec2 from "aws-cdk-lib/aws-ec2";
import * as iam from "aws-cdk-lib/aws-iam";
import * as lambda from "aws-cdk-lib/aws-lambda";
import type * as logs from "aws-cdk-lib/aws-logs";
import * as triggers from "aws-cdk-lib/triggers";
import { Construct } from "constructs";
import { ENV } from "@bookstore/orm/environment";
import { BookstoreFunction, type FunctionEnvironment } from "./bookstore-function";
import { APP_USERNAME, DATABASE_NAME, OWNER_USERNAME, type Database } from "./database";
import type { BookstoreDatabaseProxy } from "./database-proxy";
import type { Network } from "./network";
import { grantDataApi } from "./data-api-access";
import { projectPaths } from "./project-paths";

export interface SchemaMigratorProps {
  readonly layer: lambda.ILayerVersion;
  /** @default one month */
  readonly logRetention?: logs.RetentionDays;
  /**
   * How the migrator reaches the database: through the proxy from the VPC
   * (IAM as the owner), over the Data API from outside any VPC (the owner's
   * secret), or to Aurora DSQL as `admin` (IAM), mapping the application
   * role to the API functions' IAM roles.
   */
  readonly access:
    | {
        readonly via: "proxy";
        readonly database: Database;
        readonly network: Network;
        readonly proxy: BookstoreDatabaseProxy;
        /** The migrator's, already let through to the proxy and Secrets Manager by the data stack. */
        readonly securityGroup: ec2.ISecurityGroup;
      }
    | { readonly via: "data-api"; readonly database: Database }
    | { readonly via: "dsql"; readonly cluster: dsql.CfnCluster; readonly appRoleArns: readonly string[] };
}

/** How the migrator logs in on each way of reaching the database, as the schema owner. */
function accessEnvironment(access: SchemaMigratorProps["access"]): FunctionEnvironment {
  switch (access.via) {
    case "proxy":
      return {
        [ENV.DB_AUTH]: "iam",
        [ENV.DB_PROXY_ENDPOINT]: access.proxy.proxy.endpoint,
        [ENV.DB_USER]: OWNER_USERNAME,
        [ENV.DB_NAME]: DATABASE_NAME,
        [ENV.DB_CONNECT_TIMEOUT_MS]: "30000",
        [ENV.DB_APP_SECRET_ARN]: access.database.appSecret.secretArn,
      };
    case "data-api":
      return {
        [ENV.DB_TRANSPORT]: "data-api",
        [ENV.DB_CLUSTER_ARN]: access.database.cluster.clusterArn,
        [ENV.DB_SECRET_ARN]: access.database.ownerSecret.secretArn,
        [ENV.DB_NAME]: DATABASE_NAME,
        [ENV.DB_APP_SECRET_ARN]: access.database.appSecret.secretArn,
      };
    case "dsql":
      return {
        [ENV.DB_AUTH]: "dsql",
        [ENV.DSQL_ENDPOINT]: access.cluster.attrEndpoint,
        [ENV.DB_USER]: "admin",
        [ENV.DB_APP_ROLE]: APP_USERNAME,
        [ENV.DB_APP_IAM_ROLE_ARN]: access.appRoleArns.join(","),
      };
  }
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
    const environment: FunctionEnvironment = { [ENV.MIGRATION_STATEMENT_TIMEOUT_MS]: String(9 * 60_000), ...accessEnvironment(access) };
    const migrator = new BookstoreFunction(this, "Migrator", {
      entry: projectPaths.migratorHandler,
      description: "Schema migrations: {\"action\": \"status\" | \"up\" | \"down\"}",
      network: access.via === "proxy" ? access.network : undefined,
      securityGroup: access.via === "proxy" ? access.securityGroup : undefined,
      layer: props.layer,
      timeout: Duration.minutes(10),
      logRetention: props.logRetention,
      environment,
    });
    this.function = migrator.function;

    // The migrator's whole path to the database must exist before it runs.
    const path: Construct[] = [];
    if (access.via === "proxy") {
      access.database.appSecret.grantRead(this.function);
      access.proxy.grantConnect(this.function, OWNER_USERNAME);
      path.push(access.database.cluster, access.proxy.proxy, access.proxy.securityGroup, access.securityGroup, access.network);
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
