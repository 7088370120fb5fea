import { MigrationExecutor, type DataSource, type QueryRunner } from "@bookstore/orm";
import { ensureAppRole, type AppRoleOptions } from "./app-role";
import { dropInvalidIndexes, restoreMissingIndexes, watchingIndexBuilds } from "./index-builds";
import { withMigrationLock } from "./migration-lock";
import { countRows, DataLossRefusedError, rowsLost } from "./rows-at-stake";
import { sqlStateOf } from "./sql-state";
import { reportWaiting } from "./waiting-report";

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
// How long a migrator waits for another one to finish.
const LOCK_PATIENCE_MS = 10 * 60_000;
// DDL waits at most lockTimeoutMs (MIGRATION_LOCK_TIMEOUT_MS) for a table
// lock instead of stalling the API behind it; then the step is retried after
// pauses doubling from a fifteenth of it (1, 2, 4, 8, 16 s for 15 s).
const LOCK_RETRY_FACTORS = [1, 2, 4, 8, 16];
const LOCK_NOT_AVAILABLE = "55P03";

/** Thrown when a migration never got its table lock: one line saying what to look at. */
export class LockNotAvailableError extends Error {
  override readonly name = "LockNotAvailableError";
}

const isLockTimeout = (error: unknown) => sqlStateOf(error) === LOCK_NOT_AVAILABLE;

