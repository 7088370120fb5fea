import { aBook, aReview } from "@bookstore/test-harness";
import { useIsolatedDatabase } from "../support/isolated-database";
import { ownerQuery } from "../support/owner-database";
import { testApi } from "../support/test-api";

useIsolatedDatabase();

const REQUESTS_PER_CLIENT = 60;
const CLIENTS = 3;
// What the contract allows while the database keeps ending sessions: the
// answer, a precondition or a race lost to another client, or the database's
// 503/504 with Retry-After. Never a 500.
const ALLOWED = new Set([200, 201, 204, 404, 409, 412, 503, 504]);

/**
 * Ends every session of the application role on this file's database, every
 * few milliseconds, until stopped; now and then it pauses for 40–80 ms, in
 * which a request that needs several round trips (the Data API lane's, on a
 * loaded machine) can still finish.
 */
function terminateSessionsRepeatedly(): { stop(): Promise<number> } {
  let running = true;
  let terminated = 0;
  const loop = (async () => {
    while (running) {
      const pause = Math.random() < 0.15 ? 40 + Math.random() * 40 : 2 + Math.random() * 8;
      await new Promise((resolve) => setTimeout(resolve, pause));
      const rows = await ownerQuery<{ ended: boolean }>(
        "SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity WHERE usename = $1 AND datname = current_database()",
        [process.env.TEST_APP_ROLE],
      );
      terminated += rows.filter((row) => row.ended).length;
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return terminated;
    },
  };
}

/** One client's run of reads and writes, each answer's status by route. */
async function client(lane: number, statuses: Array<{ route: string; status: number }>): Promise<void> {
  const note = (route: string, status: number) => statuses.push({ route, status });
  let book: number | undefined;
  for (let step = 0; step < REQUESTS_PER_CLIENT; step += 1) {
    if (book === undefined || step % 6 === 0) {
      const created = await testApi().post("/book").send(aBook({ title: `Lane ${lane} step ${step}` }));
      note("POST /book", created.status);
      if (created.status === 201) book = created.body.id as number;
      continue;
    }
    switch (step % 6) {
      case 1: {
        const read = await testApi().get(`/book/${book}`);
        note("GET /book/{id}", read.status);
        const etag = read.headers.etag as string | undefined;
        if (etag) note("PATCH /book/{id} If-Match", (await testApi().patch(`/book/${book}`).set("if-match", etag).send({ year: 1990 + step })).status);
        break;
      }
      case 2:
        note("GET /book", (await testApi().get("/book?limit=5")).status);
        break;
      case 3:
        note("POST /review", (await testApi().post("/review").set("idempotency-key", `lane-${lane}-${step}`).send(aReview({ bookId: book }))).status);
        break;
      case 4:
        note("GET /review", (await testApi().get(`/review?bookId=${book}`)).status);
        break;
      case 5:
        note("DELETE /book/{id}", (await testApi().delete(`/book/${book}`)).status);
        book = undefined;
        break;
    }
  }
}

describe("the database ending the API's sessions every few milliseconds", () => {
  test("every request is answered within the contract, never 500, and the API serves again once it stops", async () => {
    const statuses: Array<{ route: string; status: number }> = [];
    const terminations = terminateSessionsRepeatedly();
    try {
      await Promise.all(Array.from({ length: CLIENTS }, (_, lane) => client(lane, statuses)));
    } finally {
      expect(await terminations.stop()).toBeGreaterThan(0);
    }
    expect(statuses.filter(({ status }) => !ALLOWED.has(status))).toEqual([]);
    // Some got through, and some met a terminated session: the run tested what it says.
    expect(statuses.some(({ status }) => status < 300)).toBe(true);
    expect(statuses.some(({ status }) => status === 503)).toBe(true);

    const id = (await testApi().post("/book").send(aBook({ title: "After" })).expect(201)).body.id as number;
    await testApi().get(`/book/${id}`).expect(200);
    const [orphans] = await ownerQuery<{ count: number }>("SELECT count(*)::int AS count FROM review r WHERE NOT EXISTS (SELECT 1 FROM book b WHERE b.id = r.book_id)");
    expect(orphans).toEqual({ count: 0 });
  }, 120_000);
});
