import { aBook } from "@bookstore/test-harness";
import { expectError } from "../support/expect-error";
import { useIsolatedDatabase } from "../support/isolated-database";
import { rowCounts } from "../support/owner-database";
import { testApi } from "../support/test-api";

// Exact row counts: a database no other test file writes to.
useIsolatedDatabase();

describe("a book's ISBN", () => {
  test("is optional, accepted as ISBN-10 or ISBN-13 in any printed form, and stored and shown as the 13 digits", async () => {
    const without = await testApi().post("/book").send(aBook()).expect(201);
    expect(without.body.isbn).toBeNull();
    const created = await testApi().post("/book").send(aBook({ isbn: "0-306-40615-2" })).expect(201);
    expect(created.body.isbn).toBe("9780306406157");
    expect((await testApi().get(`/book/${created.body.id}`).expect(200)).body.isbn).toBe("9780306406157");
    const changed = await testApi().patch(`/book/${without.body.id}`).send({ isbn: "0 8044 2957 x" }).expect(200);
    expect(changed.body.isbn).toBe("9780804429573");
    expect((await testApi().patch(`/book/${without.body.id}`).send({ isbn: null }).expect(200)).body.isbn).toBeNull();
  });

  test("GET /book?isbn= finds the book by any accepted form", async () => {
    const created = await testApi().post("/book").send(aBook({ isbn: "979-10-90636-07-1" })).expect(201);
    for (const form of ["9791090636071", "979 10 90636 07 1", "979-10-90636-07-1"]) {
      const listed = await testApi().get(`/book?isbn=${encodeURIComponent(form)}`).expect(200);
      expect(listed.body.books.map((book: { id: number }) => book.id)).toEqual([created.body.id]);
    }
    expectError(await testApi().get("/book?isbn=12345"), 400, "VALIDATION_FAILED", ["isbn"]);
  });

  test("a bad ISBN is 400 naming isbn, and nothing is written", async () => {
    const before = await rowCounts();
    for (const isbn of ["978-0-306-40615-8", "0-306-40615-3", "not an isbn", 9780306406157, "9".repeat(30)]) {
      expectError(await testApi().post("/book").send({ ...aBook(), isbn }), 400, "VALIDATION_FAILED", ["isbn"]);
    }
    expect(await rowCounts()).toEqual(before);
  });

  test("an ISBN another book has, in any form, is 409 naming isbn on create and on update, and nothing changes", async () => {
    const first = await testApi().post("/book").send(aBook({ title: "First", isbn: "978-0-14-044913-6" })).expect(201);
    const second = await testApi().post("/book").send(aBook({ title: "Second" })).expect(201);
    const before = await rowCounts();
    // The ISBN-10 form of the same book.
    expectError(await testApi().post("/book").send(aBook({ isbn: "0-14-044913-2" })), 409, "CONFLICT", ["isbn"]);
    expectError(await testApi().patch(`/book/${second.body.id}`).send({ isbn: "9780140449136" }), 409, "CONFLICT", ["isbn"]);
    expect(await rowCounts()).toEqual(before);
    expect((await testApi().get(`/book/${second.body.id}`).expect(200)).body.isbn).toBeNull();
    expect((await testApi().get(`/book/${first.body.id}`).expect(200)).body.isbn).toBe("9780140449136");
  });
});
