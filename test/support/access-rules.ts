import { aBook, aReview } from "@bookstore/test-harness";
import { randomUUID } from "node:crypto";
import type { Server } from "node:http";
import request, { type Response } from "supertest";
import { expectError } from "./expect-error";

export interface AccessTokens {
  /** A member of the editors group. */
  editor: string;
  /** Two signed-in users in no group. */
  ann: string;
  bob: string;
}

type Method = "get" | "post" | "put" | "patch" | "delete";

/** Where the API is: the in-process server or the URL of `npm start`. */
export type ApiTarget = Server | string;

function send(target: ApiTarget, method: Method, path: string, token?: string, body?: unknown): Promise<Response> {
  const call = request(target)[method](path);
  if (token) call.set("authorization", `Bearer ${token}`);
  return body === undefined ? call : call.send(body as object);
}

/** 401 in the error shape with the RFC 6750 challenge, naming the header, never echoing a token. */
export function expectUnauthenticated(response: Response, token?: string): void {
  expectError(response, 401, "UNAUTHENTICATED", ["Authorization"]);
  const challenge = response.headers["www-authenticate"] as string;
  expect(challenge).toMatch(/^Bearer realm="bookstore"/);
  if (token) {
    expect(challenge).toContain('error="invalid_token"');
    expect(JSON.stringify(response.body)).not.toContain(token);
    expect(challenge).not.toContain(token);
  } else {
    expect(challenge).not.toContain("error=");
  }
}

/**
 * Every row of the API's access rules, through HTTP: reads open to anyone;
 * book writes for editors; reviews by anyone signed in, deleted by their
 * author or an editor; a refused write (401 / 403) changes nothing.
 */
export async function expectAccessRules(target: ApiTarget, tokens: AccessTokens): Promise<void> {
  // An author of this run's own, so that counting their books counts only what this check writes.
  const author = `Octavia ${randomUUID()}`;
  const book = (await send(target, "post", "/book", tokens.editor, aBook({ title: "Kindred", author }))).body as { id: number; title: string };
  expect(book.id).toEqual(expect.any(Number));
  const bookPath = `/book/${book.id}`;

  // Reads: anyone, no token.
  for (const path of ["/book", bookPath, `/review?bookId=${book.id}`, "/openapi.json"]) expect((await send(target, "get", path)).status).toBe(200);
  expect((await send(target, "get", "/docs")).status).toBe(200);

  // Book writes: 401 without a token, 403 for a user who is not an editor; nothing changes.
  const listed = async () => ((await send(target, "get", `/book?limit=100&author=${encodeURIComponent(author)}`)).body as { books: unknown[] }).books.length;
  const before = await listed();
  for (const token of [undefined, tokens.ann]) {
    const refused = (response: Response) => (token ? expectError(response, 403, "FORBIDDEN") : expectUnauthenticated(response));
    refused(await send(target, "post", "/book", token, aBook({ author })));
    refused(await send(target, "put", "/book", token, aBook({ author })));
    refused(await send(target, "patch", bookPath, token, { title: "Changed" }));
    refused(await send(target, "delete", bookPath, token));
  }
  expect(await listed()).toBe(before);
  expect((await send(target, "get", bookPath)).body.title).toBe(book.title);

  // Reviews: 401 without a token; any signed-in user reviews.
  expectUnauthenticated(await send(target, "post", "/review", undefined, aReview({ bookId: book.id })));
  expectUnauthenticated(await send(target, "put", "/review", undefined, aReview({ bookId: book.id })));
  const annsReview = (await send(target, "post", "/review", tokens.ann, aReview({ bookId: book.id, reviewer: "Ann" }))).body as { id: number };
  const bobsReview = (await send(target, "put", "/review", tokens.bob, aReview({ bookId: book.id, reviewer: "Bob" }))).body as { id: number };
  expect([annsReview.id, bobsReview.id]).toEqual([expect.any(Number), expect.any(Number)]);

  // Deleting a review: not without a token, not someone else's; its author may, and an editor may delete any.
  expectUnauthenticated(await send(target, "delete", `/review/${annsReview.id}`));
  expectError(await send(target, "delete", `/review/${annsReview.id}`, tokens.bob), 403, "FORBIDDEN");
  expect((await send(target, "get", `/review/${annsReview.id}`)).status).toBe(200);
  expect((await send(target, "delete", `/review/${annsReview.id}`, tokens.ann)).status).toBe(204);
  expect((await send(target, "delete", `/review/${bobsReview.id}`, tokens.editor)).status).toBe(204);
  expect(((await send(target, "get", `/review?bookId=${book.id}`)).body as { reviews: unknown[] }).reviews).toEqual([]);

  // An editor does every book write.
  expect((await send(target, "patch", bookPath, tokens.editor, { title: "Kindred (2nd ed.)" })).status).toBe(200);
  const second = await send(target, "put", "/book", tokens.editor, aBook({ title: "Dawn", author }));
  expect(second.status).toBe(201);
  for (const path of [bookPath, `/book/${second.body.id}`]) {
    expect((await send(target, "delete", path, tokens.editor)).status).toBe(204);
    expect((await send(target, "get", path)).status).toBe(404);
  }
}
