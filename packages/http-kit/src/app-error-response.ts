import {
  AppError,
  ConflictError,
  InvalidReferenceError,
  InvalidValueError,
  NotFoundError,
  TimeoutError,
  UnavailableError,
} from "@bookstore/app-errors";
import { ApiError } from "./api-error";

const retryAfter = (seconds: number) => ({ "retry-after": String(seconds) });

/**
 * The HTTP answer to an application error: what the client caused is a 4xx
 * naming the field; the database being away is 503/504 with Retry-After.
 * Undefined for anything else, which is a fault of ours (500).
 */
export function appErrorToApiError(error: unknown): ApiError | undefined {
  if (!(error instanceof AppError)) return undefined;
  const details = (message: string) => (error.field ? [{ field: error.field, message }] : undefined);
  if (error instanceof NotFoundError) return new ApiError(404, "NOT_FOUND", error.message, details(error.message));
  if (error instanceof InvalidReferenceError) return new ApiError(404, "NOT_FOUND", error.message, details("does not exist"));
  if (error instanceof ConflictError) return new ApiError(409, "CONFLICT", error.message, details("is already taken"));
  if (error instanceof InvalidValueError) return new ApiError(400, "VALIDATION_FAILED", error.message, details("cannot be stored"));
  if (error instanceof UnavailableError) {
    return new ApiError(503, "DATABASE_UNAVAILABLE", error.message, undefined, retryAfter(error.retryAfterSeconds));
  }
  if (error instanceof TimeoutError) {
    return new ApiError(504, "DATABASE_TIMEOUT", error.message, undefined, retryAfter(error.retryAfterSeconds));
  }
  return undefined;
}
