import { PgBouncer, readServerVersionSetting, type ScratchDatabase } from "@bookstore/test-harness";
import { fork, type ChildProcess } from "node:child_process";
import { Client } from "pg";
import { buildTestLayer, bundleEntry } from "../support/bundle-entry";
import { openFileDatabase, type FileDatabase } from "../support/test-lane";

const CONTAINERS = 200;
const POOL_SIZE = 3;

let fileDatabase: FileDatabase;
let database: ScratchDatabase;
let bouncer: PgBouncer;
let workerScript: string;
let layerModules: string;
let serverVersion: string;

beforeAll(async () => {
  fileDatabase = await openFileDatabase();
  database = fileDatabase.database;
  serverVersion = await readServerVersionSetting(fileDatabase.serverUrl);
  bouncer = await PgBouncer.start({ serverUrl: fileDatabase.serverUrl, poolSize: POOL_SIZE });
  // Each container loads the deployed layer, as Lambda does: a slim ORM that starts quickly.
  layerModules = await buildTestLayer();
  workerScript = await bundleEntry("test/fault/workers/container-worker.ts", { onLayer: true });
}, 60_000);
afterAll(async () => {
  await bouncer.destroy();
  await fileDatabase.drop();
});

interface Report {
  statuses?: number[];
  error?: string;
}

function startWorker(): { child: ChildProcess; ready: Promise<void>; report: Promise<Report>; exited: Promise<number | null> } {
  const child = fork(workerScript, {
    env: {
      PATH: process.env.PATH,
      NODE_PATH: layerModules,
      DATABASE_URL: bouncer.through(database.appUrl),
      // As the stack sets it: initialize() then sends no statement of its own.
      DB_SERVER_VERSION: serverVersion,
      // 200 SCRAM logins queue in single-threaded PgBouncer while 200 processes
      // start on this machine's cores (a minute and more on 2 busy cores), and
      // statements queue behind them: the wait is the test machine's, not the system's.
      DB_CONNECT_TIMEOUT_MS: "150000",
      DB_STATEMENT_TIMEOUT_MS: "150000",
      POWERTOOLS_LOG_LEVEL: "SILENT",
    },
    execArgv: ["--max-old-space-size=64"],
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  let markReady!: () => void;
  let deliver!: (report: Report) => void;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const report = new Promise<Report>((resolve) => (deliver = resolve));
  child.on("message", (message) => (message === "ready" ? markReady() : deliver(message as Report)));
  // "close" comes after the IPC channel has delivered everything the child sent.
  const exited = new Promise<number | null>((resolve) =>
    child.once("close", (code) => {
      markReady();
      deliver({ error: `exited with ${code} before reporting` });
      resolve(code);
    }),
  );
  return { child, ready, report, exited };
}

/** Samples how many server connections the application role holds, until stopped. */
function sampleServerConnections(): { stop: () => Promise<number> } {
  let running = true;
  let maximum = 0;
  const done = (async () => {
    const client = new Client({ connectionString: database.ownerUrl });
    await client.connect();
    try {
      while (running) {
        const { rows } = await client.query<{ count: number }>(
          "SELECT count(*)::int AS count FROM pg_stat_activity WHERE usename = $1 AND datname = current_database()",
          [database.appRole],
        );
        maximum = Math.max(maximum, rows[0]?.count ?? 0);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    } finally {
      await client.end();
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

test(`${CONTAINERS} containers at once through PgBouncer: no errors, server connections never above the pool size`, async () => {
  const sampler = sampleServerConnections();
  const workers: ReturnType<typeof startWorker>[] = [];
  for (let index = 0; index < CONTAINERS; index += 1) workers.push(startWorker());
  await Promise.all(workers.map((worker) => worker.ready));
  for (const worker of workers) if (worker.child.connected) worker.child.send("go");
  const reports = await Promise.all(workers.map((worker) => worker.report));
  const codes = await Promise.all(workers.map((worker) => worker.exited));
  const maximum = await sampler.stop();

  const errors = reports.filter((report) => report.error).map((report) => report.error);
  expect(errors).toEqual([]);
  const statuses = reports.flatMap((report) => report.statuses ?? []);
  expect(statuses).toHaveLength(CONTAINERS * 5);
  expect(statuses.filter((status) => status >= 300)).toEqual([]);
  expect(codes.every((code) => code === 0)).toBe(true);
  expect(maximum).toBeGreaterThan(0);
  expect(maximum).toBeLessThanOrEqual(POOL_SIZE);
}, 240_000);
