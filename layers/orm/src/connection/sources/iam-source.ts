import type { ConnectionSettings } from "../connection-settings";
import { DatabaseConfigurationError } from "../database-configuration-error";
import { awsTlsOptions, splitEndpoint } from "./aws-tls-options";

type Env = Readonly<Record<string, string | undefined>>;

function required(env: Env, name: string): string {
  const value = env[name];
  if (!value) {
    throw new DatabaseConfigurationError(name, "is required when DB_AUTH=iam");
  }
  return value;
}

/**
 * IAM database authentication: no password anywhere. Each new physical
 * connection gets a token freshly signed with the function's role
 * (`@aws-sdk/rds-signer`, local and ≈2 ms), so no token is ever reused,
 * let alone after the 10 minutes we allow of its 15-minute life.
 */
export async function readIamSettings(env: Env): Promise<ConnectionSettings> {
  const endpoint = splitEndpoint(required(env, "DB_PROXY_ENDPOINT"));
  if (!endpoint.host) {
    throw new DatabaseConfigurationError("DB_PROXY_ENDPOINT", "must be a host name, optionally followed by :port");
  }
  const user = required(env, "DB_USER");
  const region = required(env, "AWS_REGION");
  const port = endpoint.port ?? 5432;
  const ssl = await awsTlsOptions(env);
  const { Signer } = await import("@aws-sdk/rds-signer");
  const signer = new Signer({ hostname: endpoint.host, port, username: user, region });
  return {
    source: "iam",
    host: endpoint.host,
    port,
    database: required(env, "DB_NAME"),
    user,
    password: () => signer.getAuthToken(),
    ssl,
    blame: "DB_AUTH=iam (DB_PROXY_ENDPOINT, DB_USER and the function's IAM role)",
  };
}
