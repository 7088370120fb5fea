import { Duration } from "aws-cdk-lib";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as triggers from "aws-cdk-lib/triggers";
import { Construct } from "constructs";
import { BookstoreFunction } from "./bookstore-function";
import { DATABASE_NAME, OWNER_USERNAME, type Database } from "./database";
import type { BookstoreDatabaseProxy } from "./database-proxy";
import type { Network } from "./network";
import { grantDataApi } from "./data-api-access";
import { projectPaths } from "./project-paths";

export interface SchemaMigratorProps {
  readonly layer: lambda.ILayerVersion;
  readonly database: Database;
  /**
   * How the migrator reaches the database: through the proxy from the VPC
   * (IAM as the owner), or over the Data API from outside any VPC (the
   * owner's secret).
   */
  readonly access: { readonly via: "proxy"; readonly network: Network; readonly proxy: BookstoreDatabaseProxy } | { readonly via: "data-api" };
}

/**
 * The database team's migrator: connects as the schema owner, applies
 * migrations and the application role's grants, sets that role's password
 * from the application secret. It runs on every deploy that changes it (the
 * migrations are in its bundle) and fails the deploy when a migration fails;
 * it can also be invoked by name.
 */
export class SchemaMigrator extends Construct {
  readonly function: lambda.Function;
  /** Runs the migrations on deploy; other resources may be ordered after it. */
  readonly trigger: triggers.Trigger;

  constructor(scope: Construct, id: string, props: SchemaMigratorProps) {
    super(scope, id);
    const { access, database } = props;
    const common = {
      DB_NAME: DATABASE_NAME,
      MIGRATION_STATEMENT_TIMEOUT_MS: String(9 * 60_000),
      DB_APP_SECRET_ARN: database.appSecret.secretArn,
    };
    const migrator = new BookstoreFunction(this, "Migrator", {
      entry: projectPaths.migratorHandler,
      description: "Schema migrations: {\"action\": \"status\" | \"up\" | \"down\"}",
      network: access.via === "proxy" ? access.network : undefined,
      layer: props.layer,
      timeout: Duration.minutes(10),
      environment:
        access.via === "proxy"
          ? { ...common, DB_AUTH: "iam", DB_PROXY_ENDPOINT: access.proxy.proxy.endpoint, DB_USER: OWNER_USERNAME, DB_CONNECT_TIMEOUT_MS: "30000" }
          : { ...common, DB_TRANSPORT: "data-api", DB_CLUSTER_ARN: database.cluster.clusterArn, DB_SECRET_ARN: database.ownerSecret.secretArn },
    });
    this.function = migrator.function;
    database.appSecret.grantRead(this.function);

    // The migrator's whole path to the database must exist before it runs.
    const path: Construct[] = [database.cluster];
    if (access.via === "proxy") {
      access.proxy.connections.allowDefaultPortFrom(migrator, "schema migrator to RDS Proxy");
      access.proxy.grantConnect(this.function, OWNER_USERNAME);
      access.network.secretsManager.allowDefaultPortFrom(migrator, "schema migrator to Secrets Manager");
      path.push(access.proxy.proxy, access.proxy.securityGroup, migrator.securityGroup as Construct, access.network);
    } else {
      grantDataApi(this.function, database.cluster, database.ownerSecret);
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
