/**
 * Every error code the API answers with, and its HTTP status: the functions,
 * API Gateway's own answers and the OpenAPI document all take them from here.
 */
export const ERROR_CODES = {
  VALIDATION_FAILED: { status: 400, description: "a field, parameter or header is invalid; details name each" },
  INVALID_JSON: { status: 400, description: "the body is missing or not a JSON object" },
  UNAUTHENTICATED: { status: 401, description: "no valid bearer token: missing, malformed, wrongly signed, expired, or for another issuer or audience" },
  FORBIDDEN: { status: 403, description: "signed in, but not allowed to do this" },
  NOT_FOUND: { status: 404, description: "no such resource or route" },
  METHOD_NOT_ALLOWED: { status: 405, description: "the route does not take this method; Allow lists those it takes" },
  CONFLICT: { status: 409, description: "another resource already holds a unique value; details name the field" },
  WRITE_CONFLICT: { status: 409, description: "other requests kept changing the same data; nothing was applied; retry after Retry-After seconds" },
  REQUEST_IN_PROGRESS: {
    status: 409,
    description: "a request with this Idempotency-Key is still being processed; retry after Retry-After seconds to get its answer",
  },
  PRECONDITION_FAILED: { status: 412, description: "If-Match names no current representation: the resource changed since it was read; nothing was changed" },
  PAYLOAD_TOO_LARGE: { status: 413, description: "the body is over 64 KB" },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, description: "the body is not application/json" },
  IDEMPOTENCY_KEY_REUSED: { status: 422, description: "the Idempotency-Key was used before for another request (method, path or body); nothing was written" },
  THROTTLED: { status: 429, description: "too many requests; retry after Retry-After seconds" },
  INTERNAL: { status: 500, description: "our fault; only the request id is shown" },
  DATABASE_UNAVAILABLE: { status: 503, description: "the database cannot serve the request now; retry after Retry-After seconds" },
  DATABASE_TIMEOUT: { status: 504, description: "the database did not answer in time; retry after Retry-After seconds" },
} as const satisfies Record<string, { status: number; description: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** The codes answered with `status`, for documenting a response. */
export function codesWithStatus(status: number): ErrorCode[] {
  return (Object.keys(ERROR_CODES) as ErrorCode[]).filter((code) => ERROR_CODES[code].status === status);
}
