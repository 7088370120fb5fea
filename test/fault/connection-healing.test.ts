import { aBook, freePort, PgBouncer, type ScratchDatabase } from "@bookstore/test-harness";
import { appBackends, terminateAppBackends, waitFor } from "../support/app-backends";
import { startContainer, type Container } from "../support/container";
import { pgbouncerAvailable } from "../support/pgbouncer-tests";
import { openFileDatabase, type FileDatabase } from "../support/test-lane";

let serverUrl: string;
let fileDatabase: FileDatabase;
let database: ScratchDatabase;
let bouncer: PgBouncer | undefined;

beforeAll(async () => {
  fileDatabase = await openFileDatabase();
  ({ serverUrl, database } = fileDatabase);
  if (pgbouncerAvailable) bouncer = await PgBouncer.start({ serverUrl });
});
afterAll(async () => {
  await bouncer?.destroy();
  await fileDatabase.drop();
});

const book = aBook({ title: "Neuromancer", author: "William Gibson", publisher: "Ace", year: 1984 });

const connections: Array<[string, () => string]> = [["directly", () => database.appUrl]];
if (pgbouncerAvailable) connections.push(["through PgBouncer", () => bouncer!.through(database.appUrl)]);

describe.each(connections)("a container connected %s", (_how, appUrl) => {
  let container: Container;
  beforeEach(() => {
    container = startContainer({ DATABASE_URL: appUrl(), DB_MAX_IDLE_MS: "300000" });
  });
  afterEach(() => container.close());

  test("survives pg_terminate_backend on its connection between invocations", async () => {
    expect((await container.invoke("GET", "/book")).statusCode).toBe(200);
    const killed = await terminateAppBackends(database.ownerUrl, database.appRole);
    expect(killed.length).toBeGreaterThan(0);

    const created = await container.invoke("POST", "/book", book);
    expect(created.statusCode).toBe(201);
    const id = (created.body as { id: number }).id;
    expect((await container.invoke("GET", `/book/${id}`)).statusCode).toBe(200);

    await terminateAppBackends(database.ownerUrl, database.appRole);
    expect((await container.invoke("GET", `/book/${id}`)).statusCode).toBe(200);
    expect((await container.invoke("PATCH", `/book/${id}`, { year: 1985 })).statusCode).toBe(200);
  });
});

describe("one container", () => {
  test("starts connecting when its module loads, before the first invocation", async () => {
    const before = await appBackends(database.ownerUrl, database.appRole);
    const container = startContainer({ DATABASE_URL: database.appUrl });
    try {
      const after = await waitFor(
        () => appBackends(database.ownerUrl, database.appRole),
        (pids) => pids.some((pid) => !before.includes(pid)),
      );
      expect(after.filter((pid) => !before.includes(pid))).toHaveLength(1);
    } finally {
      await container.close();
    }
  });

  test("holds one connection however many invocations it serves, and replaces it after idling too long", async () => {
    const before = await appBackends(database.ownerUrl, database.appRole);
    const container = startContainer({ DATABASE_URL: database.appUrl, DB_MAX_IDLE_MS: "400" });
    try {
      for (let index = 0; index < 5; index += 1) expect((await container.invoke("GET", "/book")).statusCode).toBe(200);
      const first = (await appBackends(database.ownerUrl, database.appRole)).filter((pid) => !before.includes(pid));
      expect(first).toHaveLength(1);

      await new Promise((resolve) => setTimeout(resolve, 600));
      expect((await container.invoke("GET", "/book")).statusCode).toBe(200);
      const second = await waitFor(
        () => appBackends(database.ownerUrl, database.appRole),
        (pids) => !pids.includes(first[0] as number),
      );
      expect(second).not.toContain(first[0]);
      expect(second.filter((pid) => !before.includes(pid))).toHaveLength(1);
    } finally {
      await container.close();
    }
  });
});

describe("metrics of a container whose database cannot be reached", () => {
  test("count the retry and the 503 answer, in EMF at the end of the invocation", async () => {
    const unreachable = new URL(database.appUrl);
    unreachable.port = String(await freePort()); // nothing listens there
    const container = startContainer({ DATABASE_URL: unreachable.toString(), POWERTOOLS_METRICS_NAMESPACE: "BookstoreTest" });
    try {
      let written = "";
      const spy = jest.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
        written += chunk.toString();
        return true;
      });
      try {
        expect((await container.invoke("GET", "/book")).statusCode).toBe(503);
      } finally {
        spy.mockRestore();
      }
      const documents = written.trim().split("\n").filter((line) => line.includes("CloudWatchMetrics")).map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(documents).toEqual([expect.objectContaining({ DatabaseRetries: 1, DatabaseUnavailableAnswers: 1, service: "books" })]);
    } finally {
      await container.close();
    }
  });
});
