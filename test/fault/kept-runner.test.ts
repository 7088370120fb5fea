import { closeDataSource, getDataSource, runOnConnection, type EntityManager } from "@bookstore/orm";
import { type ScratchDatabase } from "@bookstore/test-harness";
import pg from "pg";
import type { DataSource } from "typeorm";
import { openedDataSource } from "../../layers/orm/src/connection/get-data-source";
import { createHealingPgDriver, MAY_HAVE_MISSED_A_CLOSE, type HealingPool } from "../../layers/orm/src/connection/healing-pg-driver";
import { borrowKeptRunnerNow, borrowRunner, returnRunner } from "../../layers/orm/src/connection/kept-runner";
import { openFileDatabase, type FileDatabase } from "../support/test-lane";

let fileDatabase: FileDatabase;
let database: ScratchDatabase;
const saved = { url: process.env.DATABASE_URL, pool: process.env.DB_POOL_SIZE };

beforeAll(async () => {
  fileDatabase = await openFileDatabase();
  database = fileDatabase.database;
  // One connection, as in Lambda: a unit that waited for a connection a kept runner holds would never finish.
  process.env.DATABASE_URL = database.appUrl;
  process.env.DB_POOL_SIZE = "1";
});
afterAll(async () => {
  await closeDataSource();
  process.env.DATABASE_URL = saved.url;
  process.env.DB_POOL_SIZE = saved.pool;
  await fileDatabase.drop();
});

interface Seen {
  runner: unknown;
  backend: number;
  inTransaction: boolean;
}

async function seenBy(manager: EntityManager): Promise<Seen> {
  const [row] = (await manager.query("SELECT pg_backend_pid() AS backend, now() <> statement_timestamp() AS in_transaction")) as Array<{
    backend: number;
    in_transaction: boolean;
  }>;
  return { runner: manager.queryRunner, backend: row!.backend, inTransaction: row!.in_transaction };
}

const unit = () => runOnConnection("read", seenBy);

describe("the query runner a container keeps between units of work", () => {
  test("units in a row share one runner and its connection", async () => {
    const first = await unit();
    const second = await unit();
    expect(second.runner).toBe(first.runner);
    expect(second.backend).toBe(first.backend);
  });

  test("a unit that starts while another runs gets a runner of its own, outside the other's transaction, and neither waits forever", async () => {
    let enteredTransaction!: () => void;
    const inTransaction = new Promise<void>((resolve) => (enteredTransaction = resolve));
    let finishTransaction!: () => void;
    const finished = new Promise<void>((resolve) => (finishTransaction = resolve));
    const transactional = runOnConnection("write", (manager) =>
      manager.transaction(async (inside) => {
        const seen = await seenBy(inside);
        enteredTransaction();
        await finished;
        return seen;
      }),
    );
    await inTransaction;
    const concurrent = unit();
    // The concurrent unit waits for the pool's one connection until the transaction ends.
    setTimeout(finishTransaction, 50);
    const [inside, beside] = await Promise.all([transactional, concurrent]);
    expect(inside.inTransaction).toBe(true);
    expect(beside.inTransaction).toBe(false);
    expect(beside.runner).not.toBe(inside.runner);
    // The last to finish is kept, and serves the next unit.
    expect((await unit()).runner).toBe(beside.runner);
  });

  test("a warm unit's work starts at once: no turn of the event loop before it, nor to give the runner back", async () => {
    await unit();
    let started = false;
    const running = runOnConnection("read", async (manager) => {
      started = true;
      return seenBy(manager);
    });
    expect(started).toBe(true);
    await running;
    const dataSource = openedDataSource();
    expect(dataSource).toBe(await getDataSource());
    const runner = borrowKeptRunnerNow(dataSource!);
    expect(runner).toBe((await running).runner);
    expect(returnRunner(runner!, false)).toBeUndefined();
  });

  test("a kept runner idle long enough to have missed a close is lent only after the socket is read", async () => {
    const first = await unit();
    const now = Date.now();
    const later = jest.spyOn(Date, "now").mockImplementation(() => now + 1_200);
    try {
      expect(borrowKeptRunnerNow(await getDataSource())).toBeUndefined();
      // The waiting path reads the socket, finds it open, and lends the same runner.
      expect((await unit()).runner).toBe(first.runner);
    } finally {
      later.mockRestore();
    }
  });

  test("many units at once on one connection all finish", async () => {
    const results = await Promise.all(Array.from({ length: 20 }, unit));
    expect(new Set(results.map((seen) => seen.backend)).size).toBe(1);
    expect(results.every((seen) => !seen.inTransaction)).toBe(true);
  });

  test("a runner whose connection failed is not kept", async () => {
    const before = await unit();
    await expect(
      runOnConnection("write", async (manager) => {
        // A connection-class failure, as a lost connection gives.
        await manager.query("SELECT pg_terminate_backend(pg_backend_pid())");
      }),
    ).rejects.toThrow();
    const after = await unit();
    expect(after.runner).not.toBe(before.runner);
    expect(after.backend).not.toBe(before.backend);
  });
});

