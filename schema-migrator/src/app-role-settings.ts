import { ConfigurationError, environment, readRdsSecret, type VariableSource } from "@bookstore/orm";
import { assertRoleName, type AppRoleOptions } from "./app-role";

const DEFAULT_APP_ROLE = "bookstore_app";

/**
 * The application role as the database team configures it. In AWS the role
 * name and password come from the application secret (DB_APP_SECRET_ARN);
 * locally from DB_APP_ROLE / DB_APP_PASSWORD.
 */
export async function readAppRoleSettings(source: VariableSource): Promise<Omit<AppRoleOptions, "tables">> {
  const env = environment(source);
  const secretArn = env.get("DB_APP_SECRET_ARN");
  const secret = secretArn ? await readRdsSecret(secretArn, "DB_APP_SECRET_ARN") : undefined;
  const role = env.get("DB_APP_ROLE");
  if (role && secret && secret.username !== role) {
    throw new ConfigurationError("DB_APP_ROLE", `"${role}" differs from the user name in DB_APP_SECRET_ARN`);
  }
  const name = role ?? secret?.username ?? DEFAULT_APP_ROLE;
  // Before anything runs: a bad name must not leave migrations applied and grants missing.
  assertRoleName(name);
  return {
    role: name,
    password: secret?.password ?? env.get("DB_APP_PASSWORD"),
    statementTimeoutMs: env.get("DB_APP_STATEMENT_TIMEOUT_MS"),
    lockTimeoutMs: env.get("DB_APP_LOCK_TIMEOUT_MS"),
    grantRdsIam: env.get("DB_APP_GRANT_RDS_IAM"),
  };
}
