import { aBook, aReview } from "@bookstore/test-harness";
import { useIsolatedDatabase } from "../support/isolated-database";
import { ownerQuery } from "../support/owner-database";
import { testApi } from "../support/test-api";

useIsolatedDatabase();

const newBook = async (title: string) =>
  (await testApi().post("/book").send(aBook({ title, author: "Concurrent", publisher: "P", year: 2000 })).expect(201)).body.id as number;

const orphans = async () =>
  (await ownerQuery<{ count: number }>("SELECT count(*)::int AS count FROM review r WHERE NOT EXISTS (SELECT 1 FROM book b WHERE b.id = r.book_id)"))[0]?.count;

describe("integrity under concurrency, with or without foreign keys", () => {
  test("many PATCHes of one book at once: no 5xx, and the book ends with one of the values sent", async () => {
    const id = await newBook("Patched");
    const years = Array.from({ length: 20 }, (_, index) => 1900 + index);
    const answers = await Promise.all(years.map((year) => testApi().patch(`/book/${id}`).send({ year })));
    expect(answers.map((answer) => answer.status).filter((status) => status !== 200)).toEqual([]);
    const final = (await testApi().get(`/book/${id}`).expect(200)).body.year as number;
    expect(years).toContain(final);
  });

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
    await ownerQuery("INSERT INTO review (book_id, reviewer, rate) SELECT $1, 'Reviewer ' || g, 1 + g % 5 FROM generate_series(1, 6001) g", [id]);
    await testApi().delete(`/book/${id}`).expect(204);
    expect((await ownerQuery<{ count: number }>("SELECT count(*)::int AS count FROM review WHERE book_id = $1", [id]))[0]?.count).toBe(0);
    await testApi().get(`/book/${id}`).expect(404);
  }, 60_000);
});
