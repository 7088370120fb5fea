import { closeDataSource, runOnConnection } from "@bookstore/orm";
import { type ScratchDatabase } from "@bookstore/test-harness";
import { openFileDatabase, type FileDatabase } from "../support/test-lane";
import { TerminateOnReadyProxy } from "../support/terminate-on-ready-proxy";

let fileDatabase: FileDatabase;
let database: ScratchDatabase;
let proxy: TerminateOnReadyProxy;
const savedUrl = process.env.DATABASE_URL;

beforeAll(async () => {
  fileDatabase = await openFileDatabase();
  database = fileDatabase.database;
  proxy = await TerminateOnReadyProxy.start(database.appUrl, 1);
  process.env.DATABASE_URL = proxy.url(database.appUrl);
});
afterAll(async () => {
  await closeDataSource();
  await proxy.close();
  process.env.DATABASE_URL = savedUrl;
  await fileDatabase.drop();
});

describe("a connection the server terminates as the pool lends it", () => {
  // The FATAL comes in the same read as the session's readiness: between the
  // pool taking its listener off and TypeORM adding its own. Unheard, that
  // 'error' event would end the process (a container's crash in Lambda).
  test("is heard, not lent, and the work runs on a fresh one", async () => {
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error);
    process.prependListener("uncaughtException", onUncaught);
    try {
      const rows = await runOnConnection("read", (manager) => manager.query("SELECT 1 AS one"));
      expect(rows).toEqual([{ one: 1 }]);
    } finally {
      process.removeListener("uncaughtException", onUncaught);
    }
    expect(uncaught).toEqual([]);
    expect(proxy.sessionsTerminated).toBe(1);
  });
});
