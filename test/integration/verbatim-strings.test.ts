import { aBook, aReview } from "@bookstore/test-harness";
import { ownerQuery } from "../support/owner-database";
import { testApi } from "../support/test-api";

const STRINGS = [
  "Robert'); DROP TABLE book;--",
  "' OR '1'='1",
  "1; DELETE FROM review WHERE 1=1",
  "$1 :id ::int \\x00 %s %d ${title}",
  "\"quoted\" `back` \\ backslash",
  "Ελληνικά — 日本語 — العربية — עברית",
  "emoji 📚🧪👩‍👩‍👧‍👦 and combining é (e\u0301)",
  "  leading and trailing spaces  ",
  "tab\tnewline\nreturn\r",
  "\u200b zero width \ufeff bom",
];

describe("strings are stored and returned verbatim", () => {
  test.each(STRINGS)("%j", async (text) => {
    const book = await testApi().post("/book").send(aBook({ title: text, author: text.slice(0, 100), publisher: "P", year: 2001 })).expect(201);
    expect(book.body.title).toBe(text);
    const fetched = await testApi().get(`/book/${book.body.id}`).expect(200);
    expect(fetched.body.title).toBe(text);
    expect(fetched.body.author).toBe(text.slice(0, 100));

    const [stored] = await ownerQuery<{ title: string }>("SELECT title FROM book WHERE id = $1", [book.body.id]);
    expect(stored?.title).toBe(text);

    const listed = await testApi().get(`/book?author=${encodeURIComponent(text.slice(0, 100))}`).expect(200);
    expect(listed.body.books.map((item: { id: number }) => item.id)).toContain(book.body.id);

    const review = await testApi().post("/review").send(aReview({ bookId: book.body.id, reviewer: text.slice(0, 100), rate: 5, review: text })).expect(201);
    const fetchedReview = await testApi().get(`/review/${review.body.id}`).expect(200);
    expect(fetchedReview.body.review).toBe(text);

    // The tables are still there and whole.
    const [{ count }] = (await ownerQuery<{ count: number }>("SELECT count(*)::int AS count FROM book WHERE id = $1", [book.body.id])) as [
      { count: number },
    ];
    expect(count).toBe(1);
  });
});
