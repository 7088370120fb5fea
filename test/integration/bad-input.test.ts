import { createOpenApiDocument } from "@bookstore/local";
import { aBook, aReview } from "@bookstore/test-harness";
import { bookListCursor } from "@bookstore/books-service/cursor";
import { expectError } from "../support/expect-error";
import { useIsolatedDatabase } from "../support/isolated-database";
import { rowCounts } from "../support/owner-database";
import { testApi } from "../support/test-api";

useIsolatedDatabase();

const valid = aBook({ title: "Solaris", author: "Stanisław Lem", publisher: "MON", year: 1961 });
let bookId: number;

beforeAll(async () => {
  bookId = (await testApi().post("/book").send(valid).expect(201)).body.id as number;
  await testApi().post("/review").send(aReview({ bookId, reviewer: "Kelvin", rate: 4 })).expect(201);
});

/** Every rejection below must leave both tables exactly as they were. */
let before: { books: number; reviews: number };
beforeEach(async () => {
  before = await rowCounts();
});
afterEach(async () => {
  expect(await rowCounts()).toEqual(before);
});

const long = (length: number) => "x".repeat(length);

describe("bodies that are not a JSON object", () => {
  test.each([
    ["malformed JSON", "{\"title\": "],
    ["a JSON array", "[1,2]"],
    ["JSON null", "null"],
    ["a JSON string", "\"book\""],
    ["invalid UTF-8", Buffer.from([0x7b, 0xff, 0x7d])],
  ])("%s is 400 INVALID_JSON", async (_name, body) => {
    const response = await testApi()
      .post("/book")
      .set("content-type", "application/json")
      .serialize((raw: unknown) => raw as string) // send the bytes as they are
      .send(body as string);
    expectError(response, 400, "INVALID_JSON");
  });

  test("an empty body is 400 INVALID_JSON", async () => {
    expectError(await testApi().post("/book").set("content-type", "application/json"), 400, "INVALID_JSON");
  });

  test.each([["text/plain"], ["application/x-www-form-urlencoded"], ["application/xml"]])(
    "content-type %s is 415",
    async (contentType) => {
      const response = await testApi().post("/book").set("content-type", contentType).send(JSON.stringify(valid));
      expectError(response, 415, "UNSUPPORTED_MEDIA_TYPE", ["content-type"]);
    },
  );

  test("a body over 64 KB is 413", async () => {
    const response = await testApi()
      .post("/book")
      .send({ ...valid, title: long(70 * 1024) });
    expectError(response, 413, "PAYLOAD_TOO_LARGE");
  });

  test("a +json media type is JSON", async () => {
    const response = await testApi().patch(`/book/${bookId}`).set("content-type", "application/merge-patch+json").send(JSON.stringify({}));
    expectError(response, 400, "VALIDATION_FAILED");
  });
});

describe("books with invalid fields", () => {
  test("every missing field is named", async () => {
    expectError(await testApi().post("/book").send({}), 400, "VALIDATION_FAILED", ["title", "author", "publisher", "year"]);
  });

  test.each([
    ["title", long(201)],
    ["title", ""],
    ["title", "   "],
    ["title", 42],
    ["title", null],
    ["author", long(101)],
    ["publisher", long(101)],
    ["year", 1449],
    ["year", 2101],
    ["year", 1999.5],
    ["year", "1999"],
    ["title", "bad\u0000byte"],
    ["title", "lone \ud800 surrogate"],
  ])("%s = %j is 400 naming it", async (field, value) => {
    expectError(await testApi().post("/book").send({ ...valid, [field]: value }), 400, "VALIDATION_FAILED", [field]);
  });

  test("lengths count characters as the database does, not UTF-16 units", async () => {
    const emoji = "📚".repeat(200); // 200 characters, 400 UTF-16 units
    const response = await testApi().post("/book").send({ ...valid, title: emoji }).expect(201);
    expect(response.body.title).toBe(emoji);
    await testApi().delete(`/book/${response.body.id}`).expect(204);
    expectError(await testApi().post("/book").send({ ...valid, title: `${emoji}📚` }), 400, "VALIDATION_FAILED", ["title"]);
  });

  test("unknown fields are rejected by name, not dropped", async () => {
    expectError(await testApi().post("/book").send({ ...valid, yaer: 1961, isbn: "x" }), 400, "VALIDATION_FAILED", ["yaer", "isbn"]);
    expectError(await testApi().patch(`/book/${bookId}`).send({ titel: "x" }), 400, "VALIDATION_FAILED", ["titel"]);
  });

  test("a PATCH must change something", async () => {
    expectError(await testApi().patch(`/book/${bookId}`).send({}), 400, "VALIDATION_FAILED");
    expectError(await testApi().patch(`/book/${bookId}`).send({ year: null }), 400, "VALIDATION_FAILED", ["year"]);
  });
});

