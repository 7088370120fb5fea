import { EDITORS_GROUP } from "@bookstore/api-contract";
import { answerOnce, idempotencyRecords } from "@bookstore/idempotency";
import { jsonResponse, type ApiRequest } from "@bookstore/http-kit";
import { localSubjectOf } from "@bookstore/local";
import { Book } from "@bookstore/orm";
import { write } from "@bookstore/store-kit";
import { aBook, aReview } from "@bookstore/test-harness";
import { randomUUID } from "node:crypto";
import { useDatabaseDelay } from "../support/database-delay";
import { useIsolatedDatabase } from "../support/isolated-database";
import { ownerQuery } from "../support/owner-database";
import { apiAs, testApi, tokenFor } from "../support/test-api";

useIsolatedDatabase();

const EDITOR = "test-editor";

const booksTitled = async (title: string) => (await ownerQuery<{ count: number }>("SELECT count(*)::int AS count FROM book WHERE title = $1", [title]))[0]?.count;
const recordsFor = async (key: string) =>
  (await ownerQuery<{ count: number }>("SELECT count(*)::int AS count FROM idempotency_record WHERE idempotency_key = $1", [key]))[0]?.count;
const aKey = () => `key-${randomUUID()}`;
const uniqueTitle = () => `Once ${randomUUID()}`;

