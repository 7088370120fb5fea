import { QueryFailedError, QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from "typeorm";
import { classifyDataApiError } from "./classify-data-api-error";

/**
 * What went wrong, in the terms callers decide on:
 * - `connection`: the connection could not be made or was lost.
 *   `mayHaveTakenEffect` is false only when it is certain the statement did
 *   not change anything: it never left this process, or the server answered
 *   it with an error.
 * - `timeout`: connecting or the statement took too long.
 * - `authentication`: the server rejected the credentials.
 * - constraint kinds: the data broke a rule of the schema.
 */
export type DatabaseFailure =
  | { kind: "connection"; mayHaveTakenEffect: boolean; code: string }
  | { kind: "timeout"; mayHaveTakenEffect: boolean; code: string }
  | { kind: "authentication"; code: string }
  /**
   * The transaction lost a race with another (40001 serialization failure,
   * 40P01 deadlock; DSQL's optimistic concurrency reports OC000/OC001 as
   * 40001): it was rolled back whole and applied nothing.
   */
  | { kind: "conflict"; code: string }
  /**
   * A row the statement needed stayed locked by another transaction past
   * lock_timeout (55P03): that one is still at work on it. Nothing applied.
   */
  | { kind: "locked"; code: string }
  /** The service refused a setting (a cluster ARN, a secret, a database name): only a change of it helps. */
  | { kind: "configuration"; setting: string; code: string }
  | { kind: "unique-violation" | "foreign-key-violation" | "check-violation" | "not-null-violation"; constraint?: string }
  | { kind: "invalid-value"; code: string }
  | { kind: "other" };

interface DriverError {
  code?: string;
  message?: string;
  constraint?: string;
}

const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ECONNABORTED",
]);

const NOT_SENT_MESSAGES = [/not queryable/i, /Client was closed/i];
const CONNECT_TIMEOUT_MESSAGES = [/timeout exceeded when trying to connect/i, /connection timeout/i];
const LOST_CONNECTION_MESSAGES = [/Connection terminated/i, /server closed the connection/i, /ended by the other party/i];

function driverErrorOf(error: unknown): { driverError: DriverError; viaQuery: boolean } {
  if (error instanceof QueryFailedError) {
    return { driverError: (error.driverError ?? {}) as DriverError, viaQuery: true };
  }
  return { driverError: (error ?? {}) as DriverError, viaQuery: false };
}

function bySqlState(code: string, constraint?: string): DatabaseFailure | undefined {
  switch (code) {
    case "23505":
      return { kind: "unique-violation", constraint };
    case "23503":
      return { kind: "foreign-key-violation", constraint };
    case "23514":
      return { kind: "check-violation", constraint };
    case "23502":
      return { kind: "not-null-violation", constraint };
    case "22P02":
    case "22003":
    case "22001":
    case "22007":
    case "22008":
    case "22021":
      return { kind: "invalid-value", code };
    case "28P01":
    case "28000":
      return { kind: "authentication", code };
    case "57014":
      // Cancelled by statement_timeout: the statement did not complete.
      return { kind: "timeout", mayHaveTakenEffect: false, code };
    case "40001":
    case "40P01":
      return { kind: "conflict", code };
    case "55P03":
      return { kind: "locked", code };
    case "57P01":
    case "57P02":
    case "57P03":
    case "53300":
      // The server says the session is over (admin shutdown, crash, cannot
      // connect now) or refuses a new one (too many connections, starting
      // up). As the answer to a statement it means the statement was not
      // committed (had it committed, its CommandComplete would have come first).
      return { kind: "connection", mayHaveTakenEffect: false, code };
  }
  return undefined;
}

export function classifyDatabaseError(error: unknown): DatabaseFailure {
  // TypeORM lets go of a query runner whose connection failed (on the
  // connection's error event); a statement asked of it afterwards, such as
  // the next one of a unit of work, never left this process. (Multi-statement
  // writes run in a transaction, which the server rolled back with the
  // connection.)
  if (error instanceof QueryRunnerAlreadyReleasedError || error instanceof QueryRunnerProviderAlreadyReleasedError) {
    return { kind: "connection", mayHaveTakenEffect: false, code: "CONNECTION_LOST" };
  }
  const { driverError, viaQuery } = driverErrorOf(error);
  const overDataApi = classifyDataApiError(driverError, (code, constraint) => bySqlState(code, constraint) ?? { kind: "other" });
  if (overDataApi) return overDataApi;
  const code = driverError.code ?? "";
  const message = driverError.message ?? "";
  const byState = bySqlState(code, driverError.constraint);
  if (byState) return byState;

  // TypeORM wraps only errors of the statement itself; anything else arose
  // while obtaining the connection, before a statement was written. EPIPE:
  // the write itself failed.
  const notSent = !viaQuery || code === "EPIPE" || NOT_SENT_MESSAGES.some((pattern) => pattern.test(message));

  if (message === "Query read timeout") {
    return { kind: "timeout", mayHaveTakenEffect: true, code: "QUERY_TIMEOUT" };
  }
  if (CONNECT_TIMEOUT_MESSAGES.some((pattern) => pattern.test(message))) {
    return { kind: "timeout", mayHaveTakenEffect: !notSent, code: "CONNECT_TIMEOUT" };
  }
  if (
    NETWORK_CODES.has(code) ||
    code.startsWith("08") ||
    LOST_CONNECTION_MESSAGES.some((pattern) => pattern.test(message)) ||
    NOT_SENT_MESSAGES.some((pattern) => pattern.test(message))
  ) {
    return { kind: "connection", mayHaveTakenEffect: !notSent, code: code || "CONNECTION_LOST" };
  }
  return { kind: "other" };
}
