import { aBook } from "@bookstore/test-harness";
import { randomUUID } from "node:crypto";
import { expectError } from "../support/expect-error";
import { testApi } from "../support/test-api";

interface Book {
  id: number;
  title: string;
  author: string;
  publisher: string;
  year: number;
}

async function seed(author: string, count: number, shape: (index: number) => Partial<Book> = () => ({})): Promise<Book[]> {
  const books: Book[] = [];
  for (let index = 0; index < count; index += 1) {
    const response = await testApi()
      .post("/book")
      .send(aBook({ title: `Book ${index}`, author, publisher: "Gollancz", year: 2000, ...shape(index) }))
      .expect(201);
    books.push(response.body as Book);
  }
  return books;
}

async function pageThrough(query: string, limit: number): Promise<{ ids: number[]; pages: number }> {
  const ids: number[] = [];
  let pages = 0;
  let cursor: string | null = null;
  do {
    const url: string = `/book?${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
    const response = await testApi().get(url).expect(200);
    pages += 1;
    expect(response.body.books.length).toBeLessThanOrEqual(limit);
    ids.push(...(response.body.books as Book[]).map((book) => book.id));
    cursor = response.body.nextCursor as string | null;
  } while (cursor);
  return { ids, pages };
}

describe("GET /book", () => {
  test("pages through a filtered list oldest first, with no duplicates or gaps", async () => {
    const author = `Author ${randomUUID()}`;
    const books = await seed(author, 8);
    const { ids, pages } = await pageThrough(`author=${encodeURIComponent(author)}`, 3);
    expect(pages).toBe(3);
    expect(ids).toEqual(books.map((book) => book.id));
  });

  test("the last page says nextCursor null, even when it is full", async () => {
    const author = `Author ${randomUUID()}`;
    await seed(author, 4);
    const page = await testApi().get(`/book?author=${encodeURIComponent(author)}&limit=4`).expect(200);
    expect(page.body.books).toHaveLength(4);
    expect(page.body.nextCursor).toBeNull();
  });

  test("unfiltered pages are in id order and hold every book created", async () => {
    const books = await seed(`Author ${randomUUID()}`, 5);
    const { ids } = await pageThrough("", 2);
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    for (const book of books) expect(ids).toContain(book.id);
  });

  test("filters by author, publisher and year, alone and together", async () => {
    const author = `Author ${randomUUID()}`;
    const books = await seed(author, 6, (index) => ({ publisher: index % 2 ? "Tor" : "Orbit", year: 1990 + (index % 3) }));
    const query = (filters: string) => testApi().get(`/book?author=${encodeURIComponent(author)}&${filters}&limit=100`).expect(200);
    const ids = (response: { body: { books: Book[] } }) => response.body.books.map((book) => book.id);

    expect(ids(await query("publisher=Tor"))).toEqual(books.filter((book) => book.publisher === "Tor").map((book) => book.id));
    expect(ids(await query("year=1991"))).toEqual(books.filter((book) => book.year === 1991).map((book) => book.id));
    expect(ids(await query("publisher=Orbit&year=1990"))).toEqual(
      books.filter((book) => book.publisher === "Orbit" && book.year === 1990).map((book) => book.id),
    );
  });

  test("limit defaults to 20 and is bounded to 1..100", async () => {
    const author = `Author ${randomUUID()}`;
    await seed(author, 21);
    const page = await testApi().get(`/book?author=${encodeURIComponent(author)}`).expect(200);
    expect(page.body.books).toHaveLength(20);
    expect(page.body.nextCursor).toEqual(expect.any(String));
    for (const limit of ["0", "101", "-1", "abc", "1.5", ""]) {
      expectError(await testApi().get(`/book?limit=${limit}`), 400, "VALIDATION_FAILED", ["limit"]);
    }
  });

  test("a tampered, garbage or foreign cursor is 400 naming cursor", async () => {
    const author = `Author ${randomUUID()}`;
    await seed(author, 3);
    const first = await testApi().get(`/book?author=${encodeURIComponent(author)}&limit=1`).expect(200);
    const cursor = first.body.nextCursor as string;
    const decoded = Buffer.from(cursor, "base64url").toString();
    const forged = Buffer.from(decoded.replace(/^\d+/, (id) => String(Number(id) + 1))).toString("base64url");
    const otherQuery = await testApi().get(`/book?author=${encodeURIComponent(author)}&year=2000&cursor=${cursor}`);
    for (const bad of [forged, "garbage", "AAAA", cursor.slice(0, -2), "%00"]) {
      expectError(await testApi().get(`/book?author=${encodeURIComponent(author)}&cursor=${bad}`), 400, "VALIDATION_FAILED", ["cursor"]);
    }
    expectError(otherQuery, 400, "VALIDATION_FAILED", ["cursor"]);
    expectError(await testApi().get(`/review?bookId=1&cursor=${cursor}`), 400, "VALIDATION_FAILED", ["cursor"]);
  });

  test("unknown or repeated query parameters are 400 naming them", async () => {
    expectError(await testApi().get("/book?auther=x"), 400, "VALIDATION_FAILED", ["auther"]);
    expectError(await testApi().get("/book?limit=1&limit=2"), 400, "VALIDATION_FAILED", ["limit"]);
    expectError(await testApi().get("/book?year=1200"), 400, "VALIDATION_FAILED", ["year"]);
  });
});
