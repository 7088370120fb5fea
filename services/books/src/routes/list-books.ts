import { jsonResponse, PAGE_LIMIT, readQuery, type ApiRequest } from "@bookstore/http-kit";
import { bookListCursor, readBookListCursor } from "../book-cursor";
import { listBooksQuery } from "../book-schemas";
import { bookStore } from "../book-store";

/** GET /book: keyset pagination on id, oldest first, with optional filters. */
export async function listBooks({ event }: ApiRequest) {
  const { limit = PAGE_LIMIT.default, cursor, ...filters } = readQuery(event, listBooksQuery);
  const afterId = cursor === undefined ? 0 : readBookListCursor(filters, cursor);
  // One book more than the page tells whether another page follows.
  const books = await bookStore.list(filters, afterId, limit + 1);
  const page = books.slice(0, limit);
  const last = page.at(-1);
  const nextCursor = books.length > limit && last ? bookListCursor(filters, last.id) : null;
  return jsonResponse(200, { books: page, nextCursor });
}
