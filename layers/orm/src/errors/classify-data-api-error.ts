import type { DatabaseFailure } from "./classify-database-error";

interface SdkError {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: unknown;
  $fault?: "client" | "server";
}

// Calls the service refused before running anything: safe to repeat.
const NOT_RUN = new Set(["DatabaseResumingException", "ThrottlingException", "TooManyRequestsException", "TransactionNotFoundException"]);
// The service or the database failed while the call was in its hands.
const UNAVAILABLE = new Set(["DatabaseUnavailableException", "ServiceUnavailableError", "InternalServerErrorException"]);
// Refusals only a change of a setting cures, and the setting each names.
const SETTINGS: Record<string, string> = {
  HttpEndpointNotEnabledException: "DB_CLUSTER_ARN",
  InvalidSecretException: "DB_SECRET_ARN",
  SecretsErrorException: "DB_SECRET_ARN",
  AccessDeniedException: "DB_SECRET_ARN",
  ForbiddenException: "DB_SECRET_ARN",
  DatabaseNotFoundException: "DB_NAME",
  UnrecognizedClientException: "AWS_ACCESS_KEY_ID",
};

/**
 * A failure of a call to the RDS Data API (an error of the AWS SDK, which
 * carries `$metadata`), in the layer's terms, or undefined for any other
 * error. The Data API words a PostgreSQL error as
 * `ERROR: <message>…; SQLState: <code>`: the SQLSTATE and the constraint
 * are read from there, so a violation is classified as over `pg`.
 */
export function classifyDataApiError(error: unknown, bySqlState: (code: string, constraint?: string) => DatabaseFailure): DatabaseFailure | undefined {
  if (!error || typeof error !== "object" || !("$metadata" in error)) return undefined;
  const { name = "", message = "", $fault } = error as SdkError;
  // The SDK may wrap a network error it does not recognise ("AWS SDK error
  // wrapper for Error: connect ECONNREFUSED …"): the code is then in the message.
  const code = (error as SdkError).code ?? /\b(E[A-Z]{3,})\b/.exec(message)?.[1];
  if (name === "DatabaseErrorException") {
    const sqlState = /SQLState: (\w{5})\s*$/.exec(message)?.[1];
    const constraint = /constraint "([^"]+)"/.exec(message)?.[1];
    // The database's connection failed under the statement (class 08): it may have run.
    if (sqlState?.startsWith("08")) return { kind: "connection", mayHaveTakenEffect: true, code: sqlState };
    return sqlState ? bySqlState(sqlState, constraint) : { kind: "other" };
  }
  if (name === "StatementTimeoutException") {
    // Without continueAfterTimeout the service stops the statement: nothing applied.
    return { kind: "timeout", mayHaveTakenEffect: false, code: name };
  }
  if (NOT_RUN.has(name)) return { kind: "connection", mayHaveTakenEffect: false, code: name };
  const setting = SETTINGS[name] ?? (name === "BadRequestException" && /resourceArn|cluster/i.test(message) ? "DB_CLUSTER_ARN" : undefined);
  if (setting) return { kind: "configuration", setting, code: name };
  if (UNAVAILABLE.has(name) || $fault === "server") return { kind: "connection", mayHaveTakenEffect: true, code: name || "DATA_API_SERVER_ERROR" };
  if (code === "ECONNREFUSED" || code === "ENOTFOUND" || code === "EAI_AGAIN") {
    // The request never reached the service.
    return { kind: "connection", mayHaveTakenEffect: false, code };
  }
  if (code === "ECONNRESET" || code === "EPIPE" || code === "ETIMEDOUT" || /socket hang up|timed? ?out/i.test(message)) {
    return { kind: "connection", mayHaveTakenEffect: true, code: code ?? "DATA_API_CONNECTION_LOST" };
  }
  return { kind: "other" };
}
