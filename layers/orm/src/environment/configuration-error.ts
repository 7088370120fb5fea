import { AppError } from "../errors/app-errors";

/**
 * A setting is missing, malformed or contradicts another, or the database
 * service refused it. The message names the environment variable at fault
 * and never contains a secret; a function answers 503 until it is fixed.
 */
export class ConfigurationError extends AppError {
  override readonly name = "ConfigurationError";
  readonly kind = "misconfigured";
  readonly retryAfterSeconds = 30;

  constructor(
    readonly setting: string,
    detail: string,
  ) {
    super(`${setting}: ${detail}`);
  }
}
