import { CfnOutput, Stack, type StackProps } from "aws-cdk-lib";
import type { Construct } from "constructs";
import { readdirSync } from "node:fs";
import type { BookstoreDataStack } from "./data-stack";
import { FUNCTION_ARCHITECTURE, FUNCTION_RUNTIME } from "./bookstore-function";
import { retainLogsOfEveryFunction } from "./function-log-retention";
import { Monitoring } from "./monitoring";
import { OrmLayer } from "./orm-layer";
import type { Profile } from "./profiles";
import { projectPaths } from "./project-paths";
import { publishReleaseParameter, type ReleaseParameter } from "./release-parameters";
import { SchemaMigrator } from "./schema-migrator";

export interface SchemaStackProps extends StackProps {
  readonly data: BookstoreDataStack;
  readonly profile: Profile;
}

/** The newest migration's file name (its timestamp and name): the schema version this stack migrates to. */
function latestMigration(): string {
  const names = readdirSync(projectPaths.migrations).filter((name) => /^\d{13}-.+\.ts$/.test(name));
  return names.sort().at(-1)?.replace(/\.ts$/, "") ?? "none";
}

/**
 * The database team's release: the ORM layer version, the migrator and the trigger that runs it on deploy, and the parameters the API stack reads
 * (the layer version, the database's endpoint settings, the schema version)
 * under one prefix. A new layer changes this stack only.
 */
export class BookstoreSchemaStack extends Stack {
  readonly migrator: SchemaMigrator;

  constructor(scope: Construct, id: string, props: SchemaStackProps) {
    super(scope, id, props);
    const { layer } = new OrmLayer(this, "OrmLayer", { runtime: FUNCTION_RUNTIME, architecture: FUNCTION_ARCHITECTURE });
    this.migrator = new SchemaMigrator(this, "SchemaMigrator", { layer, access: props.data.migratorAccess, logRetention: props.profile.logRetention });
    new Monitoring(this, "Monitoring", { migrator: this.migrator.function, topic: props.data.monitoring.topic });

    const release: Partial<Record<ReleaseParameter, string>> = {
      ...props.data.release,
      layerVersionArn: layer.layerVersionArn,
      schemaVersion: latestMigration(),
    };
    for (const [key, value] of Object.entries(release)) {
      // Published once the migrations ran: the API never sees a layer ahead of its schema.
      publishReleaseParameter(this, key as ReleaseParameter, value).node.addDependency(this.migrator.trigger);
    }
    retainLogsOfEveryFunction(this, props.profile.logRetention);
    new CfnOutput(this, "MigratorFunctionName", {
      value: this.migrator.function.functionName,
      description: "aws lambda invoke --function-name <this> --payload '{\"action\":\"status\"}'",
    });
  }
}
