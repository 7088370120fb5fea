import { aBook, PgBouncer } from "@bookstore/test-harness";
import type { Invocation } from "@bookstore/local/invocation-event";
import type { BenchDatabase } from "./bench-database";
import { startContainer } from "./containers";
import { measure, type Measure } from "./measure";
import { percentile } from "./stats";
import { withClientTimeouts, withDatabase, type Variant } from "./variants";

const POOL_SIZE = 3;
// Hundreds of processes starting at once on this machine's few cores wait for
// CPU, not for the database, and their statements queue in PgBouncer behind
// the logins: the project gets time to connect and to be answered like the
// baseline, whose `pg` waits without limit for both (deployed, each container
// has its own CPU and the 3 s and 5 s defaults).
const BURST_CLIENT_TIMEOUT_MS = 30_000;

interface BurstResult {
  errors: number;
  p99: number;
  maxServerConnections: number;
  firstError?: string;
}

/** How many server connections the application role holds, sampled until stopped. */
function sampleServerConnections(db: BenchDatabase): { stop: () => Promise<number> } {
  let running = true;
  let maximum = 0;
  const done = (async () => {
    while (running) {
      const [{ count }] = (await db.owner<{ count: number }>(
        "SELECT count(*)::int AS count FROM pg_stat_activity WHERE usename = $1 AND datname = current_database()",
        [db.database.appRole],
      )) as [{ count: number }];
      maximum = Math.max(maximum, count);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await done;
      return maximum;
    },
  };
}

async function burst(worker: string, variant: Variant, db: BenchDatabase, count: number, requests: Invocation[]): Promise<BurstResult> {
  const sampler = sampleServerConnections(db);
  const containers = await Promise.all(Array.from({ length: count }, () => startContainer(worker, variant, "books")));
  const results = await Promise.all(containers.map((container) => container.run(requests)));
  await Promise.all(containers.map((container) => container.stop()));
  const maxServerConnections = await sampler.stop();
  const latencies = results.flatMap((result) => result.latencies);
  return {
    errors: results.reduce((sum, result) => sum + result.errors, 0),
    p99: percentile(latencies, 99),
    maxServerConnections,
    firstError: results.find((result) => result.firstError)?.firstError,
  };
}

/**
 * Many containers at once (separate processes, one connection each), all
 * through PgBouncer in transaction mode standing in for RDS Proxy.
 */
export async function measureBurst(worker: string, project: Variant, baseline: Variant, db: BenchDatabase, sizes: number[], bookId: number): Promise<Measure[]> {
  let bouncer: PgBouncer;
  try {
    bouncer = await PgBouncer.start({ serverUrl: db.serverUrl, poolSize: POOL_SIZE });
  } catch (error) {
    const note = `not measured: ${error instanceof Error ? error.message : String(error)}`;
    return sizes.map((size) => measure(`burst-${size}-errors`, "count", null, null, undefined, note));
  }
  const requests: Invocation[] = [
    { method: "GET", url: `/book/${bookId}` },
    { method: "GET", url: "/book?limit=20" },
    { method: "POST", url: "/book", body: aBook({ title: "Burst", author: "Bench", publisher: "P", year: 2024 }) },
    { method: "GET", url: `/book/${bookId}` },
  ];
  const viaPooler = bouncer.through(db.database.appUrl);
  const measures: Measure[] = [];
  try {
    for (const size of sizes) {
      const ours = await burst(worker, withClientTimeouts(withDatabase(project, viaPooler), BURST_CLIENT_TIMEOUT_MS), db, size, requests);
      const theirs = await burst(worker, withDatabase(baseline, viaPooler), db, size, requests);
      const note = ours.firstError ?? theirs.firstError;
      measures.push(
        measure(`burst-${size}-errors`, "count", ours.errors, theirs.errors, { on: "project", atMost: 0 }, note ? `first error: ${note}` : `${size} containers × ${requests.length} requests`),
        measure(`burst-${size}-p99`, "ms", ours.p99, theirs.p99),
        measure(`burst-${size}-server-connections`, "count", ours.maxServerConnections, theirs.maxServerConnections, { on: "project", atMost: POOL_SIZE }, `most held at once; PgBouncer pool size ${POOL_SIZE}`),
      );
    }
  } finally {
    await bouncer.destroy();
  }
  return measures;
}
