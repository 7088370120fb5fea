import { aBook, aReview } from "@bookstore/test-harness";
import { useDatabaseDelay } from "../support/database-delay";
import { useIsolatedDatabase } from "../support/isolated-database";
import { ownerQuery } from "../support/owner-database";
import { anonymousApi, apiAs, testApi, tokenFor } from "../support/test-api";

useIsolatedDatabase();

const STRONG_ETAG = /^"[A-Za-z0-9_-]{27}"$/;

describe("conditional GET (RFC 9110)", () => {
  test("GET /book/{id} sends a strong ETag; If-None-Match with it is 304 without a body, with a stale one 200", async () => {
    const { id } = (await testApi().post("/book").send(aBook()).expect(201)).body as { id: number };
    const first = await anonymousApi().get(`/book/${id}`).expect(200);
    const etag = first.headers.etag as string;
    expect(etag).toMatch(STRONG_ETAG);
    expect((await anonymousApi().get(`/book/${id}`).expect(200)).headers.etag).toBe(etag);

    const notModified = await anonymousApi().get(`/book/${id}`).set("if-none-match", etag).expect(304);
    expect(notModified.text).toBe("");
    expect(notModified.headers.etag).toBe(etag);
    // A list, a weak form of the same tag, and * all name it.
    await anonymousApi().get(`/book/${id}`).set("if-none-match", `"stale", W/${etag}`).expect(304);
    await anonymousApi().get(`/book/${id}`).set("if-none-match", "*").expect(304);
    expect((await anonymousApi().get(`/book/${id}`).set("if-none-match", '"stale"').expect(200)).body.id).toBe(id);
  });

  test("the book's ETag changes with every change of what it shows: its fields, and its review count and average rate", async () => {
    const { id } = (await testApi().post("/book").send(aBook()).expect(201)).body as { id: number };
    const etag = async () => (await anonymousApi().get(`/book/${id}`).expect(200)).headers.etag as string;
    const seen = [await etag()];
    await testApi().patch(`/book/${id}`).send({ title: "Changed" }).expect(200);
    seen.push(await etag());
    const review = (await testApi().post("/review").send(aReview({ bookId: id, rate: 5 })).expect(201)).body as { id: number };
    seen.push(await etag());
    await testApi().post("/review").send(aReview({ bookId: id, rate: 1 })).expect(201);
    seen.push(await etag());
    await testApi().delete(`/review/${review.id}`).expect(204);
    seen.push(await etag());
    expect(new Set(seen).size).toBe(seen.length);
    // A client holding an old tag is sent the new representation.
    expect((await anonymousApi().get(`/book/${id}`).set("if-none-match", seen[0] as string).expect(200)).body.title).toBe("Changed");
  });

  test("GET /review/{id} has its ETag and 304 too", async () => {
    const { id: bookId } = (await testApi().post("/book").send(aBook()).expect(201)).body as { id: number };
    const { id } = (await testApi().post("/review").send(aReview({ bookId })).expect(201)).body as { id: number };
    const etag = (await anonymousApi().get(`/review/${id}`).expect(200)).headers.etag as string;
    expect(etag).toMatch(STRONG_ETAG);
    await anonymousApi().get(`/review/${id}`).set("if-none-match", etag).expect(304);
  });

  test("a browser page may read the ETag (CORS exposes it) and send If-None-Match (preflight allows it)", async () => {
    const origin = "http://localhost:5173";
    const { id } = (await testApi().post("/book").send(aBook()).expect(201)).body as { id: number };
    const answer = await anonymousApi().get(`/book/${id}`).set("origin", origin).expect(200);
    expect(answer.headers["access-control-expose-headers"]).toMatch(/\betag\b/);
    const preflight = await anonymousApi().options(`/book/${id}`).set("origin", origin).set("access-control-request-method", "GET").set("access-control-request-headers", "if-none-match");
    expect(preflight.headers["access-control-allow-headers"]).toMatch(/\bif-none-match\b/);
  });
});

const newBook = async () => (await testApi().post("/book").send(aBook()).expect(201)).body.id as number;
const etagOfBook = async (id: number) => (await anonymousApi().get(`/book/${id}`).expect(200)).headers.etag as string;
const storedBook = async (id: number) => (await ownerQuery("SELECT title, year, updated_at FROM book WHERE id = $1", [id]))[0];

