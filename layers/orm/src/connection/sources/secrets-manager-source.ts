import type { ConnectionSettings } from "../connection-settings";
import { ConfigurationError, environment, type VariableSource } from "../../environment";
import { awsTlsOptions, splitEndpoint } from "./aws-tls-options";

/** The fields RDS writes into a database secret. */
export interface RdsSecret {
  username: string;
  password: string;
  port?: number;
  dbname?: string;
}

interface CachedSecret {
  arn: string;
  value: RdsSecret;
}

// One fetch per container; replaced only when the database rejects it.
let cached: CachedSecret | undefined;

function parseSecret(secretString: string | undefined, setting: string): RdsSecret {
  let parsed: unknown;
  try {
    parsed = JSON.parse(secretString ?? "");
  } catch {
    throw new ConfigurationError(setting, "the secret is not JSON as RDS writes it");
  }
  const secret = parsed as Partial<RdsSecret> | null;
  if (!secret || typeof secret.username !== "string" || typeof secret.password !== "string") {
    throw new ConfigurationError(setting, "the secret has no string username and password");
  }
  return {
    username: secret.username,
    password: secret.password,
    port: typeof secret.port === "number" ? secret.port : Number(secret.port) || undefined,
    dbname: typeof secret.dbname === "string" ? secret.dbname : undefined,
  };
}

/** Reads a database secret in the JSON shape RDS writes. */
export async function readRdsSecret(arn: string, setting = "DB_SECRET_ARN"): Promise<RdsSecret> {
  const { SecretsManagerClient, GetSecretValueCommand } = await import("@aws-sdk/client-secrets-manager");
  const client = new SecretsManagerClient({});
  try {
    const response = await client.send(new GetSecretValueCommand({ SecretId: arn }));
    return parseSecret(response.SecretString, setting);
  } catch (error) {
    if (error instanceof ConfigurationError) throw error;
    const name = (error as { name?: string }).name ?? "Error";
    throw new ConfigurationError(setting, `cannot read the secret (${name})`);
  } finally {
    client.destroy();
  }
}

async function currentSecret(arn: string): Promise<RdsSecret> {
  if (cached?.arn !== arn) {
    cached = { arn, value: await readRdsSecret(arn) };
  }
  return cached.value;
}

export function hasSecretsManagerSettings(source: VariableSource): boolean {
  return environment(source).isSet("DB_SECRET_ARN");
}

/**
 * User, password, port and database from the secret; host from the proxy
 * endpoint. After a rotation the database rejects the cached password:
 * `refreshCredentials` fetches the secret again, once per rejection.
 */
export async function readSecretsManagerSettings(source: VariableSource): Promise<ConnectionSettings> {
  const env = environment(source);
  const arn = env.required("DB_SECRET_ARN", "when DB_AUTH=secret");
  const endpoint = splitEndpoint(env.required("DB_PROXY_ENDPOINT", "with DB_SECRET_ARN (functions reach the database through RDS Proxy)"));
  if (!endpoint.host) {
    throw new ConfigurationError("DB_PROXY_ENDPOINT", "must be a host name, optionally followed by :port");
  }
  const secret = await currentSecret(arn);
  return {
    source: "secrets-manager",
    host: endpoint.host,
    port: endpoint.port ?? secret.port ?? 5432,
    database: env.get("DB_NAME") ?? secret.dbname ?? "postgres",
    user: secret.username,
    // Read at each new connection, so a refreshed secret takes effect at once.
    password: async () => (await currentSecret(arn)).password,
    ssl: await awsTlsOptions(source),
    blame: "DB_SECRET_ARN",
    refreshCredentials: async () => {
      const previous = cached?.value;
      cached = { arn, value: await readRdsSecret(arn) };
      return previous?.password !== cached.value.password || previous?.username !== cached.value.username;
    },
  };
}

