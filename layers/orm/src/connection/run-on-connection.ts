import type { EntityManager } from "typeorm";
import { CONSTRAINT_FIELDS } from "../entities";
import { ConfigurationError } from "../environment/configuration-error";
import { AppError, ConflictError, InvalidReferenceError, InvalidValueError } from "../errors/app-errors";
import { classifyDatabaseError, type DatabaseFailure } from "../errors/classify-database-error";
import { DatabaseUnavailableError } from "../errors/database-unavailable-error";
import { closeDataSource, getDataSource, openedDataSource, refreshCredentials } from "./get-data-source";
import { borrowKeptRunnerNow, borrowRunner, returnRunner } from "./kept-runner";
import { workDeadline } from "./work-deadline";

/** A read changes nothing; a write may have been committed once sent. */
export type WorkIntent = "read" | "write";

type Work<T> = (manager: EntityManager) => Promise<T>;

type ConnectionFailure = Extract<DatabaseFailure, { kind: "connection" | "timeout" }>;

// Answers that mean "not now": the Data API waking a paused cluster, or
// throttling. Worth a few waits that stay well inside a function's timeout.
const WAIT_AND_RETRY = new Set(["DatabaseResumingException", "ThrottlingException", "TooManyRequestsException"]);
const MAX_WAITS = 3;
const BACKOFF_BASE_MS = 250;

