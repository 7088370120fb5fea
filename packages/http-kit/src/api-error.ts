export interface FieldProblem {
  field: string;
  message: string;
}

export type ErrorCode =
  | "VALIDATION_FAILED"
  | "INVALID_JSON"
  | "UNSUPPORTED_MEDIA_TYPE"
  | "PAYLOAD_TOO_LARGE"
  | "NOT_FOUND"
  | "METHOD_NOT_ALLOWED"
  | "CONFLICT"
  | "DATABASE_UNAVAILABLE"
  | "DATABASE_TIMEOUT"
  | "INTERNAL";

/** An error the client is told about: status, code, message, the fields at fault. */
export class ApiError extends Error {
  override readonly name = "ApiError";

  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly details?: FieldProblem[],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const notFound = (what: string, field?: string): ApiError =>
  new ApiError(404, "NOT_FOUND", `${what} does not exist`, field ? [{ field, message: `${what} does not exist` }] : undefined);

export const validationFailed = (details: FieldProblem[]): ApiError =>
  new ApiError(400, "VALIDATION_FAILED", `invalid ${details.map((detail) => detail.field).join(", ")}`, details);
