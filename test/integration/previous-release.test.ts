import { withClient } from "@bookstore/local";
import { aBook, aReview, createScratchDatabase, type ScratchDatabase } from "@bookstore/test-harness";
import { spawn, type ChildProcess } from "node:child_process";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import request from "supertest";
import { buildPreviousRelease, type PreviousRelease } from "../support/previous-release";
import { childEnv, PROJECT_ROOT } from "../support/run-script";

// The expand rule, run: while a migration rolls out, the functions and the
// layer of the release before it still serve every request, on the schema
// this tree's migrations build (with the grants they give the app role).
let release: PreviousRelease;
let database: ScratchDatabase;
let api: ChildProcess;
let base: string;

beforeAll(async () => {
  const serverUrl = process.env.TEST_SERVER_URL;
  if (!serverUrl) throw new Error("TEST_SERVER_URL is not set: run through a jest lane");
  release = await buildPreviousRelease();
  database = await createScratchDatabase(serverUrl, { dialect: "postgres" });
  api = spawn(process.execPath, ["--import", "tsx", join(PROJECT_ROOT, "test/support/previous-release-api.ts"), release.handlers.books, release.handlers.reviews], {
    cwd: PROJECT_ROOT,
    env: childEnv({ DATABASE_URL: database.appUrl, POWERTOOLS_LOG_LEVEL: "SILENT" }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  base = await new Promise<string>((resolve, reject) => {
    let output = "";
    api.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const port = /listening on (\d+)/.exec(output)?.[1];
      if (port) resolve(`http://127.0.0.1:${port}`);
    });
    api.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    api.once("exit", (code) => reject(new Error(`the previous release's API exited with ${code}: ${output}`)));
  });
}, 120_000);

afterAll(async () => {
  api?.kill();
  await database?.drop();
  if (release) await rm(release.dir, { recursive: true, force: true });
});

describe("the previous release on the head schema", () => {
  test("serves the whole contract: books and reviews created, listed, filtered, paged, changed, deleted", async () => {
    const http = request(base);
    const created = await http.post("/book").send(aBook({ title: "Parable of the Sower", author: "Octavia E. Butler" })).expect(201);
    const id = created.body.id as number;
    await http.put("/book").send(aBook({ title: "Parable of the Talents", author: "Octavia E. Butler" })).expect(201);
    expect((await http.get(`/book/${id}`).expect(200)).body).toMatchObject({ id, title: "Parable of the Sower", reviewCount: 0, averageRate: null });
    const firstPage = await http.get("/book?limit=1&author=Octavia%20E.%20Butler").expect(200);
    expect(firstPage.body.books).toHaveLength(1);
    const secondPage = await http.get(`/book?limit=1&author=Octavia%20E.%20Butler&cursor=${firstPage.body.nextCursor as string}`).expect(200);
    expect(secondPage.body.books[0].title).toBe("Parable of the Talents");
    expect((await http.patch(`/book/${id}`).send({ year: 1993 }).expect(200)).body.year).toBe(1993);

    const review = await http.post("/review").send(aReview({ bookId: id, rate: 5 })).expect(201);
    await http.put("/review").send(aReview({ bookId: id, rate: 3 })).expect(201);
    expect((await http.get(`/book/${id}`).expect(200)).body).toMatchObject({ reviewCount: 2, averageRate: 4 });
    expect((await http.get(`/review?bookId=${id}`).expect(200)).body.reviews).toHaveLength(2);
    expect((await http.get(`/review/${review.body.id}`).expect(200)).body.rate).toBe(5);
    await http.delete(`/review/${review.body.id}`).expect(204);
    await http.post("/review").send(aReview({ bookId: 2_000_000_000 })).expect(404);
    await http.post("/book").send({ ...aBook(), year: 99 }).expect(400);
    await http.delete(`/book/${id}`).expect(204);
    await http.get(`/book/${id}`).expect(404);
  });

  test("its writes leave what it does not know of empty, for this release to read", async () => {
    const created = await request(base).post("/book").send(aBook({ title: "Kindred" })).expect(201);
    const review = await request(base).post("/review").send(aReview({ bookId: created.body.id as number })).expect(201);
    const rows = await withClient(database.ownerUrl, async (client) => (await client.query("SELECT b.isbn, r.author_subject FROM book b JOIN review r ON r.book_id = b.id WHERE r.id = $1", [review.body.id])).rows);
    expect(rows).toEqual([{ isbn: null, author_subject: null }]);
  });
});
