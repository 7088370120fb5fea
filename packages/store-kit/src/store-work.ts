import { AsyncLocalStorage } from "node:async_hooks";
import { asApplicationError, onDatabaseRetry, runInTransaction, runOnConnection, type EntityManager, type WorkIntent } from "@bookstore/orm";
import { telemetry } from "@bookstore/telemetry";

type Work<T> = (manager: EntityManager) => Promise<T>;

const RETRY_METRICS = { "credentials-changed": "DatabaseCredentialRefreshes", conflict: "ConcurrencyConflictRetries" } as const;

onDatabaseRetry((reason) => telemetry().count(RETRY_METRICS[reason as keyof typeof RETRY_METRICS] ?? "DatabaseRetries"));

/** The transaction of the unit of work under way in this async context, if any. */
const unitOfWork = new AsyncLocalStorage<EntityManager>();

/** `work` as part of the unit under way: its statements go into that unit's transaction, and a failure leaves it whole for the unit to retry or report. */
function joining<T>(joined: EntityManager, work: Work<T>): Promise<T> {
  return work(joined).catch((error: unknown) => {
    throw asApplicationError(error);
  });
}

function run<T>(intent: WorkIntent, work: Work<T>): Promise<T> {
  const joined = unitOfWork.getStore();
  if (joined) return joining(joined, work);
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
 * Writes in one transaction, which commits when `work` returns and rolls
 * back when it throws; inside a unit under way (inOneTransaction), in that
 * unit's transaction. Repeated once by the layer when the connection was
 * lost before the COMMIT was sent, since nothing was applied.
 */
export function writeInTransaction<T>(work: Work<T>): Promise<T> {
  const joined = unitOfWork.getStore();
  if (joined) return joining(joined, work);
  return telemetry().traced("database write", () => runInTransaction(work));
}

/**
 * Runs `work` as one unit: every read and write it makes through the
 * stores (and `manager`) goes into one transaction, which commits when
 * `work` returns and rolls back when it throws. A unit that lost a race is
 * run again whole.
 */
export function inOneTransaction<T>(work: Work<T>): Promise<T> {
  // Inside a unit already under way, writeInTransaction joins it: the same transaction.
  return writeInTransaction((inTransaction) => unitOfWork.run(inTransaction, () => work(inTransaction)));
}
