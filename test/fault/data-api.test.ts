import { DataApiEndpoint, dataApiEnvironment, LOCAL_DATA_API } from "@bookstore/local";
import { aBook, type ScratchDatabase } from "@bookstore/test-harness";
import { startContainer, type Container, type InvokeResult } from "../support/container";
import { openFileDatabase, type FileDatabase } from "../support/test-lane";

let fileDatabase: FileDatabase;
let database: ScratchDatabase;
let endpoint: DataApiEndpoint;
let container: Container;

const TRANSACTION_IDLE_MS = 300;

beforeAll(async () => {
  fileDatabase = await openFileDatabase();
  database = fileDatabase.database;
  endpoint = await DataApiEndpoint.start({
    resourceArn: LOCAL_DATA_API.resourceArn,
    secrets: { [LOCAL_DATA_API.appSecretArn]: database.appUrl },
    transactionIdleMs: TRANSACTION_IDLE_MS,
  });
});
beforeEach(() => {
  container = startContainer(dataApiEnvironment(endpoint.url, database.appUrl));
});
afterEach(() => container.close());
afterAll(async () => {
  await endpoint.close();
  await fileDatabase.drop();
});

const book = aBook({ title: "The Dispossessed", author: "Ursula K. Le Guin", publisher: "Harper & Row", year: 1974 });

function expectUnavailable(result: InvokeResult): void {
  expect(result.statusCode).toBe(503);
  expect(result.headers["retry-after"]).toMatch(/^\d+$/);
  expect(result.body).toMatchObject({ error: { code: "DATABASE_UNAVAILABLE" } });
}

describe("over the Data API", () => {
  test("an endpoint that stops answering gives 503 with Retry-After, and the next request after it is back succeeds", async () => {
    expect((await container.invoke("GET", "/book")).statusCode).toBe(200);
    const port = endpoint.port;
    await endpoint.stopListening();
    try {
      expectUnavailable(await container.invoke("GET", "/book"));
      // Refused before it reached the service: nothing can have been written.
      const write = await container.invoke("POST", "/book", book);
      expectUnavailable(write);
      expect((write.body as { error: { message: string } }).error.message).not.toMatch(/may or may not/);
    } finally {
      await endpoint.listen(port);
    }
    expect((await container.invoke("GET", "/book")).statusCode).toBe(200);
    expect((await container.invoke("POST", "/book", book)).statusCode).toBe(201);
  });

  test("a cluster resuming from zero capacity is waited for, with backoff, and the request succeeds", async () => {
    endpoint.resumeFor(500);
    const started = performance.now();
    const created = await container.invoke("POST", "/book", book);
    expect(created.statusCode).toBe(201);
    expect(performance.now() - started).toBeGreaterThanOrEqual(450);
  });

  test("a cluster that keeps resuming ends in 503 after a bounded wait, not a hang", async () => {
    endpoint.resumeFor(10_000);
    try {
      const result = await container.invoke("GET", "/book");
      expectUnavailable(result);
      expect(result.durationMs).toBeLessThan(3_000);
    } finally {
      endpoint.resumeFor(0);
    }
  });

  test("a transaction that idled past the service's limit is gone: nothing it did is applied", async () => {
    const { runOnConnection, Book } = require("@bookstore/orm") as typeof import("@bookstore/orm");
    Object.assign(process.env, dataApiEnvironment(endpoint.url, database.appUrl));
    const title = `Idle ${Date.now()}`;
    const failure = await runOnConnection("write", (manager) =>
      manager.transaction(async (inTransaction) => {
        await inTransaction.insert(Book, { ...book, title });
        await new Promise((resolve) => setTimeout(resolve, TRANSACTION_IDLE_MS * 2));
        await inTransaction.insert(Book, { ...book, title });
      }),
    ).catch((error: unknown) => error);
    expect(failure).toMatchObject({ name: "DatabaseUnavailableError", outcomeUnknown: false });
    const listed = await container.invoke("GET", `/book?limit=100&publisher=${encodeURIComponent(book.publisher)}`);
    expect((listed.body as { books: Array<{ title: string }> }).books.filter((found) => found.title === title)).toEqual([]);
  });
});

describe("settings the Data API refuses", () => {
  const refused = async (env: Record<string, string>, endpointToUse: DataApiEndpoint = endpoint) => {
    const misconfigured = startContainer({ ...dataApiEnvironment(endpointToUse.url, database.appUrl), ...env });
    try {
      const read = await misconfigured.invoke("GET", "/book");
      const write = await misconfigured.invoke("POST", "/book", book);
      return [read, write];
    } finally {
      await misconfigured.close();
    }
  };

  test.each([
    ["a cluster ARN of another cluster", { DB_CLUSTER_ARN: "arn:aws:rds:us-east-1:000000000000:cluster:someone-else" }],
    ["a secret the cluster does not accept", { DB_SECRET_ARN: "arn:aws:secretsmanager:us-east-1:000000000000:secret:not-ours" }],
    ["a malformed cluster ARN", { DB_CLUSTER_ARN: "bookstore" }],
  ])("%s: 503 JSON with Retry-After, nothing written", async (_name, env) => {
    const before = (await container.invoke("GET", "/book?limit=100")).body as { books: unknown[] };
    for (const result of await refused(env)) {
      expectUnavailable(result);
      expect(result.headers["retry-after"]).toBe("30");
    }
    expect(((await container.invoke("GET", "/book?limit=100")).body as { books: unknown[] }).books).toHaveLength(before.books.length);
  });

  test("a cluster with the Data API off: 503 JSON", async () => {
    const disabled = await DataApiEndpoint.start({ resourceArn: LOCAL_DATA_API.resourceArn, secrets: { [LOCAL_DATA_API.appSecretArn]: database.appUrl }, enabled: false });
    try {
      for (const result of await refused({}, disabled)) expectUnavailable(result);
    } finally {
      await disabled.close();
    }
  });
});