describe("Idempotency-Key on creates", () => {
  test("a create retried with its key gets the first answer again, marked replayed, and one row is written", async () => {
    const key = aKey();
    const title = uniqueTitle();
    const first = await testApi().post("/book").set("idempotency-key", key).send(aBook({ title })).expect(201);
    expect(first.headers["idempotent-replayed"]).toBeUndefined();
    // The same request: the body's keys in another order are the same body; the key may be sent as a quoted string.
    const { year, publisher, author } = aBook();
    const retry = await testApi().post("/book").set("idempotency-key", `"${key}"`).send({ year, publisher, author, title }).expect(201);
    expect(retry.headers["idempotent-replayed"]).toBe("true");
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.location).toBe(first.headers.location);
    expect(await booksTitled(title)).toBe(1);
    expect(await recordsFor(key)).toBe(1);
  });

  test("reviews too: the retry names the same review, and the book has one", async () => {
    const { id: bookId } = (await testApi().post("/book").send(aBook()).expect(201)).body as { id: number };
    const key = aKey();
    const first = await testApi().post("/review").set("idempotency-key", key).send(aReview({ bookId })).expect(201);
    const retry = await testApi().post("/review").set("idempotency-key", key).send(aReview({ bookId })).expect(201);
    expect(retry.headers["idempotent-replayed"]).toBe("true");
    expect(retry.body.id).toBe(first.body.id);
    expect((await testApi().get(`/review?bookId=${bookId}`).expect(200)).body.reviews).toHaveLength(1);
  });

  test("without a key every create is a new one", async () => {
    const title = uniqueTitle();
    await testApi().post("/book").send(aBook({ title })).expect(201);
    await testApi().post("/book").send(aBook({ title })).expect(201);
    expect(await booksTitled(title)).toBe(2);
  });

  test("the same key for another request is 422 naming the header, and nothing is written", async () => {
    const key = aKey();
    const title = uniqueTitle();
    await testApi().post("/book").set("idempotency-key", key).send(aBook({ title })).expect(201);
    const otherBody = await testApi().post("/book").set("idempotency-key", key).send(aBook({ title, year: 1999 })).expect(422);
    expect(otherBody.body.error).toMatchObject({ code: "IDEMPOTENCY_KEY_REUSED", details: [{ field: "Idempotency-Key" }] });
    // Another method on the same route is another request too.
    await testApi().put("/book").set("idempotency-key", key).send(aBook({ title })).expect(422);
    expect(await booksTitled(title)).toBe(1);
  });

  test("a key belongs to its caller and its route: the same key elsewhere is a new request", async () => {
    const key = aKey();
    const title = uniqueTitle();
    const mine = await testApi().post("/book").set("idempotency-key", key).send(aBook({ title })).expect(201);
    const otherEditor = apiAs(await tokenFor("other-editor", [EDITORS_GROUP]));
    const theirs = await otherEditor.post("/book").set("idempotency-key", key).send(aBook({ title })).expect(201);
    expect(theirs.body.id).not.toBe(mine.body.id);
    expect(theirs.headers["idempotent-replayed"]).toBeUndefined();
    await testApi().post("/review").set("idempotency-key", key).send(aReview({ bookId: mine.body.id })).expect(201);
    expect(await booksTitled(title)).toBe(2);
  });

  test.each([
    ["empty", ""],
    ["300 characters", "k".repeat(300)],
    ["a space inside", "two words"],
    ["not ASCII", "clé"],
    ["a tab inside", "a\tb"],
  ])("a key that is %s is 400 naming Idempotency-Key, and nothing is written", async (_name, key) => {
    const title = uniqueTitle();
    const answer = await testApi().post("/book").set("idempotency-key", key).send(aBook({ title })).expect(400);
    expect(answer.body.error).toMatchObject({ code: "VALIDATION_FAILED", details: [{ field: "Idempotency-Key" }] });
    expect(await booksTitled(title)).toBe(0);
  });

  test("a 255-character key is accepted", async () => {
    await testApi().post("/book").set("idempotency-key", "k".repeat(255)).send(aBook()).expect(201);
  });

  test("a create that fails is not kept: the retry runs again", async () => {
    const key = aKey();
    await testApi().post("/review").set("idempotency-key", key).send(aReview({ bookId: 2_000_000_000 })).expect(404);
    expect(await recordsFor(key)).toBe(0);
    const { id: bookId } = (await testApi().post("/book").send(aBook()).expect(201)).body as { id: number };
    // The key is free; another body with it is a first request.
    await testApi().post("/review").set("idempotency-key", key).send(aReview({ bookId })).expect(201);
  });

  test("an expired key is a new request, and expired records are removed in bounded batches", async () => {
    const key = aKey();
    const title = uniqueTitle();
    const first = await testApi().post("/book").set("idempotency-key", key).send(aBook({ title })).expect(201);
    await ownerQuery("UPDATE idempotency_record SET expires_at = now() - interval '1 second' WHERE idempotency_key = $1", [key]);
    const again = await testApi().post("/book").set("idempotency-key", key).send(aBook({ title })).expect(201);
    expect(again.headers["idempotent-replayed"]).toBeUndefined();
    expect(again.body.id).not.toBe(first.body.id);
    expect(await recordsFor(key)).toBe(1);

    await ownerQuery("UPDATE idempotency_record SET expires_at = now() - interval '1 second'");
    await ownerQuery(
      "INSERT INTO idempotency_record (caller_subject, route, idempotency_key, fingerprint, expires_at) SELECT 'sweep', '/book', 'k' || g, 'f', now() - interval '1 hour' FROM generate_series(1, 7) g",
    );
    const expired = async () => (await ownerQuery<{ count: number }>("SELECT count(*)::int AS count FROM idempotency_record WHERE expires_at < now()"))[0]?.count as number;
    const before = await expired();
    expect(await idempotencyRecords.removeExpired(5)).toBe(5);
    expect(await expired()).toBe(before - 5);
    while ((await idempotencyRecords.removeExpired(5)) > 0);
    expect(await expired()).toBe(0);
  });
});

describe("a retry while the first request is in flight", () => {
  const holdKey = async (key: string, hold: (release: (outcome: "COMMIT" | "ROLLBACK") => Promise<void>) => Promise<void>) => {
    // A first request's claim, not yet committed: as the owner, in a transaction of our own.
    const { Client } = await import("pg");
    const client = new Client({ connectionString: process.env.TEST_OWNER_DATABASE_URL });
    await client.connect();
    try {
      await client.query("BEGIN");
      await client.query("INSERT INTO idempotency_record (caller_subject, route, idempotency_key, fingerprint, expires_at) VALUES ($1, '/book', $2, 'f', now() + interval '1 hour')", [
        localSubjectOf(EDITOR),
        key,
      ]);
      let released = false;
      await hold(async (outcome) => {
        released = true;
        await client.query(outcome);
      });
      if (!released) await client.query("ROLLBACK");
    } finally {
      await client.end();
    }
  };

  if (process.env.DB_DIALECT === "dsql") {
    test("waits for it on the DSQL-shaped lane (DSQL itself would not wait), and goes ahead when it rolls back", async () => {
      const key = aKey();
      const title = uniqueTitle();
      await holdKey(key, async (release) => {
        const retry = testApi().post("/book").set("idempotency-key", key).send(aBook({ title })).then((answer) => answer);
        await new Promise((resolve) => setTimeout(resolve, 300));
        await release("ROLLBACK");
        expect((await retry).status).toBe(201);
      });
      expect(await booksTitled(title)).toBe(1);
    });
  } else {
    test("is 409 REQUEST_IN_PROGRESS with Retry-After once the role's lock_timeout passes, writing nothing; after a rollback the key is free", async () => {
      const key = aKey();
      const title = uniqueTitle();
      await holdKey(key, async (release) => {
        const answer = await testApi().post("/book").set("idempotency-key", key).send(aBook({ title })).expect(409);
        expect(answer.body.error).toMatchObject({ code: "REQUEST_IN_PROGRESS", details: [{ field: "Idempotency-Key" }] });
        expect(Number(answer.headers["retry-after"])).toBeGreaterThan(0);
        await release("ROLLBACK");
      });
      expect(await booksTitled(title)).toBe(0);
      await testApi().post("/book").set("idempotency-key", key).send(aBook({ title })).expect(201);
    });
  }
});

