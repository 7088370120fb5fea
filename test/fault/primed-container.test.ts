import { withClient } from "@bookstore/local";
import { aBook, type ScratchDatabase } from "@bookstore/test-harness";
import { benchContext } from "../../bench/src/bench-context";
import { primeFunction, type Handler } from "../../bench/src/priming";
import { startContainer, type Container } from "../support/container";
import { openFileDatabase, type FileDatabase } from "../support/test-lane";

let fileDatabase: FileDatabase;
let database: ScratchDatabase;
let container: Container;

beforeAll(async () => {
  fileDatabase = await openFileDatabase();
  database = fileDatabase.database;
  container = startContainer({ DATABASE_URL: database.appUrl });
});
afterAll(async () => {
  await container.close();
  await fileDatabase.drop();
});

const booksInDatabase = () =>
  withClient(database.ownerUrl, async (client) => (await client.query<{ count: number }>("SELECT COUNT(*)::int AS count FROM book")).rows[0]?.count);

describe("a function primed against the stand-in before its first request (bench's SnapStart measure)", () => {
  test("answers its requests there, writes nothing to the database, and then serves the database", async () => {
    const created = await container.invoke("POST", "/book", aBook({ title: "Snow Crash", author: "Neal Stephenson" }));
    expect(created.statusCode).toBe(201);
    const { id } = created.body as { id: number };
    const before = await booksInDatabase();

    const { handlers, orm } = container.modules;
    const requests = [
      { method: "GET", url: `/book/${id}` },
      { method: "GET", url: "/book?limit=20" },
      { method: "POST", url: "/book", body: aBook({ title: "Primed" }) },
    ];
    const primed = await primeFunction(handlers.books as Handler, orm, requests, 3, benchContext);

    expect(primed.statuses).toEqual({ 200: 6, 201: 3 });
    expect(primed.statements).toBeGreaterThanOrEqual(9);
    expect(await booksInDatabase()).toBe(before);
    const read = await container.invoke("GET", `/book/${id}`);
    expect(read.statusCode).toBe(200);
    expect(read.body).toMatchObject({ id, title: "Snow Crash", author: "Neal Stephenson" });
  });
});
