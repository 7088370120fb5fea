import type { ConnectionSettings } from "../connection-settings";
import { lambdaCredentials } from "./lambda-credentials";
import { ConfigurationError, environment, type VariableSource } from "../../environment";

// DSQL's built-in administrator; any other role logs in with a DbConnect token.
const ADMIN = "admin";

/**
 * Aurora DSQL: IAM only. Each new physical connection gets a token signed
 * with the function's role by `@aws-sdk/dsql-signer` (local, no call to
 * AWS): `DbConnect` for the application's role, `DbConnectAdmin` for
 * `admin` (the migrator). TLS verify-full against the system's roots, the
 * only database `postgres`; connections are replaced before DSQL's
 * 60-minute limit (see the dsql connection settings).
 */
export async function readDsqlSettings(source: VariableSource): Promise<ConnectionSettings> {
  const env = environment(source);
  const when = "when DB_AUTH=dsql";
  const host = env.required("DSQL_ENDPOINT", when);
  if (!/^[a-z0-9]+\.dsql[-a-z0-9]*\.[a-z0-9-]+\.on\.aws$/.test(host)) {
    throw new ConfigurationError("DSQL_ENDPOINT", "must be a cluster endpoint, <id>.dsql.<region>.on.aws");
  }
  const region = env.required("AWS_REGION", when);
  const user = env.get("DB_USER") ?? "bookstore_app";
  const credentials = lambdaCredentials("DSQL signs with the credentials Lambda sets in the environment; none are set");
  const { DsqlSigner } = await import("@aws-sdk/dsql-signer");
  const signer = new DsqlSigner({ hostname: host, region, credentials });
  return {
    source: "dsql",
    host,
    port: env.get("DSQL_PORT"),
    database: "postgres",
    user,
    password: () => (user === ADMIN ? signer.getDbConnectAdminAuthToken() : signer.getDbConnectAuthToken()),
    ssl: { rejectUnauthorized: true },
    blame: "DB_AUTH=dsql (DSQL_ENDPOINT, DB_USER and the function's IAM role)",
  };
}
