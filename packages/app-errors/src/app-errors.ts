/**
 * What went wrong, in the application's terms. Stores throw these; the HTTP
 * kit maps them to statuses. Messages are safe to show a client: they name
 * resources and fields, never SQL, values or settings.
 */
export abstract class AppError extends Error {
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

  constructor(readonly resource: string, field?: string) {
    super(`${resource} does not exist`, field);
  }
}

/** Another resource already holds a value that must be unique. */
export class ConflictError extends AppError {
  override readonly name = "ConflictError";

  constructor(field: string, options?: { cause?: unknown }) {
    super(`a resource with this ${field} already exists`, field, options);
  }
}

/** A value names another resource that does not exist. */
export class InvalidReferenceError extends AppError {
  override readonly name = "InvalidReferenceError";

  constructor(field: string, options?: { cause?: unknown }) {
    super(`the resource named by ${field} does not exist`, field, options);
  }
}

/** A value breaks a rule of the schema that validation did not catch. */
export class InvalidValueError extends AppError {
  override readonly name = "InvalidValueError";

  constructor(field: string, options?: { cause?: unknown }) {
    super(`invalid ${field}`, field, options);
  }
}

/**
 * The database cannot serve the request now. `outcomeUnknown` marks a write
 * that may or may not have been applied: the client must check before
 * retrying. `retryAfterSeconds` is how long a client should wait.
 */
export class UnavailableError extends AppError {
  override readonly name = "UnavailableError";

  constructor(
    readonly outcomeUnknown: boolean,
    readonly retryAfterSeconds: number,
    options?: { cause?: unknown },
  ) {
    super(
      outcomeUnknown
        ? "the connection to the database was lost while the change was in flight; it may or may not have been applied, so check before retrying"
        : "the database is temporarily unavailable",
      undefined,
      options,
    );
  }
}

/** The database did not answer in time; nothing is known to have changed. */
export class TimeoutError extends AppError {
  override readonly name = "TimeoutError";

  constructor(readonly retryAfterSeconds: number, options?: { cause?: unknown }) {
    super("the database did not answer in time", undefined, options);
  }
}
