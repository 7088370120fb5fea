import { withClient } from "@bookstore/local";
import { Book, DatabaseUnavailableError, runInTransaction, runOnConnection, type EntityManager } from "@bookstore/orm";
import { aBook, DelayingProxy } from "@bookstore/test-harness";
import { retriesOf } from "../support/database-retries";
import { useProxiedFileDatabase } from "../support/proxied-file-database";

const files = useProxiedFileDatabase();

/** The layer's connections go through a proxy whose connections the test can drop, its answers held `answerDelayMs`. */
function throughProxy(answerDelayMs: number): Promise<DelayingProxy> {
  return files.through((appUrl) => DelayingProxy.start(appUrl, answerDelayMs, "answers"));
}

async function storedWithTitle(title: string): Promise<number> {
  const { rows } = await withClient(files.database().ownerUrl, (client) => client.query<{ n: number }>("SELECT count(*)::int AS n FROM book WHERE title = $1", [title]));
  return rows[0]!.n;
}

/** A transaction's work whose first attempt loses its connection while a statement runs (the network path drops, no answer from the server). */
function insertLosingItsFirstConnection(dropping: DelayingProxy, title: string): (manager: EntityManager) => Promise<void> {
  let attempts = 0;
  return async (inTransaction) => {
    attempts += 1;
    await inTransaction.insert(Book, aBook({ title, author: "A", publisher: "P", year: 2000 }));
    if (attempts > 1) return;
    const sleeping = inTransaction.query("SELECT pg_sleep(0.3)");
    setTimeout(() => dropping.cutConnections(), 50);
    await sleeping;
  };
}

function unavailableOf(outcome: PromiseSettledResult<unknown>): { reason: string; outcomeUnknown: boolean } {
  expect(outcome.status).toBe("rejected");
  const error = (outcome as PromiseRejectedResult).reason as DatabaseUnavailableError;
  expect(error).toBeInstanceOf(DatabaseUnavailableError);
  return { reason: error.reason, outcomeUnknown: error.outcomeUnknown };
}

describe("a connection lost inside a transaction (no answer: the network path dropped)", () => {
  test("before its COMMIT was sent: runInTransaction runs it again whole, and it is applied once", async () => {
    const dropping = await throughProxy(0);
    const title = "Lost before commit";
    const { outcome, retries } = await retriesOf(() => runInTransaction(insertLosingItsFirstConnection(dropping, title)));
    expect(outcome.status).toBe("fulfilled");
    expect(retries).toEqual(["connection-lost"]);
    expect(await storedWithTitle(title)).toBe(1);
  });

  test("before its COMMIT was sent, in a write the layer was not told is one transaction: reported as outcome unknown, not retried", async () => {
    const dropping = await throughProxy(0);
    const title = "Lost in an opaque write";
    const { outcome, retries } = await retriesOf(() => runOnConnection("write", (manager) => manager.transaction(insertLosingItsFirstConnection(dropping, title))));
    expect(unavailableOf(outcome)).toEqual({ reason: "lost", outcomeUnknown: true });
    expect(retries).toEqual([]);
    expect(await storedWithTitle(title)).toBe(0);
  });

  test("while its COMMIT was in flight: reported as outcome unknown, not retried (here the server had committed it)", async () => {
    // The server's answers held 150 ms: the COMMIT is applied at once, its answer lost with the connection.
    const dropping = await throughProxy(150);
    const title = "Lost with its commit";
    const { outcome, retries } = await retriesOf(() =>
      runInTransaction(async (inTransaction) => {
        await inTransaction.insert(Book, aBook({ title, author: "A", publisher: "P", year: 2000 }));
        setTimeout(() => dropping.cutConnections(), 60);
      }),
    );
    expect(unavailableOf(outcome)).toEqual({ reason: "lost", outcomeUnknown: true });
    expect(retries).toEqual([]);
    expect(await storedWithTitle(title)).toBe(1);
  });
});
