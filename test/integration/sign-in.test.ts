import { EDITORS_GROUP } from "@bookstore/api-contract";
import { LocalUserPool, localSubjectOf } from "@bookstore/local";
import { aBook, aReview } from "@bookstore/test-harness";
import { expectAccessRules, expectUnauthenticated } from "../support/access-rules";
import { useIsolatedDatabase } from "../support/isolated-database";
import { ownerQuery, rowCounts } from "../support/owner-database";
import { anonymousApi, apiAs, testApi, testApiServer, testUserPool, tokenFor } from "../support/test-api";

// Exact row counts: a database no other test file writes to.
useIsolatedDatabase();

const base64url = (json: unknown) => Buffer.from(JSON.stringify(json)).toString("base64url");

describe("sign-in and the access rules", () => {
  test("every row of the rules: reads open, books for editors, reviews by users, deleted by their author or an editor", async () => {
    await expectAccessRules(testApiServer(), {
      editor: await tokenFor("erin", [EDITORS_GROUP]),
      ann: await tokenFor("ann"),
      bob: await tokenFor("bob"),
    });
  });

  // Each token the authorizer must refuse, and how it is made.
  const refused: Array<[string, () => Promise<string>]> = [
    ["not a JWT", async () => "not-a-token"],
    ["a JWT cut short", async () => (await tokenFor("ann", [EDITORS_GROUP])).split(".").slice(0, 2).join(".")],
    ["a JWT whose payload was changed after signing", async () => {
      const [header, , signature] = (await tokenFor("ann")).split(".");
      return `${header}.${base64url({ sub: "someone-else", "cognito:groups": [EDITORS_GROUP] })}.${signature}`;
    }],
    ["signed by another key", async () => LocalUserPool.create(testUserPool().issuer).signIn({ username: "ann", groups: [EDITORS_GROUP] })],
    ['"alg": "none"', async () => {
      const [, payload] = (await tokenFor("ann", [EDITORS_GROUP])).split(".");
      return `${base64url({ alg: "none", typ: "JWT" })}.${payload}.`;
    }],
    ["expired", async () => testUserPool().signIn({ username: "ann", groups: [EDITORS_GROUP], expiresInSeconds: -60 })],
    ["not valid yet", async () => testUserPool().signIn({ username: "ann", groups: [EDITORS_GROUP], notBeforeSeconds: 600 })],
    ["from another issuer", async () => testUserPool().signIn({ username: "ann", groups: [EDITORS_GROUP], claims: { iss: "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_other" } })],
    ["for another client (audience)", async () => testUserPool().signIn({ username: "ann", groups: [EDITORS_GROUP], claims: { aud: "another-app-client" } })],
    ["an access token where an ID token is expected", async () => testUserPool().signIn({ username: "ann", groups: [EDITORS_GROUP], claims: { token_use: "access" } })],
  ];

  test.each(refused)("a token %s is 401 invalid_token, never echoed, and nothing is written", async (_case, makeToken) => {
    const token = await makeToken();
    const before = await rowCounts();
    expectUnauthenticated(await apiAs(token).post("/book").send(aBook()), token);
    expectUnauthenticated(await apiAs(token).delete("/book/1"), token);
    expect(await rowCounts()).toEqual(before);
  });

  test("no Authorization header, or one with nothing after Bearer, is 401 without an error code", async () => {
    const before = await rowCounts();
    expectUnauthenticated(await anonymousApi().post("/book").send(aBook()));
    expectUnauthenticated(await anonymousApi().post("/review").set("authorization", "Bearer ").send(aReview({ bookId: 1 })));
    expect(await rowCounts()).toEqual(before);
  });

  test("a review written before sign-in existed (no author) may be deleted by an editor only", async () => {
    const book = (await testApi().post("/book").send(aBook()).expect(201)).body as { id: number };
    const review = (await testApi().post("/review").send(aReview({ bookId: book.id })).expect(201)).body as { id: number };
    await ownerQuery("UPDATE review SET author_subject = NULL WHERE id = $1", [review.id]);
    const ann = await tokenFor("ann");
    expect((await apiAs(ann).delete(`/review/${review.id}`)).status).toBe(403);
    await testApi().delete(`/review/${review.id}`).expect(204);
  });

  test("a review records its author's subject, and the API never shows it", async () => {
    const book = (await testApi().post("/book").send(aBook()).expect(201)).body as { id: number };
    const created = await apiAs(await tokenFor("ann")).post("/review").send(aReview({ bookId: book.id })).expect(201);
    expect(Object.keys(created.body)).not.toContain("authorSubject");
    const rows = await ownerQuery<{ author_subject: string }>("SELECT author_subject FROM review WHERE id = $1", [created.body.id]);
    expect(rows).toEqual([{ author_subject: localSubjectOf("ann") }]);
  });
});
