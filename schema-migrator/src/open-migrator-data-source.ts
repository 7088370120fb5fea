import {
  buildDataApiDataSource,
  buildDataSource,
  chooseTransport,
  databaseDialect,
  readDataApiSettings,
  explainConnectionFailure,
  resolveConnectionSettings,
  resolveConnectionTuning,
  environment,
  type DataSource,
  type VariableSource,
} from "@bookstore/orm";
import { forPostgres } from "./dsql/dsql-rules";
import { DSQL_MIGRATIONS, MIGRATIONS } from "./migration-history";
import { adaptedMigrations, reportingMigrations, type MigrationClass, type MigrationProgress } from "./reporting-migrations";

/** The migrations of the schema the dialect wants; DSQL's adapted when they run on plain PostgreSQL. */
function migrationsFor(env: VariableSource, history?: readonly MigrationClass[]): MigrationClass[] {
  if (databaseDialect(env) === "postgres") return [...(history ?? MIGRATIONS)];
  return environment(env).get("DB_AUTH") === "dsql" ? [...(history ?? DSQL_MIGRATIONS)] : adaptedMigrations(history ?? DSQL_MIGRATIONS, forPostgres);
}

export interface OpenedMigratorDataSource {
  dataSource: DataSource;
  /** user@host:port/database and the setting it came from, for the CLI. */
  target: string;
}

/**
 * Connects as the schema owner (the database team's role), with the same
 * settings resolver the functions use, and with no statement time limit
 * short enough to cut a migration in half.
 */
export async function openMigratorDataSource(
  env: VariableSource,
  onProgress: (progress: MigrationProgress) => void = () => undefined,
  onStatement?: (migration: string, direction: "up" | "down", sql: string) => void,
  history?: readonly MigrationClass[],
): Promise<OpenedMigratorDataSource> {
  const migrations = reportingMigrations(migrationsFor(env, history), onProgress, onStatement);
  if (chooseTransport(env) === "data-api") {
    // The owner's secret; the migration transaction is one Data API transaction.
    const settings = readDataApiSettings(env);
    const dataSource = buildDataApiDataSource(settings, migrations);
    await dataSource.initialize();
    return { dataSource, target: `${settings.database} on ${settings.resourceArn} over the Data API (DB_SECRET_ARN)` };
  }
  const settings = await resolveConnectionSettings(env);
  const tuning = {
    ...resolveConnectionTuning(env),
    statementTimeoutMs: environment(env).get("MIGRATION_STATEMENT_TIMEOUT_MS"),
    applicationName: "bookstore-schema-migrator",
    // The migration's own connection, one that renews its lock, one that watches an index build.
    poolSize: Math.max(resolveConnectionTuning(env).poolSize, 3),
  };
  const dataSource = buildDataSource({ settings, tuning, migrations });
  try {
    await dataSource.initialize();
  } catch (error) {
    throw explainConnectionFailure(error, settings, tuning);
  }
  return {
    dataSource,
    target: `${settings.user}@${settings.host}:${settings.port}/${settings.database} (${settings.blame})`,
  };
}
