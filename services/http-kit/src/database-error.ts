import {
  classifyDatabaseError,
  CONSTRAINT_FIELDS,
  DatabaseConfigurationError,
  DatabaseUnavailableError,
} from "@bookstore/orm";
import { ApiError } from "./api-error";

function fieldOf(constraint: string | undefined): string {
  return (constraint && CONSTRAINT_FIELDS[constraint]) || "body";
}

/**
 * The HTTP answer for a database failure, or undefined when the error is
 * not one the client can be told about (then it is a 500).
 * Client-caused violations are 4xx; the database being away is 503/504
 * with Retry-After. Messages never carry SQL, values or settings.
 */
export function databaseErrorToApiError(error: unknown): ApiError | undefined {
  if (error instanceof DatabaseConfigurationError) {
    return new ApiError(503, "DATABASE_UNAVAILABLE", "the database is unavailable", undefined, { "retry-after": "30" });
  }
  if (error instanceof DatabaseUnavailableError) {
    if (error.outcomeUnknown) {
      return new ApiError(
        503,
        "DATABASE_UNAVAILABLE",
        "the connection to the database was lost while the change was in flight; it may or may not have been applied, so check before retrying",
        undefined,
        { "retry-after": "1" },
      );
    }
    return error.reason === "timeout"
      ? new ApiError(504, "DATABASE_TIMEOUT", "the database did not answer in time", undefined, { "retry-after": "5" })
      : new ApiError(503, "DATABASE_UNAVAILABLE", "the database is temporarily unavailable", undefined, { "retry-after": "1" });
  }
  const failure = classifyDatabaseError(error);
  switch (failure.kind) {
    case "foreign-key-violation": {
      const field = fieldOf(failure.constraint);
      return new ApiError(404, "NOT_FOUND", `the resource named by ${field} does not exist`, [
        { field, message: "does not exist" },
      ]);
    }
    case "unique-violation":
      return new ApiError(409, "CONFLICT", "a resource with these values already exists", [
        { field: fieldOf(failure.constraint), message: "is already taken" },
      ]);
    case "check-violation":
    case "not-null-violation": {
      const field = fieldOf(failure.constraint);
      return new ApiError(400, "VALIDATION_FAILED", `invalid ${field}`, [{ field, message: "is out of the allowed range" }]);
    }
    case "invalid-value":
      return new ApiError(400, "VALIDATION_FAILED", "invalid value", [{ field: "body", message: "a value cannot be stored" }]);
    case "connection":
    case "authentication":
      return new ApiError(503, "DATABASE_UNAVAILABLE", "the database is temporarily unavailable", undefined, { "retry-after": "1" });
    case "timeout":
      return new ApiError(504, "DATABASE_TIMEOUT", "the database did not answer in time", undefined, { "retry-after": "5" });
    default:
      return undefined;
  }
}