test("a unit whose runner could not be made leaves none counted as running", async () => {
  const failing = {
    createQueryRunner: () => {
      throw new Error("no runner");
    },
  } as unknown as DataSource;
  await expect(borrowRunner(failing)).rejects.toThrow("no runner");
  const first = await unit();
  expect((await unit()).runner).toBe(first.runner);
});

describe("the healing pool's checks of a connection that has been idle", () => {
  const Pool = createHealingPgDriver(1_500).Pool;
  let pool: pg.Pool & HealingPool;
  let client: pg.PoolClient;
  beforeEach(async () => {
    pool = new Pool({ connectionString: database.appUrl, max: 1, maxLifetimeSeconds: 3 }) as typeof pool;
    client = await pool.connect();
  });
  afterEach(async () => {
    client.release();
    await pool.end();
  });

  test("a connection idle briefly and still open may be used again", async () => {
    expect(pool.whyNotReusableNow(client, Date.now() - 10)).toBeUndefined();
    expect(await pool.whyNotReusable(client, Date.now() - 10)).toBeUndefined();
    expect(pool.whyNotReusableNow(client, Date.now() - 1_200)).toBe(MAY_HAVE_MISSED_A_CLOSE);
    // Idle long enough that a freeze may have hidden a close: the socket is read first.
    expect(await pool.whyNotReusable(client, Date.now() - 1_200)).toBeUndefined();
  });

  test("one idle past maxIdleMs is not", async () => {
    expect(await pool.whyNotReusable(client, Date.now() - 1_600)).toMatch(/^connection idle for \d+ ms$/);
    expect(pool.whyNotReusableNow(client, Date.now() - 1_600)).toMatch(/^connection idle for \d+ ms$/);
  });

  test("one the server closed while it was idle is not", async () => {
    client.on("error", () => undefined);
    const killer = new pg.Client({ connectionString: database.ownerUrl });
    await killer.connect();
    const { processID } = client as unknown as { processID: number };
    await killer.query("SELECT pg_terminate_backend($1)", [processID]);
    // As in a container frozen meanwhile, the close has reached the socket before the pool looks: the backend, which sends it first, is gone.
    while ((await killer.query("SELECT 1 FROM pg_stat_activity WHERE pid = $1", [processID])).rowCount) await new Promise((resolve) => setTimeout(resolve, 5));
    await killer.end();
    expect(await pool.whyNotReusable(client, Date.now() - 1_200)).toBe("connection closed while idle");
  });

  test("one past the pool's maxLifetimeSeconds is not", async () => {
    await new Promise((resolve) => setTimeout(resolve, 3_100));
    expect(await pool.whyNotReusable(client, Date.now())).toBe("connection past its lifetime");
    expect(pool.whyNotReusableNow(client, Date.now())).toBe("connection past its lifetime");
  });
});
