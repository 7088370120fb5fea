import { aBook, aReview } from "@bookstore/test-harness";
import { recordStatements } from "../support/sent-statements";
import { testApi } from "../support/test-api";

describe("round trips to the database", () => {
  let bookId: number;
  beforeAll(async () => {
    // Warm: the connection and TypeORM's start-up queries are done by now.
    const book = await testApi().post("/book").send(aBook({ title: "Ubik", author: "Philip K. Dick", publisher: "Doubleday", year: 1969 })).expect(201);
    bookId = book.body.id as number;
    await testApi().get("/book").expect(200);
  });

  const newBook = async () =>
    (await testApi().post("/book").send(aBook({ title: "t", author: "a", publisher: "p", year: 2000 })).expect(201)).body.id as number;
  const newReview = async () => (await testApi().post("/review").send(aReview({ bookId, reviewer: "r", rate: 3 })).expect(201)).body.id as number;
  const nothing = async () => 0;

  test.each([
    ["GET /book", nothing, () => testApi().get("/book?limit=20"), 200, [/^SELECT/]],
    ["GET /book/{id}", nothing, () => testApi().get(`/book/${bookId}`), 200, [/^SELECT .* LEFT JOIN "review"/]],
    ["POST /book", nothing, () => testApi().post("/book").send(aBook({ title: "t", author: "a", publisher: "p", year: 2000 })), 201, [/^INSERT INTO "book".*RETURNING \*$/]],
    // The update, then the book as it is after it (with its rating) for the answer and its ETag.
    ["PATCH /book/{id}", nothing, () => testApi().patch(`/book/${bookId}`).send({ year: 1970 }), 200, [/^UPDATE "book" SET .* RETURNING \*$/, /^SELECT .* LEFT JOIN "review"/]],
    ["DELETE /book/{id}", newBook, (id: number) => testApi().delete(`/book/${id}`), 204, [/^DELETE FROM "book"/]],
    ["POST /review", nothing, () => testApi().post("/review").send(aReview({ bookId, reviewer: "r", rate: 3 })), 201, [/^INSERT INTO "review".*RETURNING \*$/]],
    ["GET /review", nothing, () => testApi().get(`/review?bookId=${bookId}`), 200, [/^SELECT .* LEFT JOIN "review"/]],
    ["GET /review/{id}", newReview, (id: number) => testApi().get(`/review/${id}`), 200, [/^SELECT .* FROM "review"/]],
    ["DELETE /review/{id}", newReview, (id: number) => testApi().delete(`/review/${id}`), 204, [/^DELETE FROM "review"/]],
  ] as const)("%s is one statement (PATCH two), with no transaction around it", async (_route, prepare, call, status, shapes) => {
    const id = await prepare();
    const { sent, stop } = recordStatements();
    try {
      expect((await call(id)).status).toBe(status);
    } finally {
      stop();
    }
    const statements = sent.map((text) => text.replace(/\s+/g, " ").trim());
    expect(statements).toHaveLength(shapes.length);
    shapes.forEach((shape, index) => expect(statements[index]).toMatch(shape));
  });
});