describe("conditional writes: If-Match on PATCH and DELETE", () => {
  test("PATCH with the current ETag changes the book and answers the new representation with its new ETag", async () => {
    const id = await newBook();
    const etag = await etagOfBook(id);
    const answer = await testApi().patch(`/book/${id}`).set("if-match", etag).send({ title: "Matched" }).expect(200);
    expect(answer.body).toMatchObject({ id, title: "Matched", reviewCount: 0, averageRate: null });
    expect(answer.headers.etag).toMatch(STRONG_ETAG);
    expect(answer.headers.etag).not.toBe(etag);
    // The ETag the write answered with is the one a read now sends.
    expect(await etagOfBook(id)).toBe(answer.headers.etag);
  });

  test("PATCH without If-Match still answers the new ETag", async () => {
    const id = await newBook();
    const answer = await testApi().patch(`/book/${id}`).send({ year: 2001 }).expect(200);
    expect(answer.headers.etag).toBe(await etagOfBook(id));
  });

  test("a stale If-Match is 412 PRECONDITION_FAILED on PATCH and DELETE, and the row is unchanged", async () => {
    const id = await newBook();
    const stale = await etagOfBook(id);
    await testApi().post("/review").send(aReview({ bookId: id })).expect(201);
    const before = await storedBook(id);
    const patch = await testApi().patch(`/book/${id}`).set("if-match", stale).send({ title: "Lost update" }).expect(412);
    expect(patch.body.error.code).toBe("PRECONDITION_FAILED");
    await testApi().delete(`/book/${id}`).set("if-match", stale).expect(412);
    expect(await storedBook(id)).toEqual(before);
    // With the current one, both go through.
    const current = (await testApi().patch(`/book/${id}`).set("if-match", await etagOfBook(id)).send({ title: "Fresh" }).expect(200)).headers.etag as string;
    await testApi().delete(`/book/${id}`).set("if-match", current).expect(204);
    await anonymousApi().get(`/book/${id}`).expect(404);
  });

  test("If-Match compares strongly: a weak tag fails, * matches any current book, a malformed one is 400 naming If-Match", async () => {
    const id = await newBook();
    const etag = await etagOfBook(id);
    await testApi().patch(`/book/${id}`).set("if-match", `W/${etag}`).send({ year: 1990 }).expect(412);
    await testApi().patch(`/book/${id}`).set("if-match", `"other", ${etag}`).send({ year: 1991 }).expect(200);
    await testApi().patch(`/book/${id}`).set("if-match", "*").send({ year: 1992 }).expect(200);
    const malformed = await testApi().patch(`/book/${id}`).set("if-match", "not-a-tag").send({ year: 1993 }).expect(400);
    expect(malformed.body.error.details).toEqual([{ field: "If-Match", message: expect.any(String) }]);
    expect((await storedBook(id))?.year).toBe(1992);
    // A missing book is 404, whatever the condition.
    await testApi().patch("/book/2000000000").set("if-match", etag).send({ year: 1994 }).expect(404);
  });

  test("DELETE /review/{id} honours If-Match too, after the author check", async () => {
    const bookId = await newBook();
    const author = apiAs(await tokenFor("etag-author"));
    const { id } = (await author.post("/review").send(aReview({ bookId })).expect(201)).body as { id: number };
    const etag = (await anonymousApi().get(`/review/${id}`).expect(200)).headers.etag as string;
    await author.delete(`/review/${id}`).set("if-match", '"stale"').expect(412);
    await apiAs(await tokenFor("someone-else")).delete(`/review/${id}`).set("if-match", etag).expect(403);
    await author.delete(`/review/${id}`).set("if-match", etag).expect(204);
    await anonymousApi().get(`/review/${id}`).expect(404);
  });

  test("a browser page may send If-Match (preflight allows it)", async () => {
    const id = await newBook();
    const preflight = await anonymousApi()
      .options(`/book/${id}`)
      .set("origin", "http://localhost:5173")
      .set("access-control-request-method", "PATCH")
      .set("access-control-request-headers", "if-match, idempotency-key");
    expect(preflight.headers["access-control-allow-headers"]).toMatch(/\bif-match\b/);
    expect(preflight.headers["access-control-allow-headers"]).toMatch(/\bidempotency-key\b/);
  });
});

// As in AWS, also a few milliseconds from the database: the writers overlap for longer.
describe.each([0, 3])("eight concurrent PATCHes with one If-Match, %i ms from the database", (delayMs) => {
  useDatabaseDelay(delayMs);

  test("exactly one is 200 with a new ETag, seven are 412, and the book has the winner's change", async () => {
    const id = await newBook();
    const etag = await etagOfBook(id);
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, index) => testApi().patch(`/book/${id}`).set("if-match", etag).send({ title: `Writer ${index}` })),
    );
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses).toEqual([200, 412, 412, 412, 412, 412, 412, 412]);
    const winner = answers.find((answer) => answer.status === 200);
    expect(winner?.headers.etag).not.toBe(etag);
    expect((await storedBook(id))?.title).toBe(winner?.body.title);
  }, 60_000);
});

