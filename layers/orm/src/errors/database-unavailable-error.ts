import { AppError } from "./app-errors";

export type UnavailableReason = "unreachable" | "timeout" | "authentication" | "lost" | "conflict" | "locked";

// How long a client should wait before trying again, by what went wrong.
const RETRY_AFTER_SECONDS: Record<UnavailableReason, number> = { unreachable: 1, lost: 1, conflict: 1, locked: 1, authentication: 1, timeout: 5 };

/**
 * The database cannot serve the request right now (unreachable, restarting,
 * rejecting credentials, too slow, or too contended: other writers kept
 * winning the race for the same rows until the time to answer ran out, or
 * held a row it needed for longer than lock_timeout). `outcomeUnknown` marks a
 * write that may or may not have been committed: the caller must not assume
 * either. The message locates the fault for logs and the CLI (host, code,
 * setting to check); it never holds a password or SQL, and the HTTP kit
 * shows clients a fixed text instead.
 */
export class DatabaseUnavailableError extends AppError {
  override readonly name = "DatabaseUnavailableError";
  readonly kind: "unavailable" | "timeout" | "contention";
  /** How long a client should wait before trying again. */
  readonly retryAfterSeconds: number;

  constructor(
    message: string,
    readonly reason: UnavailableReason,
    readonly outcomeUnknown = false,
    options?: { cause?: unknown },
  ) {
    super(message, undefined, options);
    this.kind = reason === "timeout" ? "timeout" : reason === "conflict" || reason === "locked" ? "contention" : "unavailable";
    this.retryAfterSeconds = RETRY_AFTER_SECONDS[reason];
  }
}
