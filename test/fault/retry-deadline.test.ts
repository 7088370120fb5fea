import { withClient } from "@bookstore/local";
import { Book, closeDataSource, DatabaseUnavailableError, runOnConnection, setWorkDeadline, type EntityManager } from "@bookstore/orm";
import { aBook, type ScratchDatabase } from "@bookstore/test-harness";
import { terminateAppBackends } from "../support/app-backends";
import { retriesOf } from "../support/database-retries";
import { openFileDatabase, type FileDatabase } from "../support/test-lane";

let fileDatabase: FileDatabase;
let database: ScratchDatabase;
const savedUrl = process.env.DATABASE_URL;

beforeAll(async () => {
  fileDatabase = await openFileDatabase();
  database = fileDatabase.database;
  process.env.DATABASE_URL = database.appUrl;
});
afterAll(async () => {
  await closeDataSource();
  process.env.DATABASE_URL = savedUrl;
  await fileDatabase.drop();
});
afterEach(() => setWorkDeadline(undefined));

/** A read whose first attempt loses its connection between two statements (the server ends its backend). */
function readLosingItsFirstConnection(): (manager: EntityManager) => Promise<number> {
  let attempts = 0;
  return async (manager) => {
    attempts += 1;
    await manager.query("SELECT 1");
    if (attempts === 1) await terminateAppBackends(database.ownerUrl, database.appRole);
    const [row] = (await manager.query("SELECT count(*)::int AS books FROM book")) as Array<{ books: number }>;
    return row!.books;
  };
}

describe("a read that lost its connection", () => {
  test("is run again on a fresh one when the invocation has time left", async () => {
    setWorkDeadline(Date.now() + 5_000);
    const { outcome, retries } = await retriesOf(() => runOnConnection("read", readLosingItsFirstConnection()));
    expect(outcome).toEqual({ status: "fulfilled", value: 0 });
    expect(retries).toEqual(["connection-lost"]);
  });

  test("is reported at once, not run again, when the invocation's deadline is under half a second away", async () => {
    setWorkDeadline(Date.now() + 400);
    const { outcome, retries } = await retriesOf(() => runOnConnection("read", readLosingItsFirstConnection()));
    expect(outcome.status).toBe("rejected");
    const error = (outcome as PromiseRejectedResult).reason as DatabaseUnavailableError;
    expect(error).toBeInstanceOf(DatabaseUnavailableError);
    expect({ reason: error.reason, outcomeUnknown: error.outcomeUnknown }).toEqual({ reason: "lost", outcomeUnknown: false });
    expect(retries).toEqual([]);
    // The container still answers the next invocation, on a fresh connection.
    setWorkDeadline(Date.now() + 5_000);
    await expect(runOnConnection("read", async (manager) => (await manager.query("SELECT 1 AS one")) as unknown)).resolves.toEqual([{ one: 1 }]);
  });
});

describe("a change in a transaction whose connection was lost between its statements", () => {
  test("is run again whole, since the server rolled it back, and applied once", async () => {
    setWorkDeadline(Date.now() + 5_000);
    const title = "Applied once";
    let attempts = 0;
    const { outcome, retries } = await retriesOf(() =>
      runOnConnection("write", (manager) =>
        manager.transaction(async (inTransaction) => {
          attempts += 1;
          await inTransaction.insert(Book, aBook({ title, author: "A", publisher: "P", year: 2000 }));
          if (attempts === 1) await terminateAppBackends(database.ownerUrl, database.appRole);
          await inTransaction.query("SELECT 1");
        }),
      ),
    );
    expect(outcome.status).toBe("fulfilled");
    expect(retries).toEqual(["connection-lost"]);
    const stored = await withClient(database.ownerUrl, (client) => client.query<{ n: number }>("SELECT count(*)::int AS n FROM book WHERE title = $1", [title]));
    expect(stored.rows).toEqual([{ n: 1 }]);
  });
});
