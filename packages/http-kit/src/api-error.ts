import { ERROR_CODES, type ErrorCode } from "@bookstore/api-contract";

export type { ErrorCode };

export interface FieldProblem {
  field: string;
  message: string;
}

/** An error the client is told about: its code (which fixes the status), message, the fields at fault. */
export class ApiError extends Error {
  override readonly name = "ApiError";
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: FieldProblem[],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.status = ERROR_CODES[code].status;
  }
}

export const validationFailed = (details: FieldProblem[]): ApiError =>
  new ApiError("VALIDATION_FAILED", `invalid ${details.map((detail) => detail.field).join(", ")}`, details);
