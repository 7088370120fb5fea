import { aBook, aReview } from "@bookstore/test-harness";
import fc from "fast-check";
import { useIsolatedDatabase } from "../support/isolated-database";
import { rowCounts } from "../support/owner-database";
import { testApi } from "../support/test-api";

useIsolatedDatabase();

const WRITES = new Set(["POST", "PUT", "PATCH", "DELETE"]);

const idText = fc.oneof(
  fc.integer({ min: 1, max: 6 }).map(String),
  fc.integer().map(String),
  fc.bigInt().map(String),
  fc.string({ maxLength: 12 }).map(encodeURIComponent),
  fc.constantFrom("0", "-1", "1.5", "1e3", "%00", "%F0%9F%93%9A", "null", ""),
);

const path = fc.oneof(
  fc.constantFrom("/book", "/review"),
  idText.map((id) => `/book/${id}`),
  idText.map((id) => `/review/${id}`),
  fc.webPath(),
  fc.constantFrom("/", "/books", "/book/1/reviews", "/review/1/", "/openapi"),
);

const text = fc.oneof(
  fc.string({ maxLength: 120 }),
  fc.string({ unit: "grapheme", maxLength: 60 }),
  fc.constantFrom("", " ", "'; DROP TABLE book;--", "\u0000", "x".repeat(600)),
);

const value = fc.oneof(text, fc.integer(), fc.integer({ min: -2, max: 2200 }), fc.double(), fc.boolean(), fc.constant(null), fc.json());

const fieldNames = fc.constantFrom("title", "author", "publisher", "year", "bookId", "reviewer", "rate", "review", "limit", "cursor", "x");

const body = fc.oneof(
  fc.dictionary(fieldNames, value, { maxKeys: 6 }).map((object) => JSON.stringify(object)),
  fc
    .record({
      title: text,
      author: text,
      publisher: text,
      year: fc.integer({ min: 1400, max: 2150 }),
      bookId: fc.integer({ min: -1, max: 8 }),
      reviewer: text,
      rate: fc.integer({ min: -1, max: 7 }),
    }, { requiredKeys: [] })
    .map((object) => JSON.stringify(object)),
  fc.json(),
  fc.string({ maxLength: 40 }),
  fc.constant(""),
);

const query = fc.dictionary(fc.oneof(fieldNames, fc.string({ maxLength: 6 })), fc.oneof(text, fc.integer().map(String)), { maxKeys: 4 });

const request = fc.record({
  method: fc.constantFrom("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"),
  path,
  query,
  body,
  contentType: fc.constantFrom("application/json", "application/json; charset=utf-8", "text/plain", undefined),
});

beforeAll(async () => {
  for (let index = 0; index < 3; index += 1) {
    const book = await testApi().post("/book").send(aBook({ title: `T${index}`, author: "A", publisher: "P", year: 2000 })).expect(201);
    await testApi().post("/review").send(aReview({ bookId: book.body.id, reviewer: "R", rate: 3 })).expect(201);
  }
});

test("random requests never get a 5xx, always get the error shape, and write only on 2xx", async () => {
  await fc.assert(
    fc.asyncProperty(request, async ({ method, path: requestPath, query: parameters, body: payload, contentType }) => {
      const before = await rowCounts();
      const search = new URLSearchParams(parameters).toString();
      let call = testApi()[method.toLowerCase() as "get"](`${requestPath}${search ? `?${search}` : ""}`);
      if (contentType) call = call.set("content-type", contentType);
      const response = method === "GET" || method === "DELETE" || method === "OPTIONS" ? await call : await call.send(payload);
      const after = await rowCounts();

      expect(response.status).toBeLessThan(500);
      if (response.status === 302) {
        // The one answer that is not JSON: the root sends a reader to the docs.
        expect({ method, path: requestPath || "/", location: response.headers.location, after }).toEqual({ method: "GET", path: "/", location: "/docs", after: before });
        return;
      }
      expect(response.headers["content-type"]).toBe("application/json; charset=utf-8");
      if (response.status >= 400) {
        expect(response.body).toEqual({
          error: expect.objectContaining({ code: expect.any(String), message: expect.any(String) }),
          requestId: expect.any(String),
        });
      }
      const wrote = response.status >= 200 && response.status < 300 && WRITES.has(method);
      if (!wrote) expect(after).toEqual(before);
    }),
    { numRuns: 1000 },
  );
}, 180_000);
