import { aBook, aReview } from "@bookstore/test-harness";
import { expectError } from "../support/expect-error";
import { rowCounts } from "../support/owner-database";
import { testApi } from "../support/test-api";

async function createBook(): Promise<number> {
  const response = await testApi()
    .post("/book")
    .send(aBook({ title: "The Left Hand of Darkness", author: "Ursula K. Le Guin", publisher: "Ace", year: 1969 }))
    .expect(201);
  return response.body.id as number;
}

describe("reviews", () => {
  test("POST /review stores the review and answers 201 with a Location", async () => {
    const bookId = await createBook();
    const response = await testApi().post("/review").send(aReview({ bookId, reviewer: "Genly", rate: 5, review: "Cold." })).expect(201);
    expect(response.body).toEqual({
      id: expect.any(Number),
      bookId,
      reviewer: "Genly",
      rate: 5,
      review: "Cold.",
      createdAt: expect.any(String),
    });
    expect(response.headers.location).toBe(`/review/${response.body.id}`);
    const fetched = await testApi().get(response.headers.location as string).expect(200);
    expect(fetched.body).toEqual(response.body);
  });

  test("PUT /review creates too; the review text is optional", async () => {
    const bookId = await createBook();
    const response = await testApi().put("/review").send(aReview({ bookId, reviewer: "Estraven", rate: 4 })).expect(201);
    expect(response.body.review).toBeNull();
  });

  test("a review of a missing book is 404 naming bookId, and nothing is written", async () => {
    const before = await rowCounts();
    const response = await testApi().post("/review").send(aReview({ bookId: 2_000_000_000, reviewer: "x", rate: 3 }));
    expectError(response, 404, "NOT_FOUND", ["bookId"]);
    expect(await rowCounts()).toEqual(before);
  });

  test("DELETE /review/{id} answers 204, then 404", async () => {
    const bookId = await createBook();
    const created = await testApi().post("/review").send(aReview({ bookId, reviewer: "x", rate: 2 })).expect(201);
    await testApi().delete(`/review/${created.body.id}`).expect(204);
    expectError(await testApi().get(`/review/${created.body.id}`), 404, "NOT_FOUND");
    expectError(await testApi().delete(`/review/${created.body.id}`), 404, "NOT_FOUND");
  });

  test("GET /review needs bookId, and a missing book is 404", async () => {
    expectError(await testApi().get("/review"), 400, "VALIDATION_FAILED", ["bookId"]);
    expectError(await testApi().get("/review?bookId=2000000000"), 404, "NOT_FOUND", ["bookId"]);
    const bookId = await createBook();
    const empty = await testApi().get(`/review?bookId=${bookId}`).expect(200);
    expect(empty.body).toEqual({ reviews: [], nextCursor: null });
  });

  test("a book's reviews page through with no duplicates or gaps, and only that book's", async () => {
    const bookId = await createBook();
    const otherBookId = await createBook();
    const created: number[] = [];
    for (let index = 0; index < 7; index += 1) {
      const response = await testApi().post("/review").send(aReview({ bookId, reviewer: `r${index}`, rate: 1 + (index % 5) })).expect(201);
      created.push(response.body.id as number);
      await testApi().post("/review").send(aReview({ bookId: otherBookId, reviewer: "other", rate: 3 })).expect(201);
    }
    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `/review?bookId=${bookId}&limit=3${cursor ? `&cursor=${cursor}` : ""}`;
      const page = await testApi().get(query).expect(200);
      pages += 1;
      seen.push(...(page.body.reviews as Array<{ id: number; bookId: number }>).map((review) => review.id));
      expect((page.body.reviews as Array<{ bookId: number }>).every((review) => review.bookId === bookId)).toBe(true);
      cursor = page.body.nextCursor as string | null;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(created);
  });

  test("50 concurrent review creations give 50 rows and the right reviewCount", async () => {
    const bookId = await createBook();
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, index) => testApi().post("/review").send(aReview({ bookId, reviewer: `c${index}`, rate: (index % 5) + 1 }))),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(50).fill(201));
    const book = await testApi().get(`/book/${bookId}`).expect(200);
    expect(book.body.reviewCount).toBe(50);
    expect(book.body.averageRate).toBe(3);
    expect(new Set(responses.map((response) => response.body.id)).size).toBe(50);
  });
});
