import {
  buildDataApiDataSource,
  buildDataSource,
  chooseTransport,
  readDataApiSettings,
  explainConnectionFailure,
  resolveConnectionSettings,
  resolveConnectionTuning,
  type DataSource,
} from "@bookstore/orm";
import { MIGRATIONS } from "./migrations";
import { reportingMigrations, type MigrationProgress } from "./reporting-migrations";

type Env = Readonly<Record<string, string | undefined>>;

const DEFAULT_MIGRATION_STATEMENT_TIMEOUT_MS = 15 * 60_000;

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
  env: Env,
  onProgress: (progress: MigrationProgress) => void = () => undefined,
): Promise<OpenedMigratorDataSource> {
  const migrations = reportingMigrations(MIGRATIONS, onProgress);
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
    statementTimeoutMs: Number(env.MIGRATION_STATEMENT_TIMEOUT_MS ?? DEFAULT_MIGRATION_STATEMENT_TIMEOUT_MS),
    applicationName: "bookstore-schema-migrator",
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
