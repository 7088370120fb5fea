/**
 * What went wrong, in the application's terms: the layer classifies every
 * database failure into one of these where it happens, stores add their
 * own (not found), and the HTTP kit answers each kind from one table.
 * Messages of the client's kinds name resources and fields, never SQL,
 * values or settings.
 */
export type AppErrorKind =
  | "not-found"
  | "forbidden"
  | "precondition-failed"
  | "conflict"
  | "invalid-reference"
  | "invalid-value"
  | "contention"
  | "unavailable"
  | "timeout"
  | "misconfigured";

export abstract class AppError extends Error {
  abstract readonly kind: AppErrorKind;
  /** The request field the failure is about, when there is one. */
  readonly field?: string;

  protected constructor(message: string, field?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.field = field;
  }
}

/** The resource does not exist (or no longer does). */
export class NotFoundError extends AppError {
  override readonly name = "NotFoundError";
  readonly kind = "not-found";

  constructor(readonly resource: string, field?: string) {
    super(`${resource} does not exist`, field);
  }
}

/** The caller may not do this to the resource (it is someone else's). */
export class ForbiddenError extends AppError {
  override readonly name = "ForbiddenError";
  readonly kind = "forbidden";

  constructor(message: string) {
    super(message);
  }
}

/** The resource is no longer what the caller last saw (a stale If-Match): nothing was changed. */
export class PreconditionFailedError extends AppError {
  override readonly name = "PreconditionFailedError";
  readonly kind = "precondition-failed";

  constructor(readonly resource: string) {
    super(`${resource} has changed since it was read; read it again and apply the change to what it is now`);
  }
}

/** Another resource already holds a value that must be unique. */
export class ConflictError extends AppError {
  override readonly name = "ConflictError";
  readonly kind = "conflict";

  constructor(field: string, options?: { cause?: unknown }) {
    super(`a resource with this ${field} already exists`, field, options);
  }
}

/** A value names another resource that does not exist. */
export class InvalidReferenceError extends AppError {
  override readonly name = "InvalidReferenceError";
  readonly kind = "invalid-reference";

  constructor(field: string, options?: { cause?: unknown }) {
    super(`the resource named by ${field} does not exist`, field, options);
  }
}

/** A value breaks a rule of the schema that validation did not catch. */
export class InvalidValueError extends AppError {
  override readonly name = "InvalidValueError";
  readonly kind = "invalid-value";

  constructor(field: string, options?: { cause?: unknown }) {
    super(`invalid ${field}`, field, options);
  }
}
