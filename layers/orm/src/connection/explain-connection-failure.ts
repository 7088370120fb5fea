import { classifyDatabaseError } from "../errors/classify-database-error";
import { DatabaseUnavailableError } from "../errors/database-unavailable-error";
import type { ConnectionSettings, ConnectionTuning } from "./connection-settings";
import { ConfigurationError } from "../environment/configuration-error";

const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|ERR_SSL|HOSTNAME_MISMATCH/;

/**
 * Turns a failure to open a connection into one line that says what failed
 * and which setting to look at. Never includes the password.
 */
export function explainConnectionFailure(
  error: unknown,
  settings: ConnectionSettings,
  tuning: ConnectionTuning,
): Error {
  if (error instanceof ConfigurationError || error instanceof DatabaseUnavailableError) {
    return error;
  }
  const { code = "", message = "" } = (error ?? {}) as { code?: string; message?: string };
  const where = `${settings.host}:${settings.port}`;
  const check = `check ${settings.blame}`;
  const failure = classifyDatabaseError(error);
  const cause = { cause: error };

  if (failure.kind === "authentication") {
    return new DatabaseUnavailableError(
      `the database rejected the credentials of user "${settings.user}" (${code}); ${check}`,
      "authentication",
      false,
      cause,
    );
  }
  if (code === "3D000") {
    return new ConfigurationError(settings.blame, `database "${settings.database}" does not exist on ${where}`);
  }
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") {
    return new DatabaseUnavailableError(`host "${settings.host}" cannot be resolved (${code}); ${check}`, "unreachable", false, cause);
  }
  if (TLS_CODES.test(code) || /ssl|tls|certificate/i.test(message)) {
    return new DatabaseUnavailableError(
      `TLS with ${where} failed (${code || message}); check PGSSLMODE and PGSSLROOTCERT`,
      "unreachable",
      false,
      cause,
    );
  }
  if (failure.kind === "timeout" && failure.code === "CONNECT_TIMEOUT") {
    return new DatabaseUnavailableError(
      `no answer from ${where} within ${tuning.connectTimeoutMs} ms; ${check} and DB_CONNECT_TIMEOUT_MS`,
      "timeout",
      false,
      cause,
    );
  }
  if (failure.kind === "timeout") {
    // Connected, but a statement initialize() sends (the server's version,
    // the search schema) outlived its limit: a busy proxy or server.
    return new DatabaseUnavailableError(
      `${where} did not answer a statement while connecting (${failure.code}); check DB_STATEMENT_TIMEOUT_MS (${tuning.statementTimeoutMs} ms)`,
      "timeout",
      false,
      cause,
    );
  }
  if (failure.kind === "connection") {
    return new DatabaseUnavailableError(`cannot connect to ${where} (${failure.code}); ${check}`, "unreachable", false, cause);
  }
  return new DatabaseUnavailableError(`cannot open a connection to ${where} (${code || "unexpected error"}); ${check}`, "unreachable", false, cause);
}
