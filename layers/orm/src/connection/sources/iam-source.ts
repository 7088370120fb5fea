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
 *
 * The role's credentials are the ones Lambda puts in the environment,
 * passed to the signer explicitly: the SDK's full credential chain (SSO,
 * profiles, instance metadata…) would add tens of milliseconds to every
 * cold start for sources a function never has.
 */
export async function readIamSettings(env: Env): Promise<ConnectionSettings> {
  const endpoint = splitEndpoint(required(env, "DB_PROXY_ENDPOINT"));
  if (!endpoint.host) {
    throw new DatabaseConfigurationError("DB_PROXY_ENDPOINT", "must be a host name, optionally followed by :port");
  }
  const user = required(env, "DB_USER");
  const region = required(env, "AWS_REGION");
  if (!process.env.AWS_ACCESS_KEY_ID || !process.env.AWS_SECRET_ACCESS_KEY) {
    throw new DatabaseConfigurationError("AWS_ACCESS_KEY_ID", "IAM mode signs with the credentials Lambda sets in the environment; none are set");
  }
  const port = endpoint.port ?? 5432;
  const ssl = await awsTlsOptions(env);
  const { Signer } = await import("@aws-sdk/rds-signer");
  const credentials = async () => ({
    accessKeyId: process.env.AWS_ACCESS_KEY_ID as string,
    secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY as string,
    sessionToken: process.env.AWS_SESSION_TOKEN,
  });
  const signer = new Signer({ hostname: endpoint.host, port, username: user, region, credentials });
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
