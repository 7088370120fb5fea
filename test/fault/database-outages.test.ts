import { type PostgresCluster } from "@bookstore/local";
import { aBook, createScratchDatabase, PgBouncer, type ScratchDatabase, startScratchPostgres } from "@bookstore/test-harness";
import { startContainer, type Container, type InvokeResult } from "../support/container";
import { describeWithPgBouncer } from "../support/pgbouncer-tests";

// Short timeouts keep the test quick; each request must end well inside them.
const CONNECT_TIMEOUT_MS = 1_000;
const STATEMENT_TIMEOUT_MS = 1_000;
const WORST_CASE_MS = CONNECT_TIMEOUT_MS + STATEMENT_TIMEOUT_MS + 1_000 + 1_500;

let cluster: PostgresCluster;
let database: ScratchDatabase;

beforeAll(async () => {
  // A server of our own: these tests stop, restart and freeze it.
  cluster = await startScratchPostgres();
  database = await createScratchDatabase(cluster.url());
});
afterAll(async () => {
  cluster.resume();
  await database.drop();
  await cluster.destroy();
});

const book = aBook({ title: "Hyperion", author: "Dan Simmons", publisher: "Doubleday", year: 1989 });

function expectUnavailableAnswer(result: InvokeResult): void {
  expect([503, 504]).toContain(result.statusCode);
  expect(result.headers["retry-after"]).toMatch(/^\d+$/);
  expect(result.body).toEqual({ error: { code: expect.stringMatching(/^DATABASE_(UNAVAILABLE|TIMEOUT)$/), message: expect.any(String) }, requestId: expect.any(String) });
}

/** Invokes alternately GET and POST until `until` resolves, recording each answer. */
async function trafficDuring(container: Container, until: Promise<void>): Promise<InvokeResult[]> {
  const results: InvokeResult[] = [];
  let done = false;
  void until.then(() => (done = true));
  for (let index = 0; !done; index += 1) {
    results.push(index % 2 ? await container.invoke("POST", "/book", book) : await container.invoke("GET", "/book?limit=5"));
  }
  return results;
}

const containerEnv = (url: string) => ({
  DATABASE_URL: url,
  DB_CONNECT_TIMEOUT_MS: String(CONNECT_TIMEOUT_MS),
  DB_STATEMENT_TIMEOUT_MS: String(STATEMENT_TIMEOUT_MS),
});

describe("PostgreSQL restarted during a run of requests", () => {
  test("no request hangs, each answers 2xx or a 503/504 JSON error, and the first request after it is back succeeds", async () => {
    const container = startContainer(containerEnv(database.appUrl));
    try {
      expect((await container.invoke("GET", "/book")).statusCode).toBe(200);
      const restart = (async () => {
        await new Promise((resolve) => setTimeout(resolve, 300));
        await cluster.stop();
        await new Promise((resolve) => setTimeout(resolve, 700));
      })();
      const results = await trafficDuring(container, restart);
      await cluster.restart();

      expect(results.some((result) => result.statusCode >= 500)).toBe(true);
      for (const result of results) {
        expect(result.durationMs).toBeLessThan(WORST_CASE_MS);
        if (result.statusCode >= 500) expectUnavailableAnswer(result);
        else expect([200, 201]).toContain(result.statusCode);
      }
      expect((await container.invoke("POST", "/book", book)).statusCode).toBe(201);
      expect((await container.invoke("GET", "/book")).statusCode).toBe(200);
    } finally {
      await container.close();
    }
  });
});

describe("PostgreSQL hung (its processes frozen)", () => {
  test("requests end in a 503/504 within the timeouts, never hang, and the container recovers", async () => {
    const container = startContainer(containerEnv(database.appUrl));
    try {
      expect((await container.invoke("GET", "/book")).statusCode).toBe(200);
      cluster.pause();
      try {
        const read = await container.invoke("GET", "/book");
        expectUnavailableAnswer(read);
        expect(read.durationMs).toBeLessThan(WORST_CASE_MS);
        const write = await container.invoke("POST", "/book", book);
        expectUnavailableAnswer(write);
        expect(write.durationMs).toBeLessThan(WORST_CASE_MS);
      } finally {
        cluster.resume();
      }
      expect((await container.invoke("GET", "/book")).statusCode).toBe(200);
      expect((await container.invoke("POST", "/book", book)).statusCode).toBe(201);
    } finally {
      await container.close();
    }
  });
});

describeWithPgBouncer("PgBouncer restarted during a run of requests", () => {
  test("the container heals: no hang, and the first request after the restart succeeds", async () => {
    const bouncer = await PgBouncer.start({ serverUrl: cluster.url() });
    const container = startContainer(containerEnv(bouncer.through(database.appUrl)));
    try {
      expect((await container.invoke("GET", "/book")).statusCode).toBe(200);
      const restart = (async () => {
        await new Promise((resolve) => setTimeout(resolve, 300));
        await bouncer.restart();
      })();
      const results = await trafficDuring(container, restart);
      for (const result of results) {
        expect(result.durationMs).toBeLessThan(WORST_CASE_MS);
        if (result.statusCode >= 500) expectUnavailableAnswer(result);
      }
      expect((await container.invoke("GET", "/book")).statusCode).toBe(200);
      expect((await container.invoke("POST", "/book", book)).statusCode).toBe(201);
    } finally {
      await container.close();
      await bouncer.destroy();
    }
  });
});
