/**
 * A setting is missing, malformed or contradicts another. The message names
 * the environment variable at fault and never contains a secret.
 */
export class DatabaseConfigurationError extends Error {
  override readonly name = "DatabaseConfigurationError";

  constructor(
    readonly setting: string,
    detail: string,
  ) {
    super(`${setting}: ${detail}`);
  }
}
