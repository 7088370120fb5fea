import type { AppError, AppErrorKind, ConfigurationError, DatabaseUnavailableError } from "@bookstore/orm";
import { ApiError, type ErrorCode } from "./api-error";

interface Answer {
  code: ErrorCode;
  /** What the client reads; for the database's faults a fixed text, never the logged message. */
  message(error: AppError): string;
  /** The detail given for `error.field`, when the error names one. */
  detail?(error: AppError): string;
  /** Seconds in Retry-After. */
  retryAfter?(error: AppError): number;
}

const retryAfterOf = (error: AppError) => (error as DatabaseUnavailableError | ConfigurationError).retryAfterSeconds;
const own = (error: AppError) => error.message;
const MAYBE_APPLIED = "may or may not have been applied, so check before retrying";

/** How each kind of application error is answered: the one table. */
const ANSWERS: Record<AppErrorKind, Answer> = {
  "not-found": { code: "NOT_FOUND", message: own, detail: own },
  forbidden: { code: "FORBIDDEN", message: own },
  "precondition-failed": { code: "PRECONDITION_FAILED", message: own },
  "invalid-reference": { code: "NOT_FOUND", message: own, detail: () => "does not exist" },
  conflict: { code: "CONFLICT", message: own, detail: () => "is already taken" },
  "invalid-value": { code: "VALIDATION_FAILED", message: own, detail: () => "cannot be stored" },
  contention: {
    code: "WRITE_CONFLICT",
    message: () => "other requests kept changing the same data; nothing was applied",
    retryAfter: retryAfterOf,
  },
  unavailable: {
    code: "DATABASE_UNAVAILABLE",
    message: (error) =>
      (error as DatabaseUnavailableError).outcomeUnknown
        ? `the connection to the database was lost while the change was in flight; it ${MAYBE_APPLIED}`
        : "the database is temporarily unavailable",
    retryAfter: retryAfterOf,
  },
  timeout: {
    code: "DATABASE_TIMEOUT",
    message: (error) =>
      (error as DatabaseUnavailableError).outcomeUnknown ? `the database did not answer in time; the change ${MAYBE_APPLIED}` : "the database did not answer in time",
    retryAfter: retryAfterOf,
  },
  misconfigured: { code: "DATABASE_UNAVAILABLE", message: () => "the database is temporarily unavailable", retryAfter: retryAfterOf },
};

/** The HTTP answer to an application error. */
export function answerAppError(error: AppError): ApiError {
  const answer = ANSWERS[error.kind];
  const details = answer.detail && error.field ? [{ field: error.field, message: answer.detail(error) }] : undefined;
  const headers: Record<string, string> = answer.retryAfter ? { "retry-after": String(answer.retryAfter(error)) } : {};
  return new ApiError(answer.code, answer.message(error), details, headers);
}
