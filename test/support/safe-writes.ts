import { aBook } from "@bookstore/test-harness";
import { randomUUID } from "node:crypto";
import request, { type Response } from "supertest";
import type { ApiTarget } from "./access-rules";
import { expectError } from "./expect-error";

/**
 * The safe-retry and safe-edit contract through HTTP, as a client sees it
 * (the in-process server or `npm start` on any target): a keyed create is
 * done once, its twins answer 201 or 409, another body with the key 422, a
 * bad key 400; If-None-Match 304; a stale If-Match 412 changing nothing;
 * eight PATCHes with one ETag, exactly one winner.
 */
export async function expectSafeRetriesAndEdits(target: ApiTarget, editorToken: string): Promise<void> {
  const author = `Safe ${randomUUID()}`;
  const asEditor = () => request.agent(target).set("authorization", `Bearer ${editorToken}`);
  const booksBy = async () => ((await request(target).get(`/book?limit=100&author=${encodeURIComponent(author)}`).expect(200)).body as { books: unknown[] }).books.length;
  const create = (key: string, title: string) => asEditor().post("/book").set("idempotency-key", key).send(aBook({ title, author }));

  const key = randomUUID();
  const first = await create(key, "Once").expect(201);
  const retry = await create(key, "Once").expect(201);
  expect(retry.headers["idempotent-replayed"]).toBe("true");
  expect(retry.body.id).toBe(first.body.id);
  expect(await booksBy()).toBe(1);

  const twinsKey = randomUUID();
  const twins: Response[] = await Promise.all(Array.from({ length: 8 }, () => create(twinsKey, "Twins")));
  expect(twins.map((answer) => answer.status).filter((status) => status !== 201 && status !== 409)).toEqual([]);
  expect(new Set(twins.filter((answer) => answer.status === 201).map((answer) => answer.body.id)).size).toBe(1);
  expect(await booksBy()).toBe(2);

  expectError(await create(key, "Another body"), 422, "IDEMPOTENCY_KEY_REUSED", ["Idempotency-Key"]);
  expectError(await create("", "Empty key"), 400, "VALIDATION_FAILED", ["Idempotency-Key"]);
  expectError(await create("k".repeat(300), "Long key"), 400, "VALIDATION_FAILED", ["Idempotency-Key"]);
  expect(await booksBy()).toBe(2);

  const path = `/book/${first.body.id}`;
  const { etag } = (await request(target).get(path).expect(200)).headers as { etag: string };
  await request(target).get(path).set("if-none-match", etag).expect(304);
  const changed = await asEditor().patch(path).set("if-match", etag).send({ title: "Changed" }).expect(200);
  expectError(await asEditor().patch(path).set("if-match", etag).send({ title: "Lost" }), 412, "PRECONDITION_FAILED");
  expectError(await asEditor().delete(path).set("if-match", etag), 412, "PRECONDITION_FAILED");
  expect((await request(target).get(path).expect(200)).body.title).toBe("Changed");

  const current = changed.headers.etag as string;
  const racers = await Promise.all(Array.from({ length: 8 }, (_, index) => asEditor().patch(path).set("if-match", current).send({ title: `Racer ${index}` })));
  expect(racers.map((answer) => answer.status).sort()).toEqual([200, 412, 412, 412, 412, 412, 412, 412]);
  const winner = racers.find((answer) => answer.status === 200) as Response;
  expect((await request(target).get(path).expect(200)).headers.etag).toBe(winner.headers.etag);
}
