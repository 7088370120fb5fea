import { aBook } from "@bookstore/test-harness";
import { Book, onDatabaseRetry, runOnConnection, type RetryReason } from "@bookstore/orm";
import { testApi } from "../support/test-api";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("units of work that lose a race", () => {
  test("are run again whole until they win: no update is lost, and the retries are counted", async () => {
    const created = await testApi().post("/book").send(aBook({ title: "Counter", author: "Race", publisher: "P", year: 1500 })).expect(201);
    const id = created.body.id as number;
    const retries: RetryReason[] = [];
    const stop = onDatabaseRetry((reason) => retries.push(reason));
    const WRITERS = 6;
    try {
      // Read, think, write: at REPEATABLE READ a writer whose row changed meanwhile fails with 40001.
      const increment = () =>
        runOnConnection("write", (manager) =>
          manager.transaction("REPEATABLE READ", async (inTransaction) => {
            const book = await inTransaction.findOneByOrFail(Book, { id });
            await sleep(10);
            await inTransaction.update(Book, { id }, { year: book.year + 1 });
          }),
        );
      const outcomes = await Promise.allSettled(Array.from({ length: WRITERS }, increment));
      const succeeded = outcomes.filter((outcome) => outcome.status === "fulfilled").length;
      const final = (await testApi().get(`/book/${id}`).expect(200)).body.year as number;
      // Every unit that reported success is in the count, and none is in it twice.
      expect(final).toBe(1500 + succeeded);
      expect(succeeded).toBeGreaterThan(0);
      for (const outcome of outcomes) {
        if (outcome.status === "rejected") expect(outcome.reason).toMatchObject({ name: "DatabaseUnavailableError", reason: "conflict", outcomeUnknown: false });
      }
      expect(retries.filter((reason) => reason === "conflict").length).toBeGreaterThan(0);
    } finally {
      stop();
    }
  });
});
