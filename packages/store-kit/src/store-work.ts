import { onDatabaseRetry, runOnConnection, type EntityManager, type WorkIntent } from "@bookstore/orm";
import { telemetry } from "@bookstore/telemetry";

type Work<T> = (manager: EntityManager) => Promise<T>;

const RETRY_METRICS = { "credentials-changed": "DatabaseCredentialRefreshes", conflict: "ConcurrencyConflictRetries" } as const;

onDatabaseRetry((reason) => telemetry().count(RETRY_METRICS[reason as keyof typeof RETRY_METRICS] ?? "DatabaseRetries"));

function run<T>(intent: WorkIntent, work: Work<T>): Promise<T> {
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
