import { environment, type VariableName } from "@bookstore/orm";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { postgresOsUser } from "./os-user";
import { canReach } from "./os-user-access";
import { PostgresCluster } from "./postgres-cluster";
import { withClient } from "./with-client";

export interface LocalDatabase {
  /** Environment for the schema owner (the migrator). */
  ownerEnv: NodeJS.ProcessEnv;
  /** Printed on start: which database this is. */
  description: string;
  stop(): Promise<void>;
}

const CHECKOUT = resolve(__dirname, "..", "..", "..");
const DEFAULT_DATA_DIR = join(CHECKOUT, ".data", "postgres");
const EMBEDDED_DATABASE = "bookstore";
// Local only: the server listens on 127.0.0.1 and holds development data.
const EMBEDDED_SUPERUSER_PASSWORD = "bookstore";

const DATABASE_SETTINGS: readonly VariableName[] = ["DATABASE_URL", "PGHOST", "PGDATABASE", "PGUSER", "DB_AUTH", "DB_SECRET_ARN"];

function isConfigured(env: NodeJS.ProcessEnv): boolean {
  return DATABASE_SETTINGS.some((name) => environment(env).isSet(name));
}

/**
 * Where the embedded server keeps its data: EMBEDDED_PG_DATA_DIR, else
 * .data/postgres in the checkout. Run as root, the server runs as the
 * postgres OS user; when that user cannot enter the checkout (one in /root,
 * or under mktemp -d), the data goes to a folder of its own in /var/tmp,
 * kept across restarts and named after the checkout.
 */
export function embeddedDataDir(env: NodeJS.ProcessEnv): string {
  const configured = environment(env).get("EMBEDDED_PG_DATA_DIR");
  if (configured) return resolve(configured);
  const osUser = postgresOsUser();
  if (!osUser || canReach(DEFAULT_DATA_DIR, osUser)) return DEFAULT_DATA_DIR;
  const checkout = createHash("sha256").update(CHECKOUT).digest("hex").slice(0, 12);
  const shared = existsSync("/var/tmp") ? "/var/tmp" : tmpdir();
  return join(shared, `bookstore-${checkout}`, "postgres");
}

function ensureDatabase(cluster: PostgresCluster, name: string): Promise<void> {
  return withClient(cluster.url("postgres"), async (client) => {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
  });
}

/**
 * The database `npm start` uses: the one DATABASE_URL / PG* name when set;
 * otherwise a real PostgreSQL run from node_modules, its data kept in
 * .data/postgres (git-ignored) so a restart keeps what was stored.
 */
export async function openLocalDatabase(env: NodeJS.ProcessEnv, databaseName: string = EMBEDDED_DATABASE): Promise<LocalDatabase> {
  if (isConfigured(env)) {
    const where = environment(env).isSet("DATABASE_URL") ? "DATABASE_URL" : "the PG* variables";
    return { ownerEnv: env, description: `the database named by ${where}`, stop: async () => undefined };
  }
  const port = environment(env).get("EMBEDDED_PG_PORT");
  const dataDir = embeddedDataDir(env);
  const cluster = new PostgresCluster({ dataDir, port, password: EMBEDDED_SUPERUSER_PASSWORD });
  const leftOver = await cluster.runningPid();
  let active = cluster;
  if (leftOver) {
    // A server from an earlier run still owns the data folder: use it as it is.
    active = new PostgresCluster({ ...cluster.options, port: leftOver.port });
  } else {
    await cluster.start();
  }
  await ensureDatabase(active, databaseName);
  return {
    ownerEnv: { ...env, DATABASE_URL: active.url(databaseName) },
    description: `embedded PostgreSQL 17 on 127.0.0.1:${active.options.port}, data in ${dataDir}${leftOver ? ` (already running, pid ${leftOver.pid})` : ""}`,
    stop: () => cluster.stop(),
  };
}