// As in AWS, also a few milliseconds from the database: the twins overlap for longer.
describe.each([0, 3])("eight concurrent first requests with one key, %i ms from the database", (delayMs) => {
  useDatabaseDelay(delayMs);

  test("write one row and answer only 201 (the first, then its replays) or 409", async () => {
    const key = aKey();
    const title = uniqueTitle();
    const answers = await Promise.all(Array.from({ length: 8 }, () => testApi().post("/book").set("idempotency-key", key).send(aBook({ title }))));
    expect(answers.map((answer) => answer.status).filter((status) => status !== 201 && status !== 409)).toEqual([]);
    const created = answers.filter((answer) => answer.status === 201);
    expect(created.filter((answer) => answer.headers["idempotent-replayed"] === undefined)).toHaveLength(1);
    expect(new Set(created.map((answer) => answer.body.id)).size).toBe(1);
    expect(await booksTitled(title)).toBe(1);
    expect(await recordsFor(key)).toBe(1);
  }, 60_000);
});

describe("a crash between the row and the answer", () => {
  const editorRequest = (key: string, title: string): ApiRequest => ({
    event: {
      httpMethod: "POST",
      path: "/book",
      resource: "/book",
      headers: { "content-type": "application/json", "idempotency-key": key },
      body: JSON.stringify(aBook({ title })),
    } as unknown as ApiRequest["event"],
    requestId: randomUUID(),
    caller: { subject: localSubjectOf(EDITOR), username: EDITOR, groups: [EDITORS_GROUP] },
    publicPath: (path) => path,
  });
  const insertBook = (title: string) => write((manager) => manager.insert(Book, { ...aBook({ title }), isbn: null }));

  test("the function failing after the row: the row and the record roll back together, and the retry creates once", async () => {
    const key = aKey();
    const title = uniqueTitle();
    await expect(
      answerOnce(editorRequest(key, title), async () => {
        await insertBook(title);
        throw new Error("the function died before it answered");
      }),
    ).rejects.toThrow("died");
    expect(await booksTitled(title)).toBe(0);
    expect(await recordsFor(key)).toBe(0);
    const answer = await answerOnce(editorRequest(key, title), async () => jsonResponse(201, (await insertBook(title)).identifiers[0]));
    expect(answer.statusCode).toBe(201);
    expect(await booksTitled(title)).toBe(1);
  });

  test("the database session ending after the row: nothing of it is committed", async () => {
    const key = aKey();
    const title = uniqueTitle();
    const { Client } = await import("pg");
    const server = new Client({ connectionString: process.env.TEST_SERVER_URL });
    await server.connect();
    try {
      await expect(
        answerOnce(editorRequest(key, title), async () => {
          await insertBook(title);
          const [{ pid }] = await write((manager) => manager.query("SELECT pg_backend_pid() AS pid"));
          await server.query("SELECT pg_terminate_backend($1)", [pid]);
          return jsonResponse(201, {});
        }),
      ).rejects.toBeInstanceOf(Error);
    } finally {
      await server.end();
    }
    expect(await booksTitled(title)).toBe(0);
    expect(await recordsFor(key)).toBe(0);
  });
});