/** Runs `attempt` again after a pause while it fails for a lock it could not take in time. */
async function retryingLockTimeouts<T>(lockTimeoutMs: number, attempt: () => Promise<T>, pending: () => Promise<string | undefined>): Promise<T> {
  for (let retry = 0; ; retry += 1) {
    try {
      return await attempt();
    } catch (error) {
      if (!isLockTimeout(error)) throw error;
      const migration = (await pending()) ?? "a migration";
      const factor = LOCK_RETRY_FACTORS[retry];
      if (factor === undefined) {
        throw new LockNotAvailableError(
          `${migration} waited ${lockTimeoutMs} ms for its table lock ${retry + 1} times; another session holds it (see pg_locks and pg_stat_activity); it was not applied, run up again`,
        );
      }
      const delay = Math.round((lockTimeoutMs / 15) * factor);
      reportWaiting(`${migration}: a table lock was not free within ${lockTimeoutMs} ms; trying again in ${delay} ms`);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

export async function listState(executor: MigrationExecutor): Promise<Pick<MigrationReport, "applied" | "pending">> {
  const executed = await executor.getExecutedMigrations();
  const pending = await executor.getPendingMigrations();
  return {
    applied: executed.map((migration) => migration.name).reverse(),
    pending: pending.map((migration) => migration.name),
  };
}

async function inMigrationTransaction<T>(runner: QueryRunner, lockTimeoutMs: number, work: () => Promise<T>): Promise<T> {
  await runner.startTransaction();
  try {
    // A transaction-scoped lock: released by COMMIT or ROLLBACK, safe
    // through transaction-pooling proxies, and a second concurrent `up`
    // waits here, then finds nothing pending.
    await runner.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK_KEY]);
    await runner.query(`SET LOCAL lock_timeout = ${Math.max(1, Math.round(lockTimeoutMs))}`);
    const result = await work();
    await runner.commitTransaction();
    return result;
  } catch (error) {
    await runner.rollbackTransaction().catch(() => undefined);
    throw error;
  }
}

/** Pending migrations in the order they run: consecutive transactional ones together, each other one alone. */
function inGroups<M extends { instance?: { transaction?: boolean } }>(pending: readonly M[]): Array<{ alone: boolean; migrations: M[] }> {
  const groups: Array<{ alone: boolean; migrations: M[] }> = [];
  for (const migration of pending) {
    const alone = migration.instance?.transaction === false;
    const last = groups.at(-1);
    if (!alone && last && !last.alone) last.migrations.push(migration);
    else groups.push({ alone, migrations: [migration] });
  }
  return groups;
}

/**
 * Applies the pending migrations. Consecutive migrations that run in a
 * transaction run in one (all of them or none), with the application
 * role's grants in the last. A migration that declares `transaction =
 * false` (CREATE INDEX CONCURRENTLY and friends) runs alone, outside any
 * transaction, watched (its index build's progress reported): the history
 * then says exactly what ran, and an index an interrupted build left
 * INVALID is dropped and built again by the next `up`.
 */
async function applyPending(
  dataSource: DataSource,
  runner: QueryRunner,
  executor: MigrationExecutor,
  appRole: Omit<AppRoleOptions, "tables">,
  lockTimeoutMs: number,
): Promise<void> {
  const grantAppRole = () => ensureAppRole(runner, { ...appRole, tables: dataSource.entityMetadatas.map((metadata) => metadata.tableName) });
  const firstPending = async () => (await executor.getPendingMigrations())[0]?.name;
  await retryingLockTimeouts(lockTimeoutMs, async () => {
    const groups = inGroups(await executor.getPendingMigrations());
    const dropped = groups.some((group) => group.alone) ? await dropInvalidIndexes(runner) : [];
    for (const [index, group] of groups.entries()) {
      const last = index === groups.length - 1;
      if (!group.alone) {
        await inMigrationTransaction(runner, lockTimeoutMs, async () => {
          for (const migration of group.migrations) await executor.executeMigration(migration);
          if (last) await grantAppRole();
        });
        continue;
      }
      // For this session: the statement waits for its lock this long.
      await runner.query(`SET lock_timeout = ${Math.max(1, Math.round(lockTimeoutMs))}`);
      try {
        await watchingIndexBuilds(dataSource, () => executor.executeMigration(group.migrations[0] as never));
      } finally {
        await runner.query("RESET lock_timeout");
      }
    }
    await restoreMissingIndexes(runner, dropped);
    if (groups.length === 0 || groups.at(-1)?.alone) await inMigrationTransaction(runner, lockTimeoutMs, grantAppRole);
  }, firstPending);
}

/**
 * `up` applies every pending migration and converges the application
 * role's grants (see applyPending); `down` reverts the latest migration,
 * and refuses (rolling back) when that removes rows from any table unless
 * `force` is set; `status` only reads. Two migrators never run at once.
 */
export async function runMigrations(
  dataSource: DataSource,
  action: MigrationAction,
  appRole: Omit<AppRoleOptions, "tables">,
  options: { force?: boolean; lockTimeoutMs?: number } = {},
): Promise<MigrationReport> {
  const lockTimeoutMs = options.lockTimeoutMs ?? 15_000;
  const runner = dataSource.createQueryRunner();
  const executor = new MigrationExecutor(dataSource, runner);
  executor.transaction = "all";
  try {
    if (action === "status") {
      return { action, changed: [], ...(await listState(executor)) };
    }
    return await withMigrationLock(runner, LOCK_PATIENCE_MS, async () => {
      if (action === "up") {
        const before = await listState(executor);
        await applyPending(dataSource, runner, executor, appRole, lockTimeoutMs);
        const after = await listState(executor);
        return { action, changed: after.applied.filter((name) => !before.applied.includes(name)), ...after };
      }
      const [latest] = await executor.getExecutedMigrations();
      if (dataSource.migrations.find((migration) => migration.name === latest?.name)?.transaction === false) {
        // Reverting a step that runs outside a transaction (DROP INDEX CONCURRENTLY): nothing to roll back, no rows at stake.
        executor.transaction = "none";
        await executor.undoLastMigration();
        return { action, changed: [latest?.name as string], ...(await listState(executor)) };
      }
      return inMigrationTransaction(runner, lockTimeoutMs, async () => {
        const migrationsTable = dataSource.options.migrationsTableName ?? "migrations";
        const before = await listState(executor);
        const rowsBefore = await countRows(runner, migrationsTable);
        await executor.undoLastMigration();
        const after = await listState(executor);
        const changed = before.applied.filter((name) => !after.applied.includes(name));
        // Measured rather than read from the migration's SQL: whatever it
        // does, rows it removes are seen here, inside the transaction, and
        // refusing rolls it all back.
        const lost = rowsLost(rowsBefore, await countRows(runner, migrationsTable));
        if (lost.length > 0 && !options.force) throw new DataLossRefusedError(changed[0] ?? "the latest migration", lost);
        return { action, changed, ...(await listState(executor)) };
      });
    });
  } finally {
    await runner.release();
  }
}
