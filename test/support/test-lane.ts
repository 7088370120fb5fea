import { LOCAL_POOL_SIZE, type PostgresCluster } from "@bookstore/local";
import { createScratchDatabase, type ScratchDatabase, startScratchPostgres } from "@bookstore/test-harness";

/**
 * A lane is one jest project's database: created in its global setup,
 * handed to its test files through TEST_LANE_<NAME>_* variables (workers
 * inherit them; each file's setup copies them into DATABASE_URL), and
 * dropped in its global teardown.
 */
export interface LaneResources {
  database: ScratchDatabase;
  cluster?: PostgresCluster;
  /** Extra cleanup, e.g. stopping a pooler. */
  stop?: () => Promise<void>;
}

const lanes = globalThis as { bookstoreLanes?: Map<string, LaneResources> };

export function laneVariable(lane: string, name: "APP_URL" | "OWNER_URL" | "APP_ROLE" | "SERVER_URL" | "POOLER_PORT" | "DATA_API_URL"): string {
  return `TEST_LANE_${lane.toUpperCase().replace(/[^A-Z0-9]/g, "_")}_${name}`;
}

// Read once: tests that simulate containers rewrite DATABASE_URL later.
const GIVEN_SERVER_URL = process.env.DATABASE_URL;

/** The server the lane's database lives on: DATABASE_URL's, or a scratch one. */
export async function laneServer(): Promise<{ serverUrl: string; cluster?: PostgresCluster }> {
  if (GIVEN_SERVER_URL) return { serverUrl: GIVEN_SERVER_URL };
  const cluster = await startScratchPostgres();
  return { serverUrl: cluster.url(), cluster };
}

/** A test file's own database, on the lane's server (or on a scratch server of the file's own). */
export interface FileDatabase {
  serverUrl: string;
  database: ScratchDatabase;
  /** Drops the database, and stops the server when the file started it. */
  drop(): Promise<void>;
}

export async function openFileDatabase(): Promise<FileDatabase> {
  const { serverUrl, cluster } = await laneServer();
  const database = await createScratchDatabase(serverUrl);
  return {
    serverUrl,
    database,
    drop: async () => {
      await database.drop();
      await cluster?.destroy();
    },
  };
}

export async function openLane(
  lane: string,
  expose: (database: ScratchDatabase, serverUrl: string) => Promise<{ appUrl: string; stop?: () => Promise<void> }> = async (
    database,
  ) => ({ appUrl: database.appUrl }),
  { dialect = "postgres" }: { dialect?: "postgres" | "dsql" } = {},
): Promise<void> {
  process.env.POWERTOOLS_LOG_LEVEL ??= "SILENT";
  const { serverUrl, cluster } = await laneServer();
  const database = await createScratchDatabase(serverUrl, { dialect });
  const { appUrl, stop } = await expose(database, serverUrl);
  (lanes.bookstoreLanes ??= new Map()).set(lane, { database, cluster, stop });
  process.env[laneVariable(lane, "SERVER_URL")] = serverUrl;
  process.env[laneVariable(lane, "APP_URL")] = appUrl;
  process.env[laneVariable(lane, "OWNER_URL")] = database.ownerUrl;
  process.env[laneVariable(lane, "APP_ROLE")] = database.appRole;
}

export async function closeLane(lane: string): Promise<void> {
  const resources = lanes.bookstoreLanes?.get(lane);
  if (!resources) return;
  await resources.stop?.();
  await resources.database.drop();
  await resources.cluster?.destroy();
}

/** In a test file's setup: point DATABASE_URL at the lane's database, as the app role. */
export function useLane(lane: string): void {
  const appUrl = process.env[laneVariable(lane, "APP_URL")];
  if (!appUrl) throw new Error(`lane ${lane} was not set up (global setup missing)`);
  process.env.DATABASE_URL = appUrl;
  process.env.DB_POOL_SIZE = LOCAL_POOL_SIZE;
  process.env.TEST_OWNER_DATABASE_URL = process.env[laneVariable(lane, "OWNER_URL")];
  process.env.TEST_APP_ROLE = process.env[laneVariable(lane, "APP_ROLE")];
  process.env.TEST_SERVER_URL = process.env[laneVariable(lane, "SERVER_URL")];
  process.env.CORS_ALLOWED_ORIGINS = TEST_CORS_ORIGINS;
}

/** The browser origins the API under test allows: one exact origin and any port of localhost. */
export const TEST_CORS_ORIGINS = "https://app.example.com,http://localhost:*";
