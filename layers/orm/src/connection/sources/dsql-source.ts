import type { ConnectionSettings } from "../connection-settings";
import { DatabaseConfigurationError } from "../database-configuration-error";

type Env = Readonly<Record<string, string | undefined>>;

// DSQL's built-in administrator; any other role logs in with a DbConnect token.
const ADMIN = "admin";

function required(env: Env, name: string): string {
  const value = env[name];
  if (!value) throw new DatabaseConfigurationError(name, "is required when DB_AUTH=dsql");
  return value;
}

/**
 * Aurora DSQL: IAM only. Each new physical connection gets a token signed
 * with the function's role by `@aws-sdk/dsql-signer` (local, no call to
 * AWS): `DbConnect` for the application's role, `DbConnectAdmin` for
 * `admin` (the migrator). TLS verify-full against the system's roots, the
 * only database `postgres`; connections are replaced before DSQL's
 * 60-minute limit (see the dsql connection settings).
 */
export async function readDsqlSettings(env: Env): Promise<ConnectionSettings> {
  const host = required(env, "DSQL_ENDPOINT");
  if (!/^[a-z0-9]+\.dsql[-a-z0-9]*\.[a-z0-9-]+\.on\.aws$/.test(host)) {
    throw new DatabaseConfigurationError("DSQL_ENDPOINT", "must be a cluster endpoint, <id>.dsql.<region>.on.aws");
  }
  const region = required(env, "AWS_REGION");
  const user = env.DB_USER || "bookstore_app";
  if (!process.env.AWS_ACCESS_KEY_ID || !process.env.AWS_SECRET_ACCESS_KEY) {
    throw new DatabaseConfigurationError("AWS_ACCESS_KEY_ID", "DSQL signs with the credentials Lambda sets in the environment; none are set");
  }
  const { DsqlSigner } = await import("@aws-sdk/dsql-signer");
  const credentials = async () => ({
    accessKeyId: process.env.AWS_ACCESS_KEY_ID as string,
    secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY as string,
    sessionToken: process.env.AWS_SESSION_TOKEN,
  });
  const signer = new DsqlSigner({ hostname: host, region, credentials });
  return {
    source: "dsql",
    host,
    port: Number(env.DSQL_PORT ?? 5432),
    database: "postgres",
    user,
    password: () => (user === ADMIN ? signer.getDbConnectAdminAuthToken() : signer.getDbConnectAuthToken()),
    ssl: { rejectUnauthorized: true },
    blame: "DB_AUTH=dsql (DSQL_ENDPOINT, DB_USER and the function's IAM role)",
  };
}
