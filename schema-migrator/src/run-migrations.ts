import { MigrationExecutor, type DataSource, type QueryRunner } from "@bookstore/orm";
import { ensureAppRole, type AppRoleOptions } from "./app-role";
import { countRows, DataLossRefusedError, rowsLost } from "./rows-at-stake";

export const MIGRATION_ACTIONS = ["status", "up", "down"] as const;
export type MigrationAction = (typeof MIGRATION_ACTIONS)[number];

export interface MigrationReport {
  action: MigrationAction;
  /** Migrations this call applied (up) or reverted (down). */
  changed: string[];
  /** Every migration recorded in the database afterwards, oldest first. */
  applied: string[];
  /** Migrations known to the code and not yet applied, oldest first. */
  pending: string[];
}

// One fixed key: every migrator of this schema queues behind the others.
const MIGRATION_LOCK_KEY = 4_210_771_917;

export async function listState(executor: MigrationExecutor): Promise<Pick<MigrationReport, "applied" | "pending">> {
  const executed = await executor.getExecutedMigrations();
  const pending = await executor.getPendingMigrations();
  return {
    applied: executed.map((migration) => migration.name).reverse(),
    pending: pending.map((migration) => migration.name),
  };
}

async function inMigrationTransaction<T>(runner: QueryRunner, work: () => Promise<T>): Promise<T> {
  await runner.startTransaction();
  try {
    // A transaction-scoped lock: released by COMMIT or ROLLBACK, safe
    // through transaction-pooling proxies, and a second concurrent `up`
    // waits here, then finds nothing pending.
    await runner.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK_KEY]);
    // DDL waits at most this long for a table lock instead of stalling the API.
    await runner.query("SET LOCAL lock_timeout = '15s'");
    const result = await work();
    await runner.commitTransaction();
    return result;
  } catch (error) {
    await runner.rollbackTransaction().catch(() => undefined);
    throw error;
  }
}

/**
 * `up` applies every pending migration and converges the application
 * role's grants, all in one transaction; `down` reverts the latest
 * migration, and refuses (rolling back) when that removes rows from any
 * table unless `force` is set; `status` only reads.
 */
export async function runMigrations(
  dataSource: DataSource,
  action: MigrationAction,
  appRole: Omit<AppRoleOptions, "tables">,
  options: { force?: boolean } = {},
): Promise<MigrationReport> {
  const runner = dataSource.createQueryRunner();
  const executor = new MigrationExecutor(dataSource, runner);
  executor.transaction = "all";
  try {
    if (action === "status") {
      return { action, changed: [], ...(await listState(executor)) };
    }
    return await inMigrationTransaction(runner, async () => {
      let changed: string[];
      if (action === "up") {
        changed = (await executor.executePendingMigrations()).map((migration) => migration.name);
        const tables = dataSource.entityMetadatas.map((metadata) => metadata.tableName);
        await ensureAppRole(runner, { ...appRole, tables });
      } else {
        const migrationsTable = dataSource.options.migrationsTableName ?? "migrations";
        const before = await listState(executor);
        const rowsBefore = await countRows(runner, migrationsTable);
        await executor.undoLastMigration();
        const after = await listState(executor);
        changed = before.applied.filter((name) => !after.applied.includes(name));
        // Measured rather than read from the migration's SQL: whatever it
        // does, rows it removes are seen here, inside the transaction, and
        // refusing rolls it all back.
        const lost = rowsLost(rowsBefore, await countRows(runner, migrationsTable));
        if (lost.length > 0 && !options.force) throw new DataLossRefusedError(changed[0] ?? "the latest migration", lost);
      }
      return { action, changed, ...(await listState(executor)) };
    });
  } finally {
    await runner.release();
  }
}
