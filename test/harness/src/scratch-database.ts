import { migrate } from "@bookstore/schema-migrator";
import { randomBytes } from "node:crypto";
import { emulateDsql, withClient } from "@bookstore/local";

export interface ScratchDatabase {
  name: string;
  /** Superuser / schema owner URL of the test database. */
  ownerUrl: string;
  /** The application role's URL: what the API handlers log in with. */
  appUrl: string;
  appRole: string;
  appPassword: string;
  drop(): Promise<void>;
}

function withDatabase(serverUrl: string, database: string, credentials?: { user: string; password: string }): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  if (credentials) {
    url.username = credentials.user;
    url.password = encodeURIComponent(credentials.password);
  }
  return url.toString();
}


/**
 * A database of its own for one test or benchmark run, migrated, with an
 * application role of its own (roles are cluster-wide), both dropped by
 * `drop()`, so runs never see each other's data.
 */
export async function createScratchDatabase(
  serverUrl: string,
  { migrated = true, appRolePrefix = "bookstore_app", dialect = "postgres" }: { migrated?: boolean; appRolePrefix?: string; dialect?: "postgres" | "dsql" } = {},
): Promise<ScratchDatabase> {
  const suffix = `${process.pid}_${randomBytes(4).toString("hex")}`;
  const database = `bookstore_scratch_${suffix}`;
  const appRole = `${appRolePrefix}_${suffix}`;
  const appPassword = randomBytes(18).toString("base64url");
  await withClient(serverUrl, (client) => client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`));
  const ownerUrl = withDatabase(serverUrl, database);
  if (migrated) {
    await migrate("up", { env: { DATABASE_URL: ownerUrl, DB_APP_ROLE: appRole, DB_APP_PASSWORD: appPassword, DB_DIALECT: dialect } });
    if (dialect === "dsql") await emulateDsql(ownerUrl, appRole);
  }
  return {
    name: database,
    ownerUrl,
    appUrl: withDatabase(serverUrl, database, { user: appRole, password: appPassword }),
    appRole,
    appPassword,
    drop: () =>
      withClient(serverUrl, async (client) => {
        await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(database)} WITH (FORCE)`);
        await client.query(`DROP ROLE IF EXISTS ${client.escapeIdentifier(appRole)}`);
      }),
  };
}
