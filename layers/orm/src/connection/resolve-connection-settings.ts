import type { ConnectionSettings, ConnectionTuning } from "./connection-settings";
import { ConfigurationError, environment, type VariableSource } from "../environment";
import { databaseDialect } from "./database-dialect";
import { readDsqlSettings } from "./sources/dsql-source";
import { readIamSettings } from "./sources/iam-source";
import { hasLibpqSettings, readLibpqSettings } from "./sources/libpq-source";
import { hasSecretsManagerSettings, readSecretsManagerSettings } from "./sources/secrets-manager-source";

type AuthMode = "libpq" | "secret" | "iam" | "dsql";

const READERS: Record<AuthMode, (env: VariableSource) => ConnectionSettings | Promise<ConnectionSettings>> = {
  libpq: readLibpqSettings,
  secret: readSecretsManagerSettings,
  iam: readIamSettings,
  dsql: readDsqlSettings,
};

/**
 * The one place that decides how to reach the database. An explicit
 * DB_AUTH wins; otherwise the mode follows from which settings are present,
 * and two modes configured at once is an error rather than a guess.
 */
export function chooseAuthMode(source: VariableSource): AuthMode {
  const mode = environment(source).get("DB_AUTH");
  if (mode) return mode;
  const secrets = hasSecretsManagerSettings(source);
  const libpq = hasLibpqSettings(source);
  if (secrets && libpq) {
    throw new ConfigurationError(
      "DB_AUTH",
      "both DB_SECRET_ARN and DATABASE_URL/PG* are set; set DB_AUTH=secret or DB_AUTH=libpq to choose",
    );
  }
  if (secrets) return "secret";
  if (libpq) return "libpq";
  throw new ConfigurationError(
    "DATABASE_URL",
    "no database configured: set DATABASE_URL (or PGHOST…), DB_SECRET_ARN with DB_PROXY_ENDPOINT, or DB_AUTH=iam",
  );
}

export function resolveConnectionSettings(env: VariableSource = process.env): Promise<ConnectionSettings> {
  return Promise.resolve().then(() => READERS[chooseAuthMode(env)](env));
}

function serverVersion(value: string | undefined): { serverVersion?: string } {
  if (value === undefined) return {};
  if (!/^\d+(\.\d+)*$/.test(value)) throw new ConfigurationError("DB_SERVER_VERSION", `"${value}" is not a version such as 17.9`);
  return { serverVersion: value };
}

export function resolveConnectionTuning(source: VariableSource = process.env): ConnectionTuning {
  const env = environment(source);
  return {
    connectTimeoutMs: env.get("DB_CONNECT_TIMEOUT_MS"),
    statementTimeoutMs: env.get("DB_STATEMENT_TIMEOUT_MS"),
    maxIdleMs: env.get("DB_MAX_IDLE_MS"),
    poolSize: env.get("DB_POOL_SIZE"),
    applicationName: env.get("AWS_LAMBDA_FUNCTION_NAME") ?? env.get("DB_APPLICATION_NAME"),
    dialect: databaseDialect(source),
    ...serverVersion(env.get("DB_SERVER_VERSION")),
  };
}