/** Exponential backoff with equal jitter: 125–250 ms, 250–500 ms, 500–1000 ms (at least ~0.9 s in all). */
function jitteredBackoffMs(attempt: number): number {
  const ceiling = BACKOFF_BASE_MS * 2 ** attempt;
  return ceiling / 2 + (Math.random() * ceiling) / 2;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// A unit of work that lost a race is run again whole for as long as the
// caller's deadline allows (without one, for this long).
const DEFAULT_CONFLICT_BUDGET_MS = 10_000;
// Any retry starts only with this much time left before the caller's
// deadline, for the attempt itself and the answer.
const RETRY_RESERVE_MS = 500;
const CONFLICT_BACKOFF_BASE_MS = 10;
const CONFLICT_BACKOFF_CAP_MS = 200;

/**
 * Exponential backoff with full jitter, 0–10 ms doubling up to 200 ms:
 * racing writers spread out, and a hot row still gets an attempt every few
 * round trips when the database is milliseconds away.
 */
function conflictBackoffMs(attempt: number): number {
  return Math.random() * Math.min(CONFLICT_BACKOFF_CAP_MS, CONFLICT_BACKOFF_BASE_MS * 2 ** attempt);
}

/** Whether a retry after waiting `pauseMs` would still start in time (always, without a deadline). */
function timeForRetry(deadline: number | undefined, pauseMs = 0): boolean {
  return deadline === undefined || Date.now() + pauseMs + RETRY_RESERVE_MS < deadline;
}

/** Why a unit of work was run again. */
export type RetryReason = "connection-lost" | "open-failed" | "credentials-changed" | "conflict";

const retryListeners = new Set<(reason: RetryReason) => void>();

/** Calls `listener` each time work is retried (for metrics); returns the way to stop. */
export function onDatabaseRetry(listener: (reason: RetryReason) => void): () => void {
  retryListeners.add(listener);
  return () => retryListeners.delete(listener);
}

function retrying(reason: RetryReason): void {
  for (const listener of retryListeners) listener(reason);
}

function connectionFailureOf(error: unknown): ConnectionFailure | undefined {
  const failure = classifyDatabaseError(error);
  return failure.kind === "connection" || failure.kind === "timeout" ? failure : undefined;
}

// Failures of a runInTransaction unit that came before its COMMIT was sent.
const failedBeforeCommit = new WeakSet<object>();

/**
 * classifyDatabaseError's verdict, knowing what the unit was: a transaction
 * that failed before its COMMIT was sent applied nothing, whatever became of
 * its connection (the server rolls back a transaction whose session ends).
 */
function failureOf(error: unknown): DatabaseFailure {
  const failure = classifyDatabaseError(error);
  if ((failure.kind === "connection" || failure.kind === "timeout") && failedBeforeCommit.has(error as object)) {
    return { ...failure, mayHaveTakenEffect: false };
  }
  return failure;
}

async function attempt<T>(work: Work<T>): Promise<T> {
  // A warm container awaits nothing before the work: each await takes a promise and a turn of the microtask queue.
  const dataSource = openedDataSource() ?? (await getDataSource());
  const runner = borrowKeptRunnerNow(dataSource) ?? (await borrowRunner(dataSource));
  let broken = false;
  try {
    return await work(runner.manager);
  } catch (error) {
    // A dead or still-busy connection must not serve the next unit.
    broken = connectionFailureOf(error) !== undefined;
    throw error;
  } finally {
    const returning = returnRunner(runner, broken);
    if (returning) await returning;
  }
}

function unavailable(failure: ConnectionFailure, intent: WorkIntent, error: unknown): DatabaseUnavailableError {
  const outcomeUnknown = intent === "write" && failure.mayHaveTakenEffect;
  const what = failure.kind === "timeout" ? "did not answer in time" : "connection was lost";
  const message = outcomeUnknown
    ? `the database ${what} after a write was sent (${failure.code}); it may or may not have been applied`
    : `the database ${what} (${failure.code})`;
  return new DatabaseUnavailableError(message, failure.kind === "timeout" ? "timeout" : "lost", outcomeUnknown, { cause: error });
}

function fieldOf(constraint: string | undefined): string {
  return (constraint && CONSTRAINT_FIELDS[constraint]) || "body";
}

/**
 * What the data broke, as the application's error naming the field; the
 * error unchanged when it is nothing the application can name (a fault of
 * ours: a 500).
 */
function violationOf(failure: DatabaseFailure, error: unknown): unknown {
  const cause = { cause: error };
  switch (failure.kind) {
    case "foreign-key-violation":
      return new InvalidReferenceError(fieldOf(failure.constraint), cause);
    case "unique-violation":
      return new ConflictError(fieldOf(failure.constraint), cause);
    case "check-violation":
    case "not-null-violation":
      return new InvalidValueError(fieldOf(failure.constraint), cause);
    case "invalid-value":
      return new InvalidValueError("body", cause);
    default:
      return error;
  }
}

/**
 * A failed statement of work that runs inside another unit's transaction,
 * in the application's terms where the data broke a rule (as
 * runOnConnection would say it); anything else unchanged, for the unit
 * that owns the transaction to retry or report.
 */
export function asApplicationError(error: unknown): unknown {
  if (error instanceof AppError) return error;
  return violationOf(classifyDatabaseError(error), error);
}

/**
 * Runs work (one statement, or several without a transaction) on the process's one
 * connection, and heals the connection when it was lost. Every database
 * failure leaves it as an application error (AppError), classified once,
 * here.
 *
 * The retry rule, applied here and nowhere else:
 * - A connection-class failure (lost, reset, refused, server shutting down)
 *   discards the connection. The work is then retried ONCE on a fresh
 *   connection if it is a read, or if the failure provably happened before
 *   the statement left this process (the database never saw it).
 * - A write whose statement was sent is NEVER retried: it may have been
 *   committed. The caller gets a DatabaseUnavailableError with
 *   `outcomeUnknown` and must answer 503 with Retry-After. (A unit run by
 *   runInTransaction that failed before its COMMIT was sent committed
 *   nothing: it is retried as a read is.)
 * - A timeout is not retried either: a second wait could outlast the
 *   function's own timeout, and a slow statement would be slow again.
 * - No retry of any kind starts when the invocation's deadline
 *   (setWorkDeadline: the function's remaining time) is less than half a
 *   second away: the failure is reported while there is time to answer.
 * - A statement that waited longer than lock_timeout for a row another
 *   transaction holds (55P03) is not retried: the other is still at work;
 *   reported as contention (409 with Retry-After), nothing applied.
 * - A transaction that lost a race (40001, 40P01; optimistic concurrency on
 *   DSQL) was rolled back whole: it is run again with jittered exponential
 *   backoff until the invocation's deadline (setWorkDeadline: the function's
 *   remaining time) is near, then reported as contention (409 with
 *   Retry-After) with nothing applied.
 * - "Not now" answers of the Data API (a cluster resuming from zero
 *   capacity, throttling) ran nothing: waited out up to three times with
 *   jittered exponential backoff, then 503 with Retry-After.
 * - Credentials rejected (as after a rotation): fetch them again once and,
 *   if they changed, reopen the DataSource and retry.
 */
export async function runOnConnection<T>(intent: WorkIntent, work: Work<T>): Promise<T> {
  let retried = false;
  let refreshed = false;
  let waits = 0;
  let conflicts = 0;
  const deadline = workDeadline();
  const conflictDeadline = deadline ?? Date.now() + DEFAULT_CONFLICT_BUDGET_MS;
  for (;;) {
    try {
      return await attempt(work);
    } catch (error) {
      // The work's own verdicts (a store's not found) and settings found wrong on opening: nothing to retry.
      if (error instanceof AppError && !(error instanceof DatabaseUnavailableError)) throw error;
      const failure = failureOf(error);
      const authenticationRejected =
        (error instanceof DatabaseUnavailableError && error.reason === "authentication") || failure.kind === "authentication";
      if (authenticationRejected) {
        if (!refreshed && timeForRetry(deadline) && (await refreshCredentials())) {
          refreshed = true;
          await closeDataSource();
          retrying("credentials-changed");
          continue;
        }
        throw error instanceof DatabaseUnavailableError
          ? error
          : new DatabaseUnavailableError("the database rejected the credentials", "authentication", false, { cause: error });
      }
      if (error instanceof DatabaseUnavailableError) {
        // Opening the DataSource failed: no statement was sent.
        if (!retried && error.reason !== "timeout" && timeForRetry(deadline)) {
          retried = true;
          retrying("open-failed");
          continue;
        }
        throw error;
      }
      if (failure.kind === "configuration") {
        throw new ConfigurationError(failure.setting, `refused by the database service (${failure.code})`);
      }
      if (failure.kind === "conflict") {
        // The database rolled the whole unit back: repeating it is safe, for writes too.
        const pause = conflictBackoffMs(conflicts);
        if (timeForRetry(conflictDeadline, pause)) {
          await sleep(pause);
          conflicts += 1;
          retrying("conflict");
          continue;
        }
        throw new DatabaseUnavailableError(
          `the work lost ${conflicts + 1} races with concurrent writers (${failure.code}); nothing was applied`,
          "conflict",
          false,
          { cause: error },
        );
      }
      if (failure.kind === "locked") {
        throw new DatabaseUnavailableError(`a row the work needed stayed locked by another transaction (${failure.code}); nothing was applied`, "locked", false, {
          cause: error,
        });
      }
      if (failure.kind !== "connection" && failure.kind !== "timeout") throw violationOf(failure, error);
      const safeToRepeat = intent === "read" || !failure.mayHaveTakenEffect;
      if (failure.kind === "connection" && safeToRepeat && WAIT_AND_RETRY.has(failure.code) && waits < MAX_WAITS) {
        const wait = jitteredBackoffMs(waits);
        if (timeForRetry(deadline, wait)) {
          await sleep(wait);
          waits += 1;
          retrying("connection-lost");
          continue;
        }
      }
      if (!retried && failure.kind === "connection" && safeToRepeat && timeForRetry(deadline)) {
        retried = true;
        retrying("connection-lost");
        continue;
      }
      throw unavailable(failure, intent, error);
    }
  }
}

/**
 * Runs work in one transaction, with runOnConnection's rules, as a write.
 * The transaction commits when `work` returns and rolls back when it
 * throws. Since the unit is that one transaction, a connection lost before
 * its COMMIT was sent provably applied nothing: it is run again once on a
 * fresh connection, as a read would be, where a write outside a
 * transaction, or a lost COMMIT, is reported as outcome unknown.
 */
export function runInTransaction<T>(work: Work<T>): Promise<T> {
  return runOnConnection("write", async (manager) => {
    let committing = false;
    try {
      return await manager.transaction(async (inTransaction) => {
        const result = await work(inTransaction);
        committing = true;
        return result;
      });
    } catch (error) {
      if (!committing && typeof error === "object" && error !== null) failedBeforeCommit.add(error);
      throw error;
    }
  });
}
