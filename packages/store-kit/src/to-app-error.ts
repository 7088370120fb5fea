import { ConflictError, InvalidReferenceError, InvalidValueError, TimeoutError, UnavailableError } from "@bookstore/app-errors";
import { classifyDatabaseError, CONSTRAINT_FIELDS, ConfigurationError, DatabaseUnavailableError } from "@bookstore/orm";

// How long a client should wait before trying again, by what went wrong.
const RETRY_AFTER_SECONDS = { lost: 1, timeout: 5, misconfigured: 30 } as const;

function fieldOf(constraint: string | undefined): string {
  return (constraint && CONSTRAINT_FIELDS[constraint]) || "body";
}

/**
 * A database failure in the application's terms, or the error unchanged
 * when it is not one the application can name (a fault of ours: a 500).
 */
export function toAppError(error: unknown): unknown {
  const cause = { cause: error };
  if (error instanceof ConfigurationError) {
    return new UnavailableError(false, RETRY_AFTER_SECONDS.misconfigured, cause);
  }
  if (error instanceof DatabaseUnavailableError) {
    if (error.outcomeUnknown) return new UnavailableError(true, RETRY_AFTER_SECONDS.lost, cause);
    return error.reason === "timeout"
      ? new TimeoutError(RETRY_AFTER_SECONDS.timeout, cause)
      : new UnavailableError(false, RETRY_AFTER_SECONDS.lost, cause);
  }
  const failure = classifyDatabaseError(error);
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
    case "connection":
    case "authentication":
      return new UnavailableError(false, RETRY_AFTER_SECONDS.lost, cause);
    case "timeout":
      return new TimeoutError(RETRY_AFTER_SECONDS.timeout, cause);
    default:
      return error;
  }
}
