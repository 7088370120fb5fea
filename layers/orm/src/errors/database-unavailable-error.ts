/**
 * The database cannot serve the request right now (unreachable, restarting,
 * rejecting credentials, too slow). `outcomeUnknown` marks a write that may
 * or may not have been committed: the caller must not assume either.
 * The message is safe to log; it never holds a password or SQL.
 */
export class DatabaseUnavailableError extends Error {
  override readonly name = "DatabaseUnavailableError";

  constructor(
    message: string,
    readonly reason: "unreachable" | "timeout" | "authentication" | "lost" | "conflict",
    readonly outcomeUnknown = false,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
