import type { ConnectionSettings, ConnectionTuning } from "./connection-settings";
import { DatabaseConfigurationError } from "./database-configuration-error";
import { databaseDialect } from "./database-dialect";
import { readDsqlSettings } from "./sources/dsql-source";
import { readIamSettings } from "./sources/iam-source";
import { hasLibpqSettings, readLibpqSettings } from "./sources/libpq-source";
import { hasSecretsManagerSettings, readSecretsManagerSettings } from "./sources/secrets-manager-source";

type Env = Readonly<Record<string, string | undefined>>;

const AUTH_MODES = ["libpq", "secret", "iam", "dsql"] as const;
type AuthMode = (typeof AUTH_MODES)[number];

const READERS: Record<AuthMode, (env: Env) => ConnectionSettings | Promise<ConnectionSettings>> = {
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
export function chooseAuthMode(env: Env): AuthMode {
  if (env.DB_AUTH) {
    const mode = AUTH_MODES.find((candidate) => candidate === env.DB_AUTH);
    if (!mode) {
      throw new DatabaseConfigurationError("DB_AUTH", `"${env.DB_AUTH}" is not one of ${AUTH_MODES.join(", ")}`);
    }
    return mode;
  }
  const secrets = hasSecretsManagerSettings(env);
  const libpq = hasLibpqSettings(env);
  if (secrets && libpq) {
    throw new DatabaseConfigurationError(
      "DB_AUTH",
      "both DB_SECRET_ARN and DATABASE_URL/PG* are set; set DB_AUTH=secret or DB_AUTH=libpq to choose",
    );
  }
  if (secrets) return "secret";
  if (libpq) return "libpq";
  throw new DatabaseConfigurationError(
    "DATABASE_URL",
    "no database configured: set DATABASE_URL (or PGHOST…), DB_SECRET_ARN with DB_PROXY_ENDPOINT, or DB_AUTH=iam",
  );
}

export function resolveConnectionSettings(env: Env = process.env): Promise<ConnectionSettings> {
  return Promise.resolve().then(() => READERS[chooseAuthMode(env)](env));
}

function positiveInteger(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) {
    throw new DatabaseConfigurationError(name, `"${raw}" is not a positive whole number`);
  }
  return value;
}

function serverVersion(value: string): string {
  if (!/^\d+(\.\d+)*$/.test(value)) throw new DatabaseConfigurationError("DB_SERVER_VERSION", `"${value}" is not a version such as 17.9`);
  return value;
}

export function resolveConnectionTuning(env: Env = process.env): ConnectionTuning {
  return {
    connectTimeoutMs: positiveInteger(env, "DB_CONNECT_TIMEOUT_MS", 3_000),
    statementTimeoutMs: positiveInteger(env, "DB_STATEMENT_TIMEOUT_MS", 5_000),
    // Lambda's VPC network path drops TCP flows idle for 350 s without
    // telling either end; a connection idle longer than this is replaced.
    maxIdleMs: positiveInteger(env, "DB_MAX_IDLE_MS", 300_000),
    poolSize: positiveInteger(env, "DB_POOL_SIZE", 1),
    applicationName: env.AWS_LAMBDA_FUNCTION_NAME ?? env.DB_APPLICATION_NAME ?? "bookstore",
    dialect: databaseDialect(env),
    ...(env.DB_SERVER_VERSION ? { serverVersion: serverVersion(env.DB_SERVER_VERSION) } : {}),
  };
}
