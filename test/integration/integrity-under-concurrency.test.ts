import { aBook, aReview } from "@bookstore/test-harness";
import { useIsolatedDatabase } from "../support/isolated-database";
import { addReviews, ownerQuery } from "../support/owner-database";
import { useDatabaseDelay } from "../support/database-delay";
import { testApi } from "../support/test-api";

useIsolatedDatabase();

const newBook = async (title: string) =>
  (await testApi().post("/book").send(aBook({ title, author: "Concurrent", publisher: "P", year: 2000 })).expect(201)).body.id as number;

const orphans = async () =>
  (await ownerQuery<{ count: number }>("SELECT count(*)::int AS count FROM review r WHERE NOT EXISTS (SELECT 1 FROM book b WHERE b.id = r.book_id)"))[0]?.count;

// On the DSQL-shaped schema, where conflicts are retried, also a few milliseconds from the database, as in AWS.
const DELAYS_MS = process.env.DB_DIALECT === "dsql" ? [0, 3] : [0];

describe.each(DELAYS_MS)("integrity under concurrency, %i ms from the database", (delayMs) => {
  useDatabaseDelay(delayMs);

  test("40 PATCHes of one book at once: each answered 200, and the book ends with one of the values sent", async () => {
    const id = await newBook("Patched");
    const years = Array.from({ length: 40 }, (_, index) => 1900 + index);
    const answers = await Promise.all(years.map((year) => testApi().patch(`/book/${id}`).send({ year })));
    expect(answers.map((answer) => answer.status).filter((status) => status !== 200)).toEqual([]);
    const final = (await testApi().get(`/book/${id}`).expect(200)).body.year as number;
    expect(years).toContain(final);
  }, 60_000);

  test("a write storm of creates, deletes and same-row PATCHes: no 5xx, no orphan review, every answer one the contract allows", async () => {
    const hot = await newBook("Hot");
    const doomed = await Promise.all([1, 2, 3].map((index) => newBook(`Storm ${index}`)));
    const requests = [
      ...Array.from({ length: 15 }, (_, index) => testApi().patch(`/book/${hot}`).send({ year: 1950 + index })),
      ...doomed.flatMap((id) => Array.from({ length: 8 }, (_, index) => testApi().post("/review").send(aReview({ bookId: id, reviewer: `S${index}` })))),
      ...Array.from({ length: 8 }, (_, index) => testApi().post("/review").send(aReview({ bookId: hot, reviewer: `H${index}` }))),
      ...doomed.map((id) => testApi().delete(`/book/${id}`)),
      ...Array.from({ length: 5 }, (_, index) => testApi().post("/book").send(aBook({ title: `New ${index}` }))),
    ];
    const statuses = (await Promise.all(requests)).map((answer) => answer.status);
    expect(statuses.filter((status) => ![200, 201, 204, 404].includes(status))).toEqual([]);
    expect(await orphans()).toBe(0);
    for (const id of doomed) await testApi().get(`/book/${id}`).expect(404);
    expect((await testApi().get(`/review?bookId=${hot}`).expect(200)).body.reviews).toHaveLength(8);
  }, 60_000);

  test("reviews racing their book's deletion: each is created (201) or finds no book (404), never a 5xx, never an orphan", async () => {
    for (let round = 0; round < 3; round += 1) {
      const id = await newBook(`Doomed ${round}`);
      const reviews = Array.from({ length: 15 }, (_, index) => testApi().post("/review").send(aReview({ bookId: id, reviewer: `R${index}`, rate: 3 })));
      const deletion = testApi().delete(`/book/${id}`);
      const [deleted, ...created] = await Promise.all([deletion, ...reviews]);
      expect(deleted.status).toBe(204);
      for (const answer of created) expect([201, 404]).toContain(answer.status);
      expect(await orphans()).toBe(0);
      await testApi().get(`/review?bookId=${id}`).expect(404);
    }
  });

  test("a book with more reviews than one DSQL transaction may change is deleted whole", async () => {
    const id = await newBook("Much reviewed");
    await addReviews(id, 6_001);
    await testApi().delete(`/book/${id}`).expect(204);
    expect((await ownerQuery<{ count: number }>("SELECT count(*)::int AS count FROM review WHERE book_id = $1", [id]))[0]?.count).toBe(0);
    await testApi().get(`/book/${id}`).expect(404);
  }, 60_000);
});