describe("reviews with invalid fields", () => {
  test.each([
    ["rate", 0],
    ["rate", 6],
    ["rate", 2.5],
    ["rate", "5"],
    ["bookId", 0],
    ["bookId", -1],
    ["bookId", 2_147_483_648],
    ["bookId", "1"],
    ["reviewer", long(101)],
    ["reviewer", ""],
    ["review", long(501)],
    ["review", 7],
  ])("%s = %j is 400 naming it", async (field, value) => {
    const response = await testApi()
      .post("/review")
      .send(aReview({ bookId, reviewer: "r", rate: 3, [field]: value }));
    expectError(response, 400, "VALIDATION_FAILED", [field]);
  });

  test("every missing field is named, unknown ones too", async () => {
    expectError(await testApi().post("/review").send({ stars: 5 }), 400, "VALIDATION_FAILED", ["bookId", "reviewer", "rate", "stars"]);
  });
});

describe("ids in the path", () => {
  test.each(["abc", "0", "-1", "1.5", "2147483648", "99999999999999999999", "1e3", "%20"])(
    "/book/%s is 400 naming id",
    async (id) => {
      expectError(await testApi().get(`/book/${id}`), 400, "VALIDATION_FAILED", ["id"]);
      expectError(await testApi().delete(`/review/${id}`), 400, "VALIDATION_FAILED", ["id"]);
      expectError(await testApi().patch(`/book/${id}`).send({ year: 2000 }), 400, "VALIDATION_FAILED", ["id"]);
    },
  );
});

describe("routes and methods", () => {
  test("an unknown route is 404 JSON, a wrong method 405 JSON with Allow", async () => {
    expectError(await testApi().get("/books"), 404, "NOT_FOUND");
    expectError(await testApi().get("/book/1/reviews"), 404, "NOT_FOUND");
    const response = await testApi().delete("/book");
    expectError(response, 405, "METHOD_NOT_ALLOWED");
    expect(response.headers.allow).toBe("GET, POST, PUT");
    expectError(await testApi().put(`/book/${bookId}`).send(valid), 405, "METHOD_NOT_ALLOWED");
    expectError(await testApi().patch(`/review/1`).send({}), 405, "METHOD_NOT_ALLOWED");
  });
});

describe("what the OpenAPI document promises about parameters", () => {
  test("an id with leading zeros, a sign or beyond the key's range is 400 naming id, once", async () => {
    for (const id of ["04325", "+1", "-0", "2147483648", "9007199254740993", "1".repeat(400)]) {
      const response = await testApi().get(`/book/${id}`);
      expectError(response, 400, "VALIDATION_FAILED", ["id"]);
      expect(response.body.error.details).toHaveLength(1);
    }
  });

  test("a missing required query parameter says it is required", async () => {
    const response = await testApi().get("/review");
    expectError(response, 400, "VALIDATION_FAILED", ["bookId"]);
    expect(response.body.error.details).toEqual([{ field: "bookId", message: "is required" }]);
  });

  test("an empty query parameter is 400 naming it, as the document says (every string has minLength 1, integers are integers)", async () => {
    const documented = createOpenApiDocument() as unknown as { paths: Record<string, { get?: { parameters?: Array<{ in: string; name: string; schema: { minLength?: number; type?: string } }> } }> };
    for (const [path, query] of [["/book", ""], ["/review", "bookId=1&"]] as const) {
      const parameters = (documented.paths[path]?.get?.parameters ?? []).filter((parameter) => parameter.in === "query");
      expect(parameters.length).toBeGreaterThan(0);
      for (const { name, schema } of parameters) {
        expect({ name, refusesEmpty: schema.type === "integer" || (schema.minLength ?? 0) >= 1 }).toEqual({ name, refusesEmpty: true });
        expectError(await testApi().get(`${path}?${query}${name}=`), 400, "VALIDATION_FAILED", [name]);
      }
    }
  });

  test("a well-formed cursor past the key's range is 400 naming cursor, before any query", async () => {
    for (const cursor of [bookListCursor({}, 2_147_483_648), bookListCursor({}, 9_999_999_999)]) {
      expectError(await testApi().get(`/book?cursor=${cursor}`), 400, "VALIDATION_FAILED", ["cursor"]);
    }
  });

  test("integer query parameters outside their documented bounds are 400", async () => {
    for (const query of ["limit=0", "limit=101", "limit=07", "year=1449", "year=2101"]) {
      expectError(await testApi().get(`/book?${query}`), 400, "VALIDATION_FAILED", [query.split("=")[0] as string]);
    }
  });
});
