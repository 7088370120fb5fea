import { aBook } from "@bookstore/test-harness";
import { testApi } from "../support/test-api";

const ALLOWED = "https://app.example.com";
const LOCAL_PAGE = "http://localhost:5173";
const FOREIGN = "https://evil.example.net";

describe("CORS", () => {
  test("a preflight from an allowed origin is answered 204 with the origin, methods and headers", async () => {
    const response = await testApi()
      .options("/book/1")
      .set("origin", ALLOWED)
      .set("access-control-request-method", "PATCH")
      .set("access-control-request-headers", "content-type");
    expect(response.status).toBe(204);
    expect(response.headers["access-control-allow-origin"]).toBe(ALLOWED);
    expect(response.headers["access-control-allow-methods"]?.split(", ").sort()).toEqual(["DELETE", "GET", "OPTIONS", "PATCH"]);
    expect(response.headers["access-control-allow-headers"]).toContain("content-type");
    expect(response.headers.vary).toBe("Origin");
  });

  test("any port of localhost is allowed by the `http://localhost:*` entry", async () => {
    const response = await testApi().options("/book").set("origin", LOCAL_PAGE).set("access-control-request-method", "POST");
    expect(response.status).toBe(204);
    expect(response.headers["access-control-allow-origin"]).toBe(LOCAL_PAGE);
    expect(response.headers["access-control-allow-methods"]).toContain("POST");
  });

  test("a preflight from another origin gets no CORS headers", async () => {
    for (const origin of [FOREIGN, "http://localhost.evil.example:80", "http://localhost:80x", `${ALLOWED}.evil.example`]) {
      const response = await testApi().options("/book").set("origin", origin).set("access-control-request-method", "POST");
      expect(response.status).toBe(204);
      expect(response.headers["access-control-allow-origin"]).toBeUndefined();
      expect(response.headers["access-control-allow-methods"]).toBeUndefined();
    }
  });

  test("successes and errors alike carry the header for an allowed origin", async () => {
    const created = await testApi()
      .post("/book")
      .set("origin", ALLOWED)
      .send(aBook({ title: "Solaris", author: "Stanisław Lem", publisher: "MON", year: 1961 }));
    expect(created.status).toBe(201);
    expect(created.headers["access-control-allow-origin"]).toBe(ALLOWED);

    const answers = await Promise.all([
      testApi().get("/book/0").set("origin", ALLOWED), // 400 from the handler
      testApi().get("/book/2147483647").set("origin", ALLOWED), // 404 from the store
      testApi().get("/nowhere").set("origin", ALLOWED), // 404 from the gateway
      testApi().delete("/book").set("origin", ALLOWED), // 405 from the gateway
      testApi().get(`/book/${created.body.id}`).set("origin", ALLOWED),
    ]);
    expect(answers.map((answer) => answer.status)).toEqual([400, 404, 404, 405, 200]);
    for (const answer of answers) expect(answer.headers["access-control-allow-origin"]).toBe(ALLOWED);
  });

  test("nothing is added for another origin or without one", async () => {
    for (const response of [await testApi().get("/book").set("origin", FOREIGN), await testApi().get("/book"), await testApi().get("/book/0").set("origin", FOREIGN)]) {
      expect(response.headers["access-control-allow-origin"]).toBeUndefined();
    }
  });
});
