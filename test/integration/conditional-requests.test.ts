import { aBook, aReview } from "@bookstore/test-harness";
import { anonymousApi, testApi } from "../support/test-api";

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
