import { environment } from "@bookstore/orm";
import { randomBytes } from "node:crypto";

export interface AppRoleCredentials {
  role: string;
  password: string;
}

/**
 * Credentials for the application role on this machine: DB_APP_ROLE /
 * DB_APP_PASSWORD when set, otherwise the default role with a fresh random
 * password that the migrator sets and only this process knows.
 */
export function localAppRole(env: NodeJS.ProcessEnv): AppRoleCredentials {
  return {
    role: environment(env).get("DB_APP_ROLE") ?? "bookstore_app",
    password: environment(env).get("DB_APP_PASSWORD") ?? randomBytes(24).toString("base64url"),
  };
}

/**
 * Connections of the local API process. In AWS each concurrent request has
 * a container and a connection of its own; one local process stands in for
 * that many containers, so concurrent requests do not queue behind one.
 */
export const LOCAL_POOL_SIZE = "10";

/**
 * The environment the API handlers run with: the owner's database, logged
 * into as the application role, as the deployed functions are.
 */
export function appEnvironment(ownerEnv: NodeJS.ProcessEnv, credentials: AppRoleCredentials): NodeJS.ProcessEnv {
  const env = { ...ownerEnv, DB_POOL_SIZE: ownerEnv.DB_POOL_SIZE ?? LOCAL_POOL_SIZE };
  const databaseUrl = environment(ownerEnv).get("DATABASE_URL");
  if (databaseUrl) {
    const url = new URL(databaseUrl);
    url.username = encodeURIComponent(credentials.role);
    url.password = encodeURIComponent(credentials.password);
    return { ...env, DATABASE_URL: url.toString() };
  }
  return { ...env, PGUSER: credentials.role, PGPASSWORD: credentials.password };
}
