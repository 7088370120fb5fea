import { classifyDatabaseError, ConfigurationError, databaseDialect, environment, type DataSource, type VariableSource } from "@bookstore/orm";
import type { AppRoleOptions } from "./app-role";
import { withWaitingReports } from "./waiting-report";
import { runDsqlMigrations } from "./dsql/run-dsql-migrations";
import { readAppRoleSettings } from "./app-role-settings";
import { openMigratorDataSource } from "./open-migrator-data-source";
import type { MigrationClass, MigrationProgress } from "./reporting-migrations";
import { runMigrations, type MigrationAction, type MigrationReport } from "./run-migrations";

export interface MigrateOptions {
  env?: VariableSource;
  onProgress?: (progress: MigrationProgress) => void;
  onConnected?: (target: string) => void;
  /** How a long step is going: an index build's phase and blocks, a DSQL job's state. */
  onWaiting?: (detail: string) => void;
  /** Each statement a migration sends, as it sends it (the check lints them). */
  onStatement?: (migration: string, direction: "up" | "down", sql: string) => void;
  /** The history to run instead of the dialect's committed one (the check of a migration not yet listed). */
  history?: readonly MigrationClass[];
  /** Let `down` remove rows (it refuses otherwise). */
  force?: boolean;
}

/** Connect as the owner, run the action, disconnect. */
export async function migrate(action: MigrationAction, options: MigrateOptions = {}): Promise<MigrationReport> {
  const env = options.env ?? process.env;
  const appRole = await readAppRoleSettings(env);
  const { dataSource, target } = await openMigratorDataSource(env, options.onProgress, options.onStatement, options.history);
  options.onConnected?.(target);
  try {
    return await withWaitingReports(options.onWaiting, () => runAction(dataSource, action, env, appRole, options.force));
  } catch (error) {
    // A setting the database service refused is named, as a bad DATABASE_URL is.
    const failure = classifyDatabaseError(error);
    if (failure.kind === "configuration") throw new ConfigurationError(failure.setting, `refused by the database service (${failure.code})`);
    throw error;
  } finally {
    await dataSource.destroy();
  }
}

async function runAction(
  dataSource: DataSource,
  action: MigrationAction,
  env: VariableSource,
  appRole: Omit<AppRoleOptions, "tables">,
  force: boolean | undefined,
): Promise<MigrationReport> {
  if (databaseDialect(env) === "dsql") {
      const settings = environment(env);
      const iamRoleArns = (settings.get("DB_APP_IAM_ROLE_ARN") ?? "").split(",").filter(Boolean);
      const password = settings.get("DB_AUTH") === "dsql" ? undefined : appRole.password;
      return runDsqlMigrations(dataSource, action, { role: appRole.role, password, iamRoleArns }, { force });
  }
  return runMigrations(dataSource, action, appRole, { force, lockTimeoutMs: environment(env).get("MIGRATION_LOCK_TIMEOUT_MS") });
}
