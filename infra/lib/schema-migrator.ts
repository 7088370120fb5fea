import { Duration } from "aws-cdk-lib";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as triggers from "aws-cdk-lib/triggers";
import { Construct } from "constructs";
import { BookstoreFunction } from "./bookstore-function";
import { DATABASE_NAME, OWNER_USERNAME, type Database } from "./database";
import type { BookstoreDatabaseProxy } from "./database-proxy";
import type { Network } from "./network";
import { projectPaths } from "./project-paths";

export interface SchemaMigratorProps {
  readonly network: Network;
  readonly layer: lambda.ILayerVersion;
  readonly database: Database;
  readonly proxy: BookstoreDatabaseProxy;
}

/**
 * The database team's migrator: connects through the proxy as the schema
 * owner (IAM), applies migrations and the application role's grants, sets
 * that role's password from the application secret. It runs on every
 * deploy that changes it (the migrations are in its bundle) and fails the
 * deploy when a migration fails; it can also be invoked by name.
 */
export class SchemaMigrator extends Construct {
  readonly function: lambda.Function;
  /** Runs the migrations on deploy; other resources may be ordered after it. */
  readonly trigger: triggers.Trigger;

  constructor(scope: Construct, id: string, props: SchemaMigratorProps) {
    super(scope, id);
    const migrator = new BookstoreFunction(this, "Migrator", {
      entry: projectPaths.migratorHandler,
      description: "Schema migrations: {\"action\": \"status\" | \"up\" | \"down\"}",
      network: props.network,
      layer: props.layer,
      timeout: Duration.minutes(10),
      environment: {
        DB_AUTH: "iam",
        DB_PROXY_ENDPOINT: props.proxy.proxy.endpoint,
        DB_USER: OWNER_USERNAME,
        DB_NAME: DATABASE_NAME,
        DB_CONNECT_TIMEOUT_MS: "30000",
        MIGRATION_STATEMENT_TIMEOUT_MS: String(9 * 60_000),
        DB_APP_SECRET_ARN: props.database.appSecret.secretArn,
      },
    });
    this.function = migrator.function;
    props.proxy.connections.allowDefaultPortFrom(migrator, "schema migrator to RDS Proxy");
    props.proxy.grantConnect(this.function, OWNER_USERNAME);
    props.database.appSecret.grantRead(this.function);
    props.network.secretsManager.allowDefaultPortFrom(migrator, "schema migrator to Secrets Manager");

    this.trigger = new triggers.Trigger(this, "MigrateOnDeploy", {
      handler: this.function,
      // The migrator's whole path to the database: the proxy and the
      // cluster, and the security-group rules and endpoint it goes through.
      executeAfter: [props.database.cluster, props.proxy.proxy, props.proxy.securityGroup, migrator.securityGroup, props.network],
      executeOnHandlerChange: true,
      invocationType: triggers.InvocationType.REQUEST_RESPONSE,
      timeout: Duration.minutes(10),
    });
  }
}
