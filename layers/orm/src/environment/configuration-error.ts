/**
 * A setting is missing, malformed or contradicts another. The message names
 * the environment variable at fault and never contains a secret.
 */
export class ConfigurationError extends Error {
  override readonly name = "ConfigurationError";

  constructor(
    readonly setting: string,
    detail: string,
  ) {
    super(`${setting}: ${detail}`);
  }
}
