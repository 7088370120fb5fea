import { chmod, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./free-port";
import { PostgresCluster, type PostgresClusterOptions } from "@bookstore/local";

/**
 * A throw-away PostgreSQL server in a temporary folder, on a free port,
 * durability traded for speed: for tests and benchmarks that need one of
 * their own (restarts, wrong passwords) or when no DATABASE_URL is given.
 */
export async function startScratchPostgres(
  password = "test-superuser",
  options: Pick<PostgresClusterOptions, "trustRolesMatching"> = {},
): Promise<PostgresCluster> {
  const root = await mkdtemp(join(tmpdir(), "bookstore-pg-"));
  await chmod(root, 0o755); // the server may run as another OS user
  const cluster = new PostgresCluster({ dataDir: join(root, "data"), port: await freePort(), password, ephemeral: true, ...options });
  await cluster.start();
  return cluster;
}
