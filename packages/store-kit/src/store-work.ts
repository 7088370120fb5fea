import { AsyncLocalStorage } from "node:async_hooks";
import { asApplicationError, onDatabaseRetry, runOnConnection, type EntityManager, type WorkIntent } from "@bookstore/orm";
import { telemetry } from "@bookstore/telemetry";

type Work<T> = (manager: EntityManager) => Promise<T>;

const RETRY_METRICS = { "credentials-changed": "DatabaseCredentialRefreshes", conflict: "ConcurrencyConflictRetries" } as const;

onDatabaseRetry((reason) => telemetry().count(RETRY_METRICS[reason as keyof typeof RETRY_METRICS] ?? "DatabaseRetries"));

/** The transaction of the unit of work under way in this async context, if any. */
const unitOfWork = new AsyncLocalStorage<EntityManager>();

function run<T>(intent: WorkIntent, work: Work<T>): Promise<T> {
  const joined = unitOfWork.getStore();
  if (joined) {
    // Part of a larger unit: its statements go into that transaction, and a
    // failure leaves it whole for the unit to retry or report.
    return work(joined).catch((error: unknown) => {
      throw asApplicationError(error);
    });
  }
  return telemetry().traced(`database ${intent}`, () => runOnConnection(intent, work));
}

/** Reads: repeated once by the layer when the connection was lost. */
export function read<T>(work: Work<T>): Promise<T> {
  return run("read", work);
}

/** Writes: never repeated once sent; a lost answer is reported as outcome unknown. */
export function write<T>(work: Work<T>): Promise<T> {
  return run("write", work);
}

/**
 * Runs `work` as one unit: every read and write it makes through the
 * stores (and `manager`) goes into one transaction, which commits when
 * `work` returns and rolls back when it throws. A unit that lost a race is
 * run again whole.
 */
export function inOneTransaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
  if (unitOfWork.getStore()) return run("write", work);
  return run("write", (manager) => manager.transaction((inTransaction) => unitOfWork.run(inTransaction, () => work(inTransaction))));
}

/**
 * `work` in a transaction: the one under way on `manager` when there is one
 * (TypeORM would nest a SAVEPOINT, which DSQL refuses), else a new one.
 */
export function withinTransaction<T>(manager: EntityManager, work: Work<T>): Promise<T> {
  return manager.queryRunner?.isTransactionActive ? work(manager) : manager.transaction(work);
}
