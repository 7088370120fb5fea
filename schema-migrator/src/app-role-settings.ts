import { readRdsSecret } from "@bookstore/orm";
import type { AppRoleOptions } from "./app-role";

type Env = Readonly<Record<string, string | undefined>>;

const DEFAULT_APP_ROLE = "bookstore_app";
const DEFAULT_APP_STATEMENT_TIMEOUT_MS = 5_000;

/**
 * The application role as the database team configures it. In AWS the role
 * name and password come from the application secret (DB_APP_SECRET_ARN);
 * locally from DB_APP_ROLE / DB_APP_PASSWORD.
 */
export async function readAppRoleSettings(env: Env): Promise<Omit<AppRoleOptions, "tables">> {
  const secret = env.DB_APP_SECRET_ARN ? await readRdsSecret(env.DB_APP_SECRET_ARN, "DB_APP_SECRET_ARN") : undefined;
  if (env.DB_APP_ROLE && secret && secret.username !== env.DB_APP_ROLE) {
    throw new Error(`DB_APP_ROLE: "${env.DB_APP_ROLE}" differs from the user name in DB_APP_SECRET_ARN`);
  }
  const timeout = Number(env.DB_APP_STATEMENT_TIMEOUT_MS ?? DEFAULT_APP_STATEMENT_TIMEOUT_MS);
  if (!Number.isInteger(timeout) || timeout <= 0) {
    throw new Error(`DB_APP_STATEMENT_TIMEOUT_MS: "${env.DB_APP_STATEMENT_TIMEOUT_MS}" is not a positive whole number`);
  }
  return {
    role: env.DB_APP_ROLE ?? secret?.username ?? DEFAULT_APP_ROLE,
    password: secret?.password ?? env.DB_APP_PASSWORD,
    statementTimeoutMs: timeout,
    grantRdsIam: env.DB_APP_GRANT_RDS_IAM === "true",
  };
}
