import { aBook, aReview } from "@bookstore/test-harness";
import { rowCounts } from "../support/owner-database";
import { testApi } from "../support/test-api";

const dune = aBook({ title: "Dune", author: "Frank Herbert", publisher: "Chilton Books", year: 1965 });

async function createBook(overrides: Partial<typeof dune> = {}) {
  const response = await testApi().post("/book").send({ ...dune, ...overrides }).expect(201);
  return response.body as typeof dune & { id: number; createdAt: string; updatedAt: string };
}

describe("books", () => {
  test("POST /book stores the book and answers 201 with a Location", async () => {
    const response = await testApi().post("/book").send(dune).expect(201);
    expect(response.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(response.body).toMatchObject({ ...dune, id: expect.any(Number) });
    expect(response.headers.location).toBe(`/book/${response.body.id}`);
    expect(new Date(response.body.createdAt).getTime()).not.toBeNaN();
    const fetched = await testApi().get(response.headers.location as string).expect(200);
    expect(fetched.body).toEqual({ ...response.body, reviewCount: 0, averageRate: null });
  });

  test("PUT /book creates too, for clients of the original sample", async () => {
    const response = await testApi().put("/book").send({ ...dune, title: "Dune Messiah", year: 1969 }).expect(201);
    expect(response.body.title).toBe("Dune Messiah");
  });

  test("GET /book/{id} carries the review count and the average rate", async () => {
    const book = await createBook();
    for (const rate of [5, 4, 4]) {
      await testApi().post("/review").send({ bookId: book.id, reviewer: "r", rate }).expect(201);
    }
    const response = await testApi().get(`/book/${book.id}`).expect(200);
    expect(response.body.reviewCount).toBe(3);
    expect(response.body.averageRate).toBeCloseTo(4.33, 2);
  });

  test("PATCH /book/{id} changes the fields sent and keeps the others", async () => {
    const book = await createBook();
    const response = await testApi().patch(`/book/${book.id}`).send({ year: 1966 }).expect(200);
    expect(response.body).toMatchObject({ ...dune, id: book.id, year: 1966 });
    expect(new Date(response.body.updatedAt).getTime()).toBeGreaterThanOrEqual(new Date(book.updatedAt).getTime());
    const fetched = await testApi().get(`/book/${book.id}`).expect(200);
    expect(fetched.body).toMatchObject({ title: dune.title, author: dune.author, publisher: dune.publisher, year: 1966 });
  });

  test("DELETE /book/{id} answers 204 and removes the book with its reviews", async () => {
    const book = await createBook();
    await testApi().post("/review").send(aReview({ bookId: book.id, reviewer: "r", rate: 3 })).expect(201);
    const before = await rowCounts();
    const response = await testApi().delete(`/book/${book.id}`).expect(204);
    expect(response.text).toBe("");
    const after = await rowCounts();
    expect(after).toEqual({ books: before.books - 1, reviews: before.reviews - 1 });
    await testApi().get(`/book/${book.id}`).expect(404);
    await testApi().delete(`/book/${book.id}`).expect(404);
  });

  test.each([
    ["GET", "get"],
    ["PATCH", "patch"],
    ["DELETE", "delete"],
  ] as const)("%s of a missing book is 404 NOT_FOUND", async (_method, verb) => {
    const call = testApi()[verb]("/book/2147483647");
    const response = await (verb === "patch" ? call.send({ year: 2000 }) : call).expect(404);
    expect(response.body).toEqual({
      error: { code: "NOT_FOUND", message: "book 2147483647 does not exist" },
      requestId: expect.any(String),
    });
  });
});
