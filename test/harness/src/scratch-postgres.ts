import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./free-port";
import { PostgresCluster, type PostgresClusterOptions } from "@bookstore/local";

/** A cluster in a temporary folder of its own, which destroy removes whole. */
class ScratchCluster extends PostgresCluster {
  constructor(
    private readonly root: string,
    options: PostgresClusterOptions,
  ) {
    super(options);
  }

  override async destroy(): Promise<void> {
    await super.destroy();
    await rm(this.root, { recursive: true, force: true });
  }
}

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
  const cluster = new ScratchCluster(root, { dataDir: join(root, "data"), port: await freePort(), password, ephemeral: true, ...options });
  await cluster.start();
  return cluster;
}
